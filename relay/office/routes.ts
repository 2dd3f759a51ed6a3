import { Readable } from 'node:stream';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  JOURNAL_ENTRY_MAX_BYTES,
  JOURNAL_MAX_LIMIT,
  JOURNAL_PAGE_MAX_BYTES,
  JOURNAL_PUSH_MAX_BYTES,
  JournalPush,
  OfficeJoinCheckRequest,
  OfficeJoinRequest,
  OfficeKeys,
  SNAPSHOT_CHUNK_MAX_BYTES,
  SnapshotStart,
} from '../../shared/relay/journalWire';
import type { JournalError, JournalPushResult, OfficeDesks, OfficeJoinCheckResult, OfficeJoinResult, OfficeKeysConflict, OfficeKeysResult, SnapshotInfo, SnapshotLatestMissing, SnapshotStatus } from '../../shared/relay/journalWire';
import { RELAY_MAX_WAIT_SECONDS } from '../../shared/relay/wire';
import { createFailureLimiter } from '../authLimiter';
import { createBearerGuard } from '../bearerAuth';
import type { DeskAuth, JournalEntryRow, SnapshotRow } from '../storage/journalTypes';
import type { RelayStore } from '../storage/types';
import { bearerToken, hashToken, newToken } from '../tokens';
import { createWaiters } from '../waiters';
import { hashJoinCode, newId } from './joinCodes';

export type OfficeRoutesOptions = {
  store: RelayStore;
  log: FastifyBaseLogger;
  now: () => number;
  /** Failed authentications (tokens, join codes) allowed per client address or token prefix in a window. */
  authFailures: { maxFailures: number; windowMs: number };
  /** Held polls re-read the journal this often even without a wake-up. */
  recheckMs: number;
  /** How often journal pruning runs; 0 turns it off. */
  pruneIntervalMs: number;
};

type ErrorCode = z.infer<typeof JournalError>['error'];
type Desk = { tokenId: string; orgId: string; deskId: string };

