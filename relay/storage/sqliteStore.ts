import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteSchema } from './sqliteSchema';
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

/**
 * The embedded adapter: one better-sqlite3 connection, WAL, synchronous=FULL (every commit is
 * fsynced before the webhook is answered). Inserts arriving in the same turn of the event loop
 * share one transaction (group commit): each caller still resolves only after that commit, so
 * durability is unchanged and a burst costs one fsync instead of one per event.
 */
export function openSqliteStore(file: string): RelayStore {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The CLI may write (tokens, orgs) while the server runs: wait for the lock rather than fail.
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const st = {
    findEvent: db.prepare<[string, string], { seq: number }>('SELECT seq FROM relay_events WHERE org_id = ? AND event_id = ?'),
    bumpSeq: db.prepare<[string], { last_seq: number }>('UPDATE relay_orgs SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    insertEvent: db.prepare(
      'INSERT INTO relay_events (org_id, seq, event_id, type, created, payload, signature, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    readEvents: db.prepare<[string, number, number], EventRow>(
      'SELECT seq, event_id, type, created, payload, received_at FROM relay_events WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    cursorState: db.prepare<[string], { last_seq: number; pruned_through: number }>('SELECT last_seq, pruned_through FROM relay_orgs WHERE id = ?'),
    org: db.prepare<[string], { id: string; name: string; created_at: number }>('SELECT id, name, created_at FROM relay_orgs WHERE id = ?'),
    orgs: db.prepare<[], { id: string; name: string; created_at: number }>('SELECT id, name, created_at FROM relay_orgs ORDER BY id'),
    secrets: db.prepare<[string], { secret: string }>('SELECT secret FROM relay_org_secrets WHERE org_id = ? ORDER BY position'),
    activeToken: db.prepare<[string], TokenRow>('SELECT * FROM relay_tokens WHERE token_hash = ? AND revoked_at IS NULL'),
    recordCursor: db.prepare('UPDATE relay_tokens SET last_cursor = ?, last_seen_at = ? WHERE id = ?'),
  };

  const listeners = new Set<(orgId: string) => void>();
  const notify = (orgIds: Iterable<string>): void => {
    for (const orgId of orgIds) for (const l of listeners) l(orgId);
  };

  const insertOne = (e: NewEvent): InsertResult => {
    const existing = st.findEvent.get(e.orgId, e.eventId);
    if (existing) return { status: 'duplicate', seq: existing.seq };
    const bumped = st.bumpSeq.get(e.orgId);
    if (!bumped) throw new Error(`unknown org ${e.orgId}`);
    st.insertEvent.run(e.orgId, bumped.last_seq, e.eventId, e.type, e.created, e.payload, e.signature, e.receivedAt);
    return { status: 'stored', seq: bumped.last_seq };
  };

  let queue: Pending[] = [];
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let results: InsertResult[];
    try {
      results = db.transaction(() => batch.map((p) => insertOne(p.event))).immediate();
    } catch (error) {
      // The whole batch rolled back: nobody gets a 2xx, Stripe retries every one of them.
      for (const p of batch) p.reject(error);
      return;
    }
    const touched = new Set<string>();
    batch.forEach((p, i) => {
      const r = results[i] as InsertResult;
      if (r.status === 'stored') touched.add(p.event.orgId);
      p.resolve(r);
    });
    notify(touched);
  };

  let closed = false;
  const store: RelayStore = {
    kind: 'sqlite',

    async createOrg(org) {
      db.transaction(() => {
        db.prepare('INSERT INTO relay_orgs (id, name, created_at) VALUES (?, ?, ?)').run(org.id, org.name, org.createdAt);
        org.secrets.forEach((s, i) => db.prepare('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES (?, ?, ?)').run(org.id, s, i));
      }).immediate();
    },

    async setOrgSecrets(orgId, secrets) {
      db.transaction(() => {
        db.prepare('DELETE FROM relay_org_secrets WHERE org_id = ?').run(orgId);
        secrets.forEach((s, i) => db.prepare('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES (?, ?, ?)').run(orgId, s, i));
      }).immediate();
    },

    async getOrg(orgId) {
      const row = st.org.get(orgId);
      if (!row) return null;
      return { id: row.id, name: row.name, createdAt: row.created_at, secrets: st.secrets.all(orgId).map((r) => r.secret) };
    },

    async listOrgs() {
      return st.orgs.all().map((row): Org => ({ id: row.id, name: row.name, createdAt: row.created_at, secrets: st.secrets.all(row.id).map((r) => r.secret) }));
    },

    insertEvent(event) {
      if (closed) return Promise.reject(new Error('relay store is closed'));
      return new Promise<InsertResult>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
    },

    async readEvents(orgId, after, limit) {
      const rows = st.readEvents.all(orgId, after, limit + 1);
      return { events: rows.slice(0, limit).map(toEvent), hasMore: rows.length > limit };
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
      flush();
      db.close();
    },
  };
  return store;
}
