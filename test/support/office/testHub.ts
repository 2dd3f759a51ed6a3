import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import {
  JOURNAL_ENTRY_MAX_BYTES,
  JOURNAL_MAX_LIMIT,
  JOURNAL_PAGE_MAX_BYTES,
  JournalError,
  JournalPage,
  JournalPush,
  JournalPushResult,
  OfficeDesks,
  OfficeJoinCheckRequest,
  OfficeJoinCheckResult,
  OfficeJoinRequest,
  OfficeJoinResult,
  OfficeKeys,
  OfficeKeysResult,
} from '../../../shared/relay/journalWire';
import type { JournalEntryOut } from '../../../shared/relay/journalWire';

/**
 * A small office hub in memory that speaks `shared/relay/journalWire.ts` on 127.0.0.1, for the
 * desk's transport tests until the real relay routes land. It parses every request body with
 * the wire schemas and checks every answer against them before sending, so it stays honest.
 * Faults: drop the next requests without an answer, or commit a push and then drop its answer;
 * prune the journal (410 cursor_gone); revoke a desk.
 */
export type TestHub = {
  url: string;
  officeId: string;
  /** A fresh one-time join code. */
  code(): string;
  entries(): readonly JournalEntryOut[];
  /** The next `n` requests (of `path`, if given) get their connection closed with no answer. */
  dropNext(n: number, path?: string): void;
  /** The next `n` pushes are committed, then their connection is closed before the answer. */
  dropAfterCommit(n: number): void;
  revoke(desk: string): void;
  /** Forgets entries through `cursor`: a desk asking from before it gets 410 cursor_gone. */
  pruneThrough(cursor: number): void;
  /** Replaces an entry's ct, as a hostile or broken hub could. */
  tamper(cursor: number, ct: string): void;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
};

type Desk = { desk: string; name: string; token: string; created_at: number; revoked_at: number | null; last_seen_at: number | null; acked_cursor: number; pushed_seq: number; pending: number };

class Refuse extends Error {
  constructor(
    readonly status: number,
    readonly error: z.infer<typeof JournalError>['error'],
    message: string,
  ) {
    super(message);
  }
}