const Digits = z.string().regex(/^\d{1,15}$/, 'must be a non-negative integer');
const JournalQuery = z.strictObject({ after: Digits.optional(), limit: Digits.optional(), wait: Digits.optional(), pending: Digits.optional() });
const SnapshotParams = z.strictObject({ snapshot: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const ChunkParams = SnapshotParams.extend({ index: Digits });
const CHUNK_TEXT = /^[A-Za-z0-9_-]+$/;
/** Unfinished snapshot uploads older than this are dropped by pruning. */
const STALE_UPLOAD_MS = 86_400_000;

const fail = (reply: FastifyReply, status: number, error: ErrorCode, message: string): FastifyReply => reply.code(status).send({ error, message } satisfies z.infer<typeof JournalError>);
const issues = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

const toWire = (e: JournalEntryRow) => ({ cursor: e.cursor, id: e.id, desk: e.desk, desk_seq: e.deskSeq, ct: e.ct, received_at: e.receivedAt });
const snapshotInfo = (s: SnapshotRow): SnapshotInfo => ({ snapshot: s.id, desk: s.desk, through_cursor: s.throughCursor, chunks: s.chunks, bytes: s.bytes, created_at: s.createdAt });

/**
 * The office hub's routes (relay/README.md, "Office journal"; wire format in
 * shared/relay/journalWire.ts). Registered by createRelayServer with one call, in a scope of
 * their own: their error bodies use the journal's codes (`too_large`, `bad_request`).
 */
export async function registerOfficeRoutes(app: FastifyInstance, options: OfficeRoutesOptions): Promise<void> {
  const { store, now, log } = options;
  // Join codes are guessed like tokens: failures per client address, in a limiter of their own.
  const limiter = createFailureLimiter(options.authFailures);
  const journal = store.journal;
  const waiters = createWaiters();
  const unsubscribe = journal.onCommitted((orgId) => waiters.wake(orgId));
  let closing = false;

  let pruneTimer: NodeJS.Timeout | undefined;
  if (options.pruneIntervalMs > 0) {
    pruneTimer = setInterval(() => {
      journal.prune(now() - STALE_UPLOAD_MS).then(
        (r) => {
          if (r.entries > 0 || r.snapshots > 0) log.info(r, 'pruned the office journal');
        },
        (err: unknown) => log.error({ err }, 'journal pruning failed'),
      );
    }, options.pruneIntervalMs);
    pruneTimer.unref();
  }
  app.addHook('preClose', async () => {
    closing = true;
    clearInterval(pruneTimer);
    // Held polls answer at once instead of holding the shutdown for up to 30 s.
    waiters.wakeAll();
    unsubscribe();
  });

  /** Token → desk; answers 429/401/403 itself and resolves null when the request must stop. */
  const deskGuard = createBearerGuard<DeskAuth>({
    lookup: (raw) => journal.authenticate(hashToken(raw)),
    maxFailures: options.authFailures.maxFailures,
    windowMs: options.authFailures.windowMs,
    now,
    what: 'desk',
  });
  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<Desk | null> => {
    const auth = await deskGuard.authenticate(request, reply);
    return auth ? answerAuth(auth.principal, request, reply) : null;
  };
  const answerAuth = async (auth: DeskAuth | null, request: FastifyRequest, reply: FastifyReply): Promise<Desk | null> => {
    if (!auth) {
      // Only a held poll's re-check lands here: its token was valid when the poll began.
      request.log.warn({ ip: request.ip }, 'desk token no longer valid');
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'a valid desk token is required' });
      return null;
    }
    if (auth.revoked) {
      await fail(reply, 403, 'revoked', 'this desk was removed from the office; join again with a new code');
      return null;
    }
    if (!auth.deskId) {
      await fail(reply, 403, 'unauthorized', 'this token belongs to no desk of an office; join the office with a join code');
      return null;
    }
    return { tokenId: auth.tokenId, orgId: auth.orgId, deskId: auth.deskId };
  };

  await app.register(async (scope) => {
    scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) {
        request.log.error({ err: error, url: request.url }, 'request failed');
        return reply.code(status).send({ error: 'internal', message: 'the relay could not handle this request; retry later' });
      }
      if (status === 413) return fail(reply, 413, 'too_large', 'the request is larger than the relay accepts');
      return fail(reply, 400, 'bad_request', error.message);
    });
    // Snapshot chunks are base64url text: kept as a string, never parsed.
    scope.removeContentTypeParser('text/plain');
    scope.addContentTypeParser('text/plain', { parseAs: 'string', bodyLimit: SNAPSHOT_CHUNK_MAX_BYTES }, (_req, body, done) => done(null, body));

    // What a code leads to, without spending it: the desk checks its passphrase first.
    scope.post('/v1/office/join/check', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const ip = request.ip;
      const retryAfter = limiter.retryAfter(`ip:${ip}`, now());
      if (retryAfter > 0) return reply.code(429).header('retry-after', String(retryAfter)).send({ error: 'too_many_failures', message: 'too many failed attempts; retry later' });
      const parsed = OfficeJoinCheckRequest.safeParse(request.body);
      if (!parsed.success) return fail(reply, 400, 'bad_request', issues(parsed.error));
      const office = await journal.peekJoinCode(hashJoinCode(parsed.data.code), now());
      if (!office) {
        limiter.fail(`ip:${ip}`, now());
        return fail(reply, 403, 'code_invalid', 'this join code is unknown, expired or already used; ask for a new one');
      }
      const body: OfficeJoinCheckResult = { office: office.orgId, office_name: office.name, keys: office.keys };
      return reply.code(200).send(body);
    });

    scope.post('/v1/office/join', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const ip = request.ip;
      const retryAfter = limiter.retryAfter(`ip:${ip}`, now());
      if (retryAfter > 0) return reply.code(429).header('retry-after', String(retryAfter)).send({ error: 'too_many_failures', message: 'too many failed attempts; retry later' });
      const parsed = OfficeJoinRequest.safeParse(request.body);
      if (!parsed.success) return fail(reply, 400, 'bad_request', issues(parsed.error));
      const token = newToken();
      const joined = await journal.join({
        codeHash: hashJoinCode(parsed.data.code),
        at: now(),
        desk: { id: newId('desk'), name: parsed.data.desk_name },
        token: { id: token.id, hash: token.hash },
      });
      if (!joined) {
        // A wrong code counts as a failed authentication: guessing is limited like tokens.
        limiter.fail(`ip:${ip}`, now());
        return fail(reply, 403, 'code_invalid', 'this join code is unknown, expired or already used; ask for a new one');
      }
      request.log.info({ org: joined.office.orgId, desk: joined.desk.id }, 'desk joined the office');
      const body: OfficeJoinResult = { office: joined.office.orgId, office_name: joined.office.name, desk: joined.desk.id, token: token.token, keys: joined.office.keys };
      return reply.code(200).send(body);
    });

    scope.get('/v1/office/keys', async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const office = await journal.getOffice(desk.orgId);
      if (!office?.keys) return fail(reply, 404, 'not_found', 'the office key has not been set yet; the first desk sets it');
      return reply.send({ keys: office.keys, set_by_you: office.keysSetBy === desk.deskId } satisfies z.infer<typeof OfficeKeysResult>);
    });

    scope.put('/v1/office/keys', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const parsed = OfficeKeys.safeParse(request.body);
      if (!parsed.success) return fail(reply, 400, 'bad_request', issues(parsed.error));
      const outcome = await journal.setKeys(desk.orgId, desk.deskId, parsed.data);
      if (!outcome.ok) {
        const body: z.infer<typeof OfficeKeysConflict> = { error: 'keys_already_set', message: 'another desk set the office key first; use the keys in force', keys: outcome.keys };
        return reply.code(409).send(body);
      }
      return reply.send({ keys: outcome.keys, set_by_you: outcome.setByYou } satisfies z.infer<typeof OfficeKeysResult>);
    });

    scope.get('/v1/office/desks', async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const [office, desks] = await Promise.all([journal.getOffice(desk.orgId), journal.listDesks(desk.orgId)]);
      const body: OfficeDesks = {
        head_cursor: office?.headCursor ?? 0,
        desks: desks.map((d) => ({
          desk: d.id,
          name: d.name,
          created_at: d.createdAt,
          revoked_at: d.revokedAt,
          last_seen_at: d.lastSeenAt,
          acked_cursor: d.ackedCursor,
          pushed_seq: d.pushedSeq,
          pending: d.pending,
        })),
      };
      return reply.send(body);
    });

    scope.post('/v1/journal', { bodyLimit: JOURNAL_PUSH_MAX_BYTES }, async (request, reply) => {
      const receivedAt = now();
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const parsed = JournalPush.safeParse(request.body);
      if (!parsed.success) return fail(reply, 400, 'bad_request', issues(parsed.error));
      const entries = parsed.data.entries;
      if (entries.length > JOURNAL_MAX_LIMIT) return fail(reply, 413, 'too_large', `a push holds at most ${JOURNAL_MAX_LIMIT} entries; send the rest in another push`);
      const big = entries.find((e) => e.ct.length > JOURNAL_ENTRY_MAX_BYTES);
      if (big) return fail(reply, 413, 'too_large', `entry ${big.id} is larger than the ${JOURNAL_ENTRY_MAX_BYTES} bytes one entry may have; nothing from this push was stored`);
      const foreign = entries.find((e) => e.desk !== desk.deskId);
      if (foreign) {
        request.log.warn({ org: desk.orgId, desk: desk.deskId, claimed: foreign.desk }, 'journal push under another desk refused');
        return fail(reply, 403, 'wrong_desk', `entry ${foreign.id} names another desk; a desk may send only its own entries, and nothing from this push was stored`);
      }
      const outcome = await journal.push({
        orgId: desk.orgId,
        deskId: desk.deskId,
        tokenId: desk.tokenId,
        entries: entries.map((e) => ({ id: e.id, deskSeq: e.desk_seq, ct: e.ct })),
        receivedAt,
      });
      // Only now, with the entries committed, does the desk get its answer.
      if (!outcome.ok) {
        const status = outcome.error === 'revoked' ? 403 : outcome.error === 'entry_conflict' ? 409 : 400;
        request.log.warn({ org: desk.orgId, desk: desk.deskId, error: outcome.error }, 'journal push refused');
        return fail(reply, status, outcome.error, outcome.message);
      }
      return reply.send({ accepted: outcome.accepted } satisfies JournalPushResult);
    });

    scope.get('/v1/journal', async (request, reply) => {
      let desk = await authenticate(request, reply);
      if (!desk) return reply;
      const parsed = JournalQuery.safeParse(request.query);
      if (!parsed.success) return fail(reply, 400, 'bad_request', issues(parsed.error));
      const after = Number(parsed.data.after ?? '0');
      const limit = Math.min(Number(parsed.data.limit ?? '200'), JOURNAL_MAX_LIMIT);
      const waitSeconds = Math.min(Number(parsed.data.wait ?? '0'), RELAY_MAX_WAIT_SECONDS);
      const pending = parsed.data.pending === undefined ? null : Number(parsed.data.pending);
      if (limit < 1) return fail(reply, 400, 'bad_request', 'limit: must be at least 1');

      const office = await journal.getOffice(desk.orgId);
      if (!office) return fail(reply, 404, 'not_found', 'this org is not an office');
      if (after < office.prunedThrough) return fail(reply, 410, 'cursor_gone', 'entries after this cursor were pruned; start from the newest snapshot');
      if (after > office.headCursor) return fail(reply, 410, 'cursor_gone', 'this cursor is ahead of what the relay holds; start from the newest snapshot');
      await journal.recordPull(desk.orgId, desk.deskId, after, pending, now());

      // Enough rows to see past `limit` (has_more), read a few at a time so one page never holds
      // more than a batch of large entries in memory at once.
      const batch = Math.min(limit + 1, 64);
      let disconnected = false;
      const onClose = (): void => {
        disconnected = true;
        waiters.wake(desk?.orgId ?? '');
      };
      reply.raw.once('close', onClose);
      let first: JournalEntryRow[];
      try {
        const deadline = now() + waitSeconds * 1000;
        let waited = false;
        for (;;) {
          const wake = waiters.arm(desk.orgId);
          first = await journal.readEntries(desk.orgId, after, batch);
          const remaining = deadline - now();
          if (first.length > 0 || remaining <= 0 || closing || disconnected) {
            wake.cancel();
            break;
          }
          waited = true;
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([wake.woken, new Promise<void>((r) => (timer = setTimeout(r, Math.min(remaining, options.recheckMs))))]);
          clearTimeout(timer);
          wake.cancel();
        }
        // A desk revoked while its poll was held gets no more of the office's entries.
        if (waited) {
          const raw = bearerToken(request.headers.authorization);
          desk = await answerAuth(raw ? await deskGuard.recheck(raw) : null, request, reply);
          if (!desk) return reply;
        }
      } finally {
        reply.raw.off('close', onClose);
      }
      // Cursors have no gaps, so a first entry past after+1 means pruning ran since the check.
      if (first.length > 0 && first[0]?.cursor !== after + 1) return fail(reply, 410, 'cursor_gone', 'entries after this cursor were pruned; start from the newest snapshot');
      const orgId = desk.orgId;
      return reply.type('application/json; charset=utf-8').send(Readable.from(pageChunks(first, { after, limit, batch, read: (from) => journal.readEntries(orgId, from, batch) })));
    });

    scope.post('/v1/snapshots', { bodyLimit: 16 * 1024 }, async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const parsed = SnapshotStart.safeParse(request.body);
      if (!parsed.success) return fail(reply, 400, 'bad_request', issues(parsed.error));
      const office = await journal.getOffice(desk.orgId);
      if (!office) return fail(reply, 404, 'not_found', 'this org is not an office');
      if (parsed.data.through_cursor > office.headCursor) return fail(reply, 400, 'bad_request', 'through_cursor: the snapshot claims entries the relay does not hold yet');
      const id = newId('snap');
      await journal.startSnapshot({ orgId: desk.orgId, id, deskId: desk.deskId, throughCursor: parsed.data.through_cursor, chunks: parsed.data.chunks, bytes: parsed.data.bytes, createdAt: now() });
      return reply.code(200).send({ snapshot: id });
    });

    scope.get('/v1/snapshots/latest', async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const latest = await journal.latestSnapshot(desk.orgId);
      if (latest) return reply.send(snapshotInfo(latest));
      // The first desk's books still on their way up: a joining desk must wait for them.
      const seedPending = await journal.seedUploading(desk.orgId);
      const body: SnapshotLatestMissing = {
        error: 'not_found',
        message: seedPending ? "the office's first desk is still uploading its books (the office's first snapshot); wait for it to finish" : 'the office has no complete snapshot yet',
        seed_pending: seedPending,
      };
      return reply.code(404).send(body);
    });

    scope.get('/v1/snapshots/:snapshot', async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const params = SnapshotParams.safeParse(request.params);
      if (!params.success) return fail(reply, 404, 'not_found', 'no such snapshot');
      const snap = await journal.getSnapshot(desk.orgId, params.data.snapshot);
      if (!snap) return fail(reply, 404, 'not_found', 'no such snapshot');
      const body: SnapshotStatus = { ...snapshotInfo(snap), complete: snap.completedAt !== null, stored_chunks: await journal.storedChunks(desk.orgId, snap.id) };
      return reply.send(body);
    });

    scope.put('/v1/snapshots/:snapshot/chunks/:index', { bodyLimit: SNAPSHOT_CHUNK_MAX_BYTES }, async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const params = ChunkParams.safeParse(request.params);
      if (!params.success) return fail(reply, 404, 'not_found', 'no such snapshot chunk');
      const body = request.body;
      if (typeof body !== 'string' || !CHUNK_TEXT.test(body)) return fail(reply, 400, 'bad_request', 'a chunk is the base64url text of its ciphertext, sent as text/plain');
      const snap = await journal.getSnapshot(desk.orgId, params.data.snapshot);
      const index = Number(params.data.index);
      if (!snap || snap.desk !== desk.deskId) return fail(reply, 404, 'not_found', 'no such snapshot upload from this desk');
      if (index >= snap.chunks) return fail(reply, 400, 'bad_request', `index: this snapshot has chunks 0 to ${snap.chunks - 1}`);
      if (!(await journal.putChunk(desk.orgId, snap.id, index, body))) return fail(reply, 409, 'bad_request', 'this snapshot is already complete; its chunks cannot change');
      // 200 with a body, like every other success of the office routes.
      return reply.code(200).send({ snapshot: snap.id, index });
    });

    scope.post('/v1/snapshots/:snapshot/complete', async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const params = SnapshotParams.safeParse(request.params);
      if (!params.success) return fail(reply, 404, 'not_found', 'no such snapshot');
      const snap = await journal.getSnapshot(desk.orgId, params.data.snapshot);
      if (!snap || snap.desk !== desk.deskId) return fail(reply, 404, 'not_found', 'no such snapshot upload from this desk');
      const stored = new Set(await journal.storedChunks(desk.orgId, snap.id));
      const missing = Array.from({ length: snap.chunks }, (_, i) => i).filter((i) => !stored.has(i));
      if (missing.length > 0) return fail(reply, 409, 'bad_request', `chunks still missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? '…' : ''}`);
      await journal.completeSnapshot(desk.orgId, snap.id, now());
      return reply.send(snapshotInfo(snap));
    });

    scope.get('/v1/snapshots/:snapshot/chunks/:index', async (request, reply) => {
      const desk = await authenticate(request, reply);
      if (!desk) return reply;
      const params = ChunkParams.safeParse(request.params);
      if (!params.success) return fail(reply, 404, 'not_found', 'no such snapshot chunk');
      const ct = await journal.getChunk(desk.orgId, params.data.snapshot, Number(params.data.index));
      if (ct === null) return fail(reply, 404, 'not_found', 'no such chunk of a complete snapshot (a newer snapshot may have replaced it)');
      return reply.type('text/plain; charset=utf-8').send(ct);
    });
  });
}

