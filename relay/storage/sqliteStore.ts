import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createSqliteJournal } from './sqliteJournal';
import { pageCut } from '../pageStream';
import { configureConnection } from './sqliteWriter.mjs';
import { sqlitePortalStore } from './portalSqlite';
import { sqliteSchema } from './sqliteSchema';
import type { WriterRequest, WriterResponse } from './sqliteWriterProtocol';
import { changedSecrets } from './types';
import type { InsertResult, NewEvent, Org, OrgStats, RelayStore, StoredEvent, Token } from './types';

type TokenRow = {
  id: string;
  org_id: string;
  device: string;
  created_at: number;
  revoked_at: number | null;
  last_cursor: number | null;
  last_seen_at: number | null;
};
type EventRow = { seq: number; event_id: string; type: string; created: number; payload: string; received_at: number };

const toToken = (r: TokenRow): Token => ({
  id: r.id,
  orgId: r.org_id,
  device: r.device,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  lastCursor: r.last_cursor,
  lastSeenAt: r.last_seen_at,
});
const toEvent = (r: EventRow): StoredEvent => ({
  seq: r.seq,
  eventId: r.event_id,
  type: r.type,
  created: r.created,
  payload: r.payload,
  receivedAt: r.received_at,
});

function migrate(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > sqliteSchema.length) {
    throw new Error(`relay database schema version ${current} is newer than this relay (${sqliteSchema.length})`);
  }
  for (let v = current; v < sqliteSchema.length; v++) {
    db.transaction(() => {
      db.exec(sqliteSchema[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}

type Pending = { event: NewEvent; resolve: (r: InsertResult) => void; reject: (e: unknown) => void };

/** Starts the writer thread and waits until its connection is open. */
async function startWriter(file: string): Promise<Worker> {
  const worker = new Worker(new URL('./sqliteWriterThread.mjs', import.meta.url), { workerData: { file } });
  await new Promise<void>((resolve, reject) => {
    const onMessage = (msg: WriterResponse): void => {
      if (msg.kind !== 'ready') return;
      cleanup();
      resolve();
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`the SQLite writer thread exited (${code}) before it was ready`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
  });
  return worker;
}

/**
 * The embedded adapter. WAL with synchronous=FULL: every commit is fsynced before its webhooks
 * are answered. Events are written by a dedicated thread, one batch at a time: deliveries that
 * arrive while a batch commits form the next one (group commit), each caller resolving only after
 * the commit that holds its event. Reads and the rare other writes (orgs, tokens, cursors,
 * pruning) use this thread's own connection.
 */
export async function openSqliteStore(file: string, options: { ingest?: boolean } = {}): Promise<RelayStore> {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  let writer: Worker | null = null;
  try {
    configureConnection(db);
    migrate(db);
    // Administration (the CLI) never stores events and need not start a thread.
    if (options.ingest !== false) writer = await startWriter(file);
  } catch (error) {
    db.close();
    throw error;
  }

  const st = {
    // Sizes first (octet_length reads the record header, not the payload), then only the page's rows.
    eventSizes: db.prepare<[string, number, number], { seq: number; bytes: number }>(
      'SELECT seq, octet_length(payload) AS bytes FROM relay_events WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    readEvents: db.prepare<[string, number, number], EventRow>(
      'SELECT seq, event_id, type, created, payload, received_at FROM relay_events WHERE org_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
    ),
    firstOrgs: db.prepare<[], { id: string }>('SELECT id FROM relay_orgs ORDER BY id LIMIT 2'),
    cursorState: db.prepare<[string], { last_seq: number; pruned_through: number }>('SELECT last_seq, pruned_through FROM relay_orgs WHERE id = ?'),
    // An org with its secrets in one statement: it runs for every delivery.
    orgWithSecrets: db.prepare<[string], { id: string; name: string; created_at: number; secret: string | null }>(
      'SELECT o.id, o.name, o.created_at, s.secret FROM relay_orgs o LEFT JOIN relay_org_secrets s ON s.org_id = o.id WHERE o.id = ? ORDER BY s.position',
    ),
    orgs: db.prepare<[], { id: string; name: string; created_at: number }>('SELECT id, name, created_at FROM relay_orgs ORDER BY id'),
    secrets: db.prepare<[string], { secret: string }>('SELECT secret FROM relay_org_secrets WHERE org_id = ? ORDER BY position'),
    activeToken: db.prepare<[string], TokenRow>('SELECT * FROM relay_tokens WHERE token_hash = ? AND revoked_at IS NULL'),
    recordCursor: db.prepare('UPDATE relay_tokens SET last_cursor = ?, last_seen_at = ? WHERE id = ?'),
  };

  const listeners = new Set<(orgId: string) => void>();
  const notify = (orgIds: Iterable<string>): void => {
    for (const orgId of orgIds) for (const l of listeners) l(orgId);
  };

  let closed = false;
  let queue: Pending[] = [];
  let inFlight: Pending[] | null = null;
  let writerError: Error | null = null;
  let drained: (() => void) | null = null;
  let sendScheduled = false;

  const send = (): void => {
    if (inFlight || queue.length === 0) {
      if (!inFlight && queue.length === 0) drained?.();
      return;
    }
    inFlight = queue.slice(0, 1000);
    queue = queue.slice(inFlight.length);
    writer?.postMessage({ kind: 'write', events: inFlight.map((p) => p.event) } satisfies WriterRequest);
  };
  const failAll = (error: Error): void => {
    writerError = error;
    for (const p of [...(inFlight ?? []), ...queue]) p.reject(error);
    inFlight = null;
    queue = [];
    drained?.();
  };
  writer?.on('message', (msg: WriterResponse) => {
    const batch = inFlight ?? [];
    inFlight = null;
    if (msg.kind === 'written') {
      const touched = new Set<string>();
      batch.forEach((p, i) => {
        const r = msg.results[i] as InsertResult;
        if (r.status === 'stored') touched.add(p.event.orgId);
        p.resolve(r);
      });
      notify(touched);
    } else if (msg.kind === 'failed') {
      // The whole batch rolled back: nobody gets a 2xx, Stripe retries every one of them.
      const error = new Error(`storing events failed: ${msg.message}`);
      for (const p of batch) p.reject(error);
    }
    send();
  });
  writer?.on('error', (error) => failAll(error));
  writer?.on('exit', (code) => {
    if (!closed) failAll(new Error(`the SQLite writer thread stopped (${code})`));
  });

  const journal = createSqliteJournal(db, writer);

  const store: RelayStore = {
    kind: 'sqlite',
    journal,
    portal: sqlitePortalStore(db),

    async createOrg(org) {
      db.transaction(() => {
        db.prepare('INSERT INTO relay_orgs (id, name, created_at) VALUES (?, ?, ?)').run(org.id, org.name, org.createdAt);
        org.secrets.forEach((s, i) => db.prepare('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES (?, ?, ?)').run(org.id, s, i));
      }).immediate();
    },

    async changeOrgSecrets(orgId, change) {
      // IMMEDIATE: the write lock is taken before the read, so another process's change waits.
      return db.transaction(() => {
        if (st.orgWithSecrets.all(orgId).length === 0) return null;
        const next = changedSecrets(st.secrets.all(orgId).map((r) => r.secret), change);
        db.prepare('DELETE FROM relay_org_secrets WHERE org_id = ?').run(orgId);
        next.forEach((s, i) => db.prepare('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES (?, ?, ?)').run(orgId, s, i));
        return next;
      }).immediate();
    },

    async getOrg(orgId) {
      const rows = st.orgWithSecrets.all(orgId);
      const row = rows[0];
      if (!row) return null;
      return { id: row.id, name: row.name, createdAt: row.created_at, secrets: rows.flatMap((r) => (r.secret === null ? [] : [r.secret])) };
    },

    async listOrgs() {
      return st.orgs.all().map((row): Org => ({ id: row.id, name: row.name, createdAt: row.created_at, secrets: st.secrets.all(row.id).map((r) => r.secret) }));
    },

    insertEvent(event) {
      if (closed) return Promise.reject(new Error('relay store is closed'));
      if (!writer) return Promise.reject(new Error('this relay store was opened for administration only'));
      if (writerError) return Promise.reject(writerError);
      return new Promise<InsertResult>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        // Deliveries read in the same event-loop turn go to the writer together: sent at once, the
        // first of a burst would take a commit (an fsync) of its own and the rest wait behind it.
        // setImmediate runs right after this turn's I/O callbacks, so nothing waits on a timer.
        if (sendScheduled) return;
        sendScheduled = true;
        setImmediate(() => {
          sendScheduled = false;
          send();
        });
      });
    },

    async soleOrg() {
      const ids = st.firstOrgs.all();
      return ids.length === 1 && ids[0] ? store.getOrg(ids[0].id) : null;
    },

    async readEvents(orgId, after, limit, maxBytes = Number.MAX_SAFE_INTEGER) {
      // One read transaction: both statements see the same snapshot (the CLI may prune meanwhile).
      return db.transaction(() => {
        const sizes = st.eventSizes.all(orgId, after, limit + 1);
        const { take, hasMore } = pageCut(sizes.map((r) => r.bytes), limit, maxBytes);
        const last = sizes[take - 1];
        return { events: last ? st.readEvents.all(orgId, after, last.seq).map(toEvent) : [], hasMore };
      })();
    },

    async cursorState(orgId) {
      const row = st.cursorState.get(orgId);
      return row ? { headSeq: row.last_seq, prunedThrough: row.pruned_through } : null;
    },

    async findEvent(orgId, eventId) {
      const row = db
        .prepare<[string, string], EventRow & { signature: string }>('SELECT seq, event_id, type, created, payload, received_at, signature FROM relay_events WHERE org_id = ? AND event_id = ?')
        .get(orgId, eventId);
      return row ? { ...toEvent(row), signature: row.signature } : null;
    },

    async createToken(t) {
      db.prepare('INSERT INTO relay_tokens (id, org_id, device, token_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(t.id, t.orgId, t.device, t.hash, t.createdAt);
    },

    async findActiveToken(hash) {
      const row = st.activeToken.get(hash);
      return row ? toToken(row) : null;
    },

    async revokeToken(idOrDevice, at, orgId) {
      const rows = db
        .prepare<[number, string, string, string | null, string | null], TokenRow>(
          `UPDATE relay_tokens SET revoked_at = ?
           WHERE revoked_at IS NULL AND (id = ? OR device = ?) AND (? IS NULL OR org_id = ?)
           RETURNING *`,
        )
        .all(at, idOrDevice, idOrDevice, orgId ?? null, orgId ?? null);
      return rows.map(toToken);
    },

    async listTokens(orgId) {
      const rows = orgId
        ? db.prepare<[string], TokenRow>('SELECT * FROM relay_tokens WHERE org_id = ? ORDER BY created_at, id').all(orgId)
        : db.prepare<[], TokenRow>('SELECT * FROM relay_tokens ORDER BY org_id, created_at, id').all();
      return rows.map(toToken);
    },

    async recordCursor(tokenId, cursor, at) {
      st.recordCursor.run(cursor, at, tokenId);
    },

    async prune(before) {
      return db.transaction(() => {
        let removed = 0;
        for (const { id } of st.orgs.all()) {
          // Cut at a sequence, not a time, so what goes is always a prefix of the org's sequence.
          const cut = db.prepare<[string, number], { cut: number | null }>('SELECT max(seq) AS cut FROM relay_events WHERE org_id = ? AND received_at < ?').get(id, before)?.cut;
          if (cut == null) continue;
          removed += db.prepare('DELETE FROM relay_events WHERE org_id = ? AND seq <= ?').run(id, cut).changes;
          db.prepare('UPDATE relay_orgs SET pruned_through = max(pruned_through, ?) WHERE id = ?').run(cut, id);
        }
        return removed;
      }).immediate();
    },

    async stats() {
      return db
        .prepare<[], { id: string; last_seq: number; pruned_through: number; n: number; last_received: number | null }>(
          `SELECT o.id, o.last_seq, o.pruned_through,
                  (SELECT count(*) FROM relay_events e WHERE e.org_id = o.id) AS n,
                  (SELECT max(received_at) FROM relay_events e WHERE e.org_id = o.id) AS last_received
           FROM relay_orgs o ORDER BY o.id`,
        )
        .all()
        .map((r): OrgStats => ({ orgId: r.id, headSeq: r.last_seq, prunedThrough: r.pruned_through, storedEvents: r.n, lastReceivedAt: r.last_received }));
    },

    async ping() {
      db.prepare('SELECT 1').get();
    },

    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      if (closed) return;
      closed = true;
      // Deliveries already accepted for writing are committed and answered before the thread goes.
      if (inFlight || queue.length > 0) await new Promise<void>((r) => (drained = r));
      await journal.close();
      if (writer) {
        const exited = new Promise<void>((r) => writer.once('exit', () => r()));
        writer.postMessage({ kind: 'close' } satisfies WriterRequest);
        await exited;
      }
      db.close();
    },
  };
  return store;
}