export async function startTestHub(options: { officeName?: string; pageMaxBytes?: number } = {}): Promise<TestHub> {
  const officeId = `off_${randomBytes(6).toString('hex')}`;
  const codes = new Set<string>();
  const desks = new Map<string, Desk>();
  const entries: JournalEntryOut[] = [];
  const byId = new Map<string, JournalEntryOut>();
  let keys: z.infer<typeof OfficeKeys> | null = null;
  let keysSetBy: string | null = null;
  let prunedThrough = 0;
  const drops: { path: string | undefined }[] = [];
  let dropAfterCommit = 0;
  const waiters = new Set<() => void>();
  const requests: TestHub['requests'] = [];
  const pageMaxBytes = options.pageMaxBytes ?? JOURNAL_PAGE_MAX_BYTES;

  const send = <T>(res: ServerResponse, status: number, schema: z.ZodType<T>, body: T) => {
    const checked = schema.parse(body);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(checked));
  };

  function auth(req: IncomingMessage): Desk {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const desk = [...desks.values()].find((d) => d.token === token);
    if (!desk) throw new Refuse(401, 'unauthorized', 'This desk token is not known to the office hub');
    if (desk.revoked_at !== null) throw new Refuse(403, 'revoked', 'This desk was revoked by the office admin');
    return desk;
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    try {
      return JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      throw new Refuse(400, 'bad_request', 'The body is not JSON');
    }
  }

  function parse<T>(schema: z.ZodType<T>, body: unknown): T {
    const r = schema.safeParse(body);
    if (!r.success) throw new Refuse(400, 'bad_request', `The body does not match the wire format: ${r.error.message.slice(0, 300)}`);
    return r.data;
  }

  function page(after: number, limit: number): z.infer<typeof JournalPage> {
    const out: JournalEntryOut[] = [];
    let bytes = 0;
    for (let i = after; i < entries.length && out.length < limit; i++) {
      const e = entries[i] as JournalEntryOut;
      if (out.length > 0 && bytes + e.ct.length > pageMaxBytes) break;
      out.push(e);
      bytes += e.ct.length;
    }
    const next = out.length > 0 ? (out.at(-1) as JournalEntryOut).cursor : after;
    return { entries: out, next_cursor: next, has_more: next < entries.length };
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/v1/office/join/check') {
      const body = parse(OfficeJoinCheckRequest, await readJson(req));
      if (!codes.has(body.code)) throw new Refuse(403, 'code_invalid', 'This join code is not valid or was used already');
      return send(res, 200, OfficeJoinCheckResult, { office: officeId, office_name: options.officeName ?? 'Test Office', keys });
    }
    if (req.method === 'POST' && path === '/v1/office/join') {
      const body = parse(OfficeJoinRequest, await readJson(req));
      if (!codes.delete(body.code)) throw new Refuse(403, 'code_invalid', 'This join code is not valid or was used already');
      const desk: Desk = { desk: `desk_${randomBytes(6).toString('hex')}`, name: body.desk_name, token: `dtok_${randomBytes(24).toString('base64url')}`, created_at: Date.now(), revoked_at: null, last_seen_at: null, acked_cursor: 0, pushed_seq: 0, pending: 0 };
      desks.set(desk.desk, desk);
      return send(res, 200, OfficeJoinResult, { office: officeId, office_name: options.officeName ?? 'Test Office', desk: desk.desk, token: desk.token, keys });
    }
    const desk = auth(req);
    desk.last_seen_at = Date.now();
    if (path === '/v1/office/keys' && req.method === 'GET') {
      if (!keys) throw new Refuse(404, 'not_found', 'The office key is not set yet');
      return send(res, 200, OfficeKeysResult, { keys, set_by_you: keysSetBy === desk.desk });
    }
    if (path === '/v1/office/keys' && req.method === 'PUT') {
      const body = parse(OfficeKeys, await readJson(req));
      if (keys && JSON.stringify(keys) !== JSON.stringify(body)) throw new Refuse(409, 'keys_already_set', 'The office key was set already by another desk');
      keys ??= body;
      keysSetBy ??= desk.desk;
      return send(res, 200, OfficeKeysResult, { keys, set_by_you: keysSetBy === desk.desk });
    }
    if (path === '/v1/office/desks' && req.method === 'GET') {
      return send(res, 200, OfficeDesks, { head_cursor: entries.length, desks: [...desks.values()].map(({ token: _token, ...d }) => d) });
    }
    if (path === '/v1/journal' && req.method === 'POST') {
      const body = parse(JournalPush, await readJson(req));
      for (const e of body.entries) {
        if (e.desk !== desk.desk) throw new Refuse(403, 'wrong_desk', `A desk may push only its own entries (entry ${e.id} names desk ${e.desk})`);
        if (e.ct.length > JOURNAL_ENTRY_MAX_BYTES) throw new Refuse(413, 'too_large', `Entry ${e.id} is too large`);
        const held = byId.get(e.id);
        if (held && (held.ct !== e.ct || held.desk !== e.desk || held.desk_seq !== e.desk_seq)) throw new Refuse(409, 'entry_conflict', `Entry ${e.id} is held with other bytes`);
      }
      const accepted = body.entries.map((e) => {
        const held = byId.get(e.id);
        if (held) return { id: e.id, cursor: held.cursor, duplicate: true };
        const out: JournalEntryOut = { ...e, cursor: entries.length + 1, received_at: Date.now() };
        entries.push(out);
        byId.set(e.id, out);
        desk.pushed_seq = Math.max(desk.pushed_seq, e.desk_seq);
        return { id: e.id, cursor: out.cursor, duplicate: false };
      });
      for (const wake of [...waiters]) wake();
      if (dropAfterCommit > 0) {
        dropAfterCommit--;
        req.socket.destroy();
        return;
      }
      return send(res, 200, JournalPushResult, { accepted });
    }
    if (path === '/v1/journal' && req.method === 'GET') {
      const int = (name: string, min: number, max: number, fallback?: number): number => {
        const raw = url.searchParams.get(name);
        const n = raw === null ? fallback : Number(raw);
        if (n === undefined || !Number.isInteger(n) || n < min || n > max) throw new Refuse(400, 'bad_request', `${name} must be a whole number from ${min} to ${max}`);
        return n;
      };
      const after = int('after', 0, Number.MAX_SAFE_INTEGER);
      const limit = int('limit', 1, JOURNAL_MAX_LIMIT, 100);
      const wait = int('wait', 0, 30, 0);
      desk.pending = int('pending', 0, Number.MAX_SAFE_INTEGER, desk.pending);
      if (after < prunedThrough) throw new Refuse(410, 'cursor_gone', 'The journal was pruned past this desk’s position; restore from a snapshot');
      desk.acked_cursor = Math.max(desk.acked_cursor, after);
      if (after >= entries.length && wait > 0) {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(t);
            waiters.delete(done);
            resolve();
          };
          const t = setTimeout(done, wait * 1000);
          waiters.add(done);
          req.once('close', done);
        });
      }
      if (res.destroyed) return;
      return send(res, 200, JournalPage, page(after, limit));
    }
    throw new Refuse(404, 'not_found', `No route ${req.method} ${path}`);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? '', path: url.pathname });
    const drop = drops.findIndex((d) => d.path === undefined || d.path === url.pathname);
    if (drop >= 0) {
      drops.splice(drop, 1);
      req.socket.destroy();
      return;
    }
    route(req, res, url).catch((e: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (e instanceof Refuse) send(res, e.status, JournalError, { error: e.error, message: e.message });
      else send(res, 500, JournalError, { error: 'bad_request', message: (e as Error).message });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    officeId,
    code() {
      const c = `join-${randomBytes(8).toString('hex')}`;
      codes.add(c);
      return c;
    },
    entries: () => entries,
    dropNext(n, path) {
      for (let i = 0; i < n; i++) drops.push({ path });
    },
    dropAfterCommit(n) {
      dropAfterCommit += n;
    },
    revoke(id) {
      const d = desks.get(id);
      if (d) d.revoked_at = Date.now();
    },
    pruneThrough(cursor) {
      prunedThrough = cursor;
    },
    tamper(cursor, ct) {
      const e = entries[cursor - 1];
      if (e) entries[cursor - 1] = { ...e, ct };
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const wake of [...waiters]) wake();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