/**
 * One journal page as JSON text, a piece at a time: entries until `limit` or until the next one
 * would take the page's `ct` past JOURNAL_PAGE_MAX_BYTES (the first entry always goes, so one
 * large entry never stalls a desk), then `next_cursor` and `has_more`.
 */
export async function* pageChunks(
  first: JournalEntryRow[],
  page: { after: number; limit: number; batch: number; read(after: number): Promise<JournalEntryRow[]> },
): AsyncGenerator<string> {
  let rows = first;
  let emitted = 0;
  let bytes = 0;
  let last = page.after;
  let hasMore = false;
  yield '{"entries":[';
  for (;;) {
    let stopped = false;
    for (const row of rows) {
      if (emitted >= page.limit || (emitted > 0 && bytes + row.ct.length > JOURNAL_PAGE_MAX_BYTES)) {
        hasMore = true;
        stopped = true;
        break;
      }
      yield (emitted > 0 ? ',' : '') + JSON.stringify(toWire(row));
      emitted++;
      bytes += row.ct.length;
      last = row.cursor;
    }
    if (stopped || rows.length < page.batch) break;
    rows = await page.read(last);
    if (rows.length === 0) break;
    // Pruned under this page (a revoked desk's cursor, say): end here; the next pull says why.
    if (rows[0]?.cursor !== last + 1) {
      hasMore = true;
      break;
    }
  }
  yield `],"next_cursor":${last},"has_more":${hasMore}}`;
}
