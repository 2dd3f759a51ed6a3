import { MessageChannel } from 'node:worker_threads';
import type { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import type { OfficeKeys } from '../../shared/relay/journalWire';
import type { Desk, JournalEntryRow, JournalPushRequest, JournalStore, Office, PushOutcome, SnapshotRow } from './journalTypes';
import type { JournalWriterRequest, JournalWriterResponse, WriterRequest } from './sqliteWriterProtocol';

type OfficeRow = { org_id: string; name: string; created_at: number; journal_seq: number; journal_pruned_through: number; kdf: string | null; key_check: string | null; keys_set_by: string | null };
type DeskRow = { org_id: string; id: string; name: string; created_at: number; revoked_at: number | null; last_seen_at: number | null; acked_cursor: number; pushed_seq: number; pending: number };
type EntryRow = { seq: number; id: string; desk_id: string; desk_seq: number; ct: string; received_at: number };
type SnapshotDbRow = { id: string; desk_id: string; through_cursor: number; chunks: number; bytes: number; created_at: number; completed_at: number | null };

export const toOffice = (r: OfficeRow): Office => ({
  orgId: r.org_id,
  name: r.name,
  createdAt: Number(r.created_at),
  headCursor: Number(r.journal_seq),
  prunedThrough: Number(r.journal_pruned_through),
  keys: r.kdf !== null && r.key_check !== null ? ({ kdf: JSON.parse(r.kdf) as OfficeKeys['kdf'], key_check: r.key_check } satisfies OfficeKeys) : null,
  keysSetBy: r.keys_set_by,
});
const nn = (v: number | string | null): number | null => (v === null ? null : Number(v));
export const toDesk = (r: DeskRow): Desk => ({
  id: r.id,
  orgId: r.org_id,
  name: r.name,
  createdAt: Number(r.created_at),
  revokedAt: nn(r.revoked_at),
  lastSeenAt: nn(r.last_seen_at),
  ackedCursor: Number(r.acked_cursor),
  pushedSeq: Number(r.pushed_seq),
  pending: Number(r.pending),
});
export const toEntry = (r: EntryRow): JournalEntryRow => ({ cursor: Number(r.seq), id: r.id, desk: r.desk_id, deskSeq: Number(r.desk_seq), ct: r.ct, receivedAt: Number(r.received_at) });
export const toSnapshot = (r: SnapshotDbRow): SnapshotRow => ({
  id: r.id,
  desk: r.desk_id,
  throughCursor: Number(r.through_cursor),
  chunks: Number(r.chunks),
  bytes: Number(r.bytes),
  createdAt: Number(r.created_at),
  completedAt: nn(r.completed_at),
});
export type { DeskRow, EntryRow, OfficeRow, SnapshotDbRow };

/** Two OfficeKeys are the same when every field is (the kdf is stored as JSON of fixed field order). */
export const kdfJson = (keys: OfficeKeys): string => JSON.stringify({ alg: keys.kdf.alg, salt: keys.kdf.salt, N: keys.kdf.N, r: keys.kdf.r, p: keys.kdf.p });

type Pending = { push: JournalPushRequest; resolve: (r: PushOutcome) => void; reject: (e: unknown) => void };

/**
 * The journal on SQLite. Pushes go to the writer thread (the same one that stores webhooks, on a
 * port of their own) in groups, like deliveries: what arrives while a commit is in progress is
 * the next group. Everything else is rare or read-only and uses the main connection.
 */
export function createSqliteJournal(db: Database.Database, writer: Worker | null): JournalStore & { close(): Promise<void> } {
  const listeners = new Set<(orgId: string) => void>();
  const channel = writer ? new MessageChannel() : null;
  if (writer && channel) writer.postMessage({ kind: 'journalPort', port: channel.port2 } satisfies WriterRequest, [channel.port2]);
  const port = channel?.port1 ?? null;

  let queue: Pending[] = [];
  let inFlight: Pending[] | null = null;
  let scheduled = false;
  let closed = false;
  let drained: (() => void) | null = null;

  const send = (): void => {
    if (inFlight) return;
    if (queue.length === 0) {
      drained?.();
      return;
    }
    // A group holds at most ~2,000 entries (one push is up to 1,000 of them).
    let entries = 0;
    let take = 0;
    while (take < queue.length && (take === 0 || entries + (queue[take]?.push.entries.length ?? 0) <= 2000)) entries += queue[take++]?.push.entries.length ?? 0;
    inFlight = queue.slice(0, take);
    queue = queue.slice(take);
    port?.postMessage({ kind: 'push', pushes: inFlight.map((p) => p.push) } satisfies JournalWriterRequest);
  };
  port?.on('message', (msg: JournalWriterResponse) => {
    const batch = inFlight ?? [];
    inFlight = null;
    if (msg.kind === 'written') {
      const touched = new Set<string>();
      batch.forEach((p, i) => {
        const r = msg.results[i] as PushOutcome;
        if (r.ok && r.accepted.some((a) => !a.duplicate)) touched.add(p.push.orgId);
        p.resolve(r);
      });
      for (const orgId of touched) for (const l of listeners) l(orgId);
    } else {
      const error = new Error(`storing journal entries failed: ${msg.message}`);
      for (const p of batch) p.reject(error);
    }
    send();
  });
  writer?.on('exit', () => {
    const error = new Error('the SQLite writer thread stopped');
    for (const p of [...(inFlight ?? []), ...queue]) p.reject(error);
    inFlight = null;
    queue = [];
    drained?.();
  });

  const st = {
    office: db.prepare<[string], OfficeRow>('SELECT * FROM relay_offices WHERE org_id = ?'),
    desks: db.prepare<[string], DeskRow>('SELECT * FROM relay_desks WHERE org_id = ? ORDER BY created_at, id'),
    entries: db.prepare<[string, number, number], EntryRow>('SELECT seq, id, desk_id, desk_seq, ct, received_at FROM relay_journal WHERE org_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    auth: db.prepare<[string], { id: string; org_id: string; desk_id: string | null; revoked_at: number | null; desk_revoked: number | null }>(
      `SELECT t.id, t.org_id, t.desk_id, t.revoked_at, d.revoked_at AS desk_revoked
       FROM relay_tokens t LEFT JOIN relay_desks d ON d.org_id = t.org_id AND d.id = t.desk_id WHERE t.token_hash = ?`,
    ),
    recordPull: db.prepare('UPDATE relay_desks SET acked_cursor = ?, pending = coalesce(?, pending), last_seen_at = ? WHERE org_id = ? AND id = ?'),
    snapshot: db.prepare<[string, string], SnapshotDbRow>('SELECT * FROM relay_snapshots WHERE org_id = ? AND id = ?'),
  };

  return {
    async createOffice(o) {
      return db.transaction(() => {
        if (st.office.get(o.orgId)) return 'office_existed' as const;
        const org = db.prepare('SELECT 1 FROM relay_orgs WHERE id = ?').get(o.orgId);
        if (!org) db.prepare('INSERT INTO relay_orgs (id, name, created_at) VALUES (?, ?, ?)').run(o.orgId, o.name, o.createdAt);
        db.prepare('INSERT INTO relay_offices (org_id, name, created_at) VALUES (?, ?, ?)').run(o.orgId, o.name, o.createdAt);
        return org ? ('org_existed' as const) : ('created' as const);
      }).immediate();
    },

    async getOffice(orgId) {
      const row = st.office.get(orgId);
      return row ? toOffice(row) : null;
    },

    async createJoinCode(c) {
      db.prepare('INSERT INTO relay_join_codes (code_hash, org_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(c.hash, c.orgId, c.createdAt, c.expiresAt);
    },

    async join({ codeHash, at, desk, token }) {
      return db.transaction(() => {
        const code = db
          .prepare<[number, string, string, number], { org_id: string }>('UPDATE relay_join_codes SET used_at = ?, desk_id = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING org_id')
          .get(at, desk.id, codeHash, at);
        if (!code) return null;
        const office = st.office.get(code.org_id);
        if (!office) return null;
        // A desk that joins has nothing to acknowledge below what pruning already removed.
        db.prepare('INSERT INTO relay_desks (org_id, id, name, created_at, acked_cursor) VALUES (?, ?, ?, ?, ?)').run(code.org_id, desk.id, desk.name, at, office.journal_pruned_through);
        db.prepare('INSERT INTO relay_tokens (id, org_id, device, token_hash, created_at, desk_id) VALUES (?, ?, ?, ?, ?, ?)').run(token.id, code.org_id, desk.id, token.hash, at, desk.id);
        const row = db.prepare<[string, string], DeskRow>('SELECT * FROM relay_desks WHERE org_id = ? AND id = ?').get(code.org_id, desk.id) as DeskRow;
        return { office: toOffice(office), desk: toDesk(row) };
      }).immediate();
    },

    async peekJoinCode(codeHash, at) {
      const code = db.prepare<[string, number], { org_id: string }>('SELECT org_id FROM relay_join_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?').get(codeHash, at);
      const office = code ? st.office.get(code.org_id) : undefined;
      return office ? toOffice(office) : null;
    },

    async listDesks(orgId) {
      return st.desks.all(orgId).map(toDesk);
    },

    async revokeDesk(orgId, deskId, at) {
      return db.transaction(() => {
        const row = db.prepare<[number, string, string], DeskRow>('UPDATE relay_desks SET revoked_at = ? WHERE org_id = ? AND id = ? AND revoked_at IS NULL RETURNING *').get(at, orgId, deskId);
        if (!row) return null;
        db.prepare('UPDATE relay_tokens SET revoked_at = ? WHERE org_id = ? AND desk_id = ? AND revoked_at IS NULL').run(at, orgId, deskId);
        return toDesk(row);
      }).immediate();
    },

    async authenticate(hash) {
      const r = st.auth.get(hash);
      return r ? { tokenId: r.id, orgId: r.org_id, deskId: r.desk_id, revoked: r.revoked_at !== null || r.desk_revoked !== null } : null;
    },

    async setKeys(orgId, deskId, keys) {
      return db.transaction(() => {
        db.prepare('UPDATE relay_offices SET kdf = ?, key_check = ?, keys_set_by = ? WHERE org_id = ? AND kdf IS NULL').run(kdfJson(keys), keys.key_check, deskId, orgId);
        const office = toOffice(st.office.get(orgId) as OfficeRow);
        const inForce = office.keys as OfficeKeys;
        const same = kdfJson(inForce) === kdfJson(keys) && inForce.key_check === keys.key_check;
        return same ? { ok: true as const, keys: inForce, setByYou: office.keysSetBy === deskId } : { ok: false as const, keys: inForce };
      }).immediate();
    },

    push(push) {
      if (closed) return Promise.reject(new Error('relay store is closed'));
      if (!port) return Promise.reject(new Error('this relay store was opened for administration only'));
      return new Promise<PushOutcome>((resolve, reject) => {
        queue.push({ push, resolve, reject });
        if (scheduled) return;
        scheduled = true;
        // As for webhooks: pushes read in this event-loop turn go to the writer together.
        setImmediate(() => {
          scheduled = false;
          send();
        });
      });
    },

    async readEntries(orgId, after, limit) {
      return st.entries.all(orgId, after, limit).map(toEntry);
    },

    async recordPull(orgId, deskId, after, pending, at) {
      st.recordPull.run(after, pending, at, orgId, deskId);
    },

    async startSnapshot(s) {
      db.prepare('INSERT INTO relay_snapshots (org_id, id, desk_id, through_cursor, chunks, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        s.orgId,
        s.id,
        s.deskId,
        s.throughCursor,
        s.chunks,
        s.bytes,
        s.createdAt,
      );
    },

    async getSnapshot(orgId, id) {
      const row = st.snapshot.get(orgId, id);
      return row ? toSnapshot(row) : null;
    },

    async putChunk(orgId, id, index, ct) {
      return db.transaction(() => {
        const snap = st.snapshot.get(orgId, id);
        if (!snap || snap.completed_at !== null) return false;
        db.prepare('INSERT INTO relay_snapshot_chunks (org_id, snapshot_id, idx, ct) VALUES (?, ?, ?, ?) ON CONFLICT (org_id, snapshot_id, idx) DO UPDATE SET ct = excluded.ct').run(orgId, id, index, ct);
        return true;
      }).immediate();
    },

    async storedChunks(orgId, id) {
      return db
        .prepare<[string, string], { idx: number }>('SELECT idx FROM relay_snapshot_chunks WHERE org_id = ? AND snapshot_id = ? ORDER BY idx')
        .all(orgId, id)
        .map((r) => r.idx);
    },

    async completeSnapshot(orgId, id, at) {
      db.prepare('UPDATE relay_snapshots SET completed_at = ? WHERE org_id = ? AND id = ? AND completed_at IS NULL').run(at, orgId, id);
    },

    async latestSnapshot(orgId) {
      const row = db
        .prepare<[string], SnapshotDbRow>('SELECT * FROM relay_snapshots WHERE org_id = ? AND completed_at IS NOT NULL ORDER BY through_cursor DESC, completed_at DESC LIMIT 1')
        .get(orgId);
      return row ? toSnapshot(row) : null;
    },

    async seedUploading(orgId) {
      const row = db
        .prepare<[string], { one: number }>(
          'SELECT 1 AS one FROM relay_snapshots s JOIN relay_desks d ON d.org_id = s.org_id AND d.id = s.desk_id WHERE s.org_id = ? AND s.through_cursor = 0 AND s.completed_at IS NULL AND d.revoked_at IS NULL LIMIT 1',
        )
        .get(orgId);
      return row !== undefined;
    },

    async getChunk(orgId, id, index) {
      const row = db
        .prepare<[string, string, number], { ct: string }>(
          'SELECT c.ct FROM relay_snapshot_chunks c JOIN relay_snapshots s ON s.org_id = c.org_id AND s.id = c.snapshot_id WHERE c.org_id = ? AND c.snapshot_id = ? AND c.idx = ? AND s.completed_at IS NOT NULL',
        )
        .get(orgId, id, index);
      return row?.ct ?? null;
    },

    async prune(staleBefore) {
      return db.transaction(() => {
        let entries = 0;
        let snapshots = 0;
        for (const office of db.prepare<[], OfficeRow>('SELECT * FROM relay_offices').all()) {
          const latest = db
            .prepare<[string], SnapshotDbRow>('SELECT * FROM relay_snapshots WHERE org_id = ? AND completed_at IS NOT NULL ORDER BY through_cursor DESC, completed_at DESC LIMIT 1')
            .get(office.org_id);
          // Older complete snapshots are superseded; unfinished uploads left for a day are abandoned.
          snapshots += db
            .prepare('DELETE FROM relay_snapshots WHERE org_id = ? AND ((completed_at IS NOT NULL AND id <> ?) OR (completed_at IS NULL AND created_at < ?))')
            .run(office.org_id, latest?.id ?? '', staleBefore).changes;
          if (!latest) continue;
          const acked = db.prepare<[string], { m: number | null }>('SELECT min(acked_cursor) AS m FROM relay_desks WHERE org_id = ? AND revoked_at IS NULL').get(office.org_id)?.m ?? null;
          const cut = Math.min(latest.through_cursor, acked ?? latest.through_cursor, office.journal_seq);
          if (cut <= office.journal_pruned_through) continue;
          entries += db.prepare('DELETE FROM relay_journal WHERE org_id = ? AND seq <= ?').run(office.org_id, cut).changes;
          db.prepare('UPDATE relay_offices SET journal_pruned_through = ? WHERE org_id = ?').run(cut, office.org_id);
        }
        return { entries, snapshots };
      }).immediate();
    },

    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      closed = true;
      if (inFlight || queue.length > 0) await new Promise<void>((r) => (drained = r));
      port?.close();
    },
  };
}
