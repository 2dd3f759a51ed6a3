import pg from 'pg';
import type { OfficeKeys } from '../../shared/relay/journalWire';
import type { JournalPushRequest, JournalStore, PushOutcome, PushRefusal } from './journalTypes';
import { kdfJson, toDesk, toEntry, toOffice, toSnapshot } from './sqliteJournal';
import type { DeskRow, EntryRow, OfficeRow, SnapshotDbRow } from './sqliteJournal';

async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

type Pending = { push: JournalPushRequest; resolve: (r: PushOutcome) => void; reject: (e: unknown) => void };
type PushRow = { out_push: number; out_status: string; out_message: string | null; out_id: string | null; out_cursor: string | null; out_duplicate: boolean | null };

const STORE_JOURNAL =
  'SELECT * FROM relay_store_journal($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::bigint[], $8::text[], $9::bigint)';

/**
 * The journal on PostgreSQL. Pushes are grouped (what arrives while a group commits is the next
 * group) and each group is one call of `relay_store_journal` (postgresSchema.ts step 5) on a
 * connection of its own. Commits wake long polls on every instance through NOTIFY
 * `relay_journal`, heard by the store's listening connection (postgresStore.ts), which calls
 * `notify`.
 */
export function createPostgresJournal(options: { url: string; pool: pg.Pool; onError: (error: Error) => void }): JournalStore & { notify(orgId: string): void; close(): Promise<void> } {
  const { pool } = options;
  const writer = new pg.Pool({ connectionString: options.url, max: 1 });
  writer.on('error', options.onError);
  const listeners = new Set<(orgId: string) => void>();
  let queue: Pending[] = [];
  let flushing = false;
  let closed = false;

  const writeGroup = async (group: Pending[]): Promise<PushOutcome[]> => {
    const pushes = group.map((p) => p.push);
    const first: number[] = [];
    let at = 1;
    for (const p of pushes) {
      first.push(at);
      at += p.entries.length;
    }
    const entries = pushes.flatMap((p) => p.entries);
    // One received_at per group: the entries of one commit arrive together.
    const receivedAt = Math.max(...pushes.map((p) => p.receivedAt));
    const { rows } = await writer.query<PushRow>(STORE_JOURNAL, [
      pushes.map((p) => p.orgId),
      pushes.map((p) => p.deskId),
      pushes.map((p) => p.tokenId),
      first,
      pushes.map((p) => p.entries.length),
      entries.map((e) => e.id),
      entries.map((e) => e.deskSeq),
      entries.map((e) => e.ct),
      receivedAt,
    ]);
    const outcomes: PushOutcome[] = pushes.map(() => ({ ok: true, accepted: [] }));
    for (const r of rows) {
      const i = r.out_push - 1;
      if (r.out_status !== 'ok') {
        outcomes[i] = { ok: false, error: r.out_status as PushRefusal, message: r.out_message ?? '' };
        continue;
      }
      const o = outcomes[i];
      if (o?.ok) o.accepted.push({ id: r.out_id ?? '', cursor: Number(r.out_cursor), duplicate: r.out_duplicate === true });
    }
    outcomes.forEach((o, i) => {
      if (o.ok && o.accepted.length !== pushes[i]?.entries.length) throw new Error(`relay_store_journal answered ${o.accepted.length} rows for ${pushes[i]?.entries.length} entries`);
    });
    return outcomes;
  };

  const flushLoop = async (): Promise<void> => {
    flushing = true;
    while (queue.length > 0) {
      let entries = 0;
      let take = 0;
      while (take < queue.length && (take === 0 || entries + (queue[take]?.push.entries.length ?? 0) <= 2000)) entries += queue[take++]?.push.entries.length ?? 0;
      const group = queue.slice(0, take);
      queue = queue.slice(take);
      try {
        const results = await writeGroup(group);
        group.forEach((p, i) => p.resolve(results[i] as PushOutcome));
      } catch (error) {
        for (const p of group) p.reject(error);
      }
    }
    flushing = false;
  };

  return {
    async createOffice(o) {
      // Two creations of one office at once (two CLI runs, two instances) must not race a
      // check-then-insert into a unique violation: the office row's own conflict decides.
      return inTransaction(pool, async (c) => {
        const org = await c.query('INSERT INTO relay_orgs (id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [o.orgId, o.name, o.createdAt]);
        const office = await c.query('INSERT INTO relay_offices (org_id, name, created_at) VALUES ($1, $2, $3) ON CONFLICT (org_id) DO NOTHING', [o.orgId, o.name, o.createdAt]);
        if (!office.rowCount) return 'office_existed' as const;
        return org.rowCount ? ('created' as const) : ('org_existed' as const);
      });
    },

    async getOffice(orgId) {
      const { rows } = await pool.query<OfficeRow>('SELECT * FROM relay_offices WHERE org_id = $1', [orgId]);
      return rows[0] ? toOffice(rows[0]) : null;
    },

    async createJoinCode(c) {
      await pool.query('INSERT INTO relay_join_codes (code_hash, org_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [c.hash, c.orgId, c.createdAt, c.expiresAt]);
    },

    async peekJoinCode(codeHash, at) {
      const { rows } = await pool.query<OfficeRow>(
        'SELECT o.* FROM relay_join_codes c JOIN relay_offices o ON o.org_id = c.org_id WHERE c.code_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2',
        [codeHash, at],
      );
      return rows[0] ? toOffice(rows[0]) : null;
    },

    async join({ codeHash, at, desk, token }) {
      return inTransaction(pool, async (c) => {
        // The row lock of the UPDATE makes a second use of the code wait, then find it used.
        const code = await c.query<{ org_id: string }>(
          'UPDATE relay_join_codes SET used_at = $1, desk_id = $2 WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1 RETURNING org_id',
          [at, desk.id, codeHash],
        );
        const orgId = code.rows[0]?.org_id;
        if (!orgId) return null;
        const office = (await c.query<OfficeRow>('SELECT * FROM relay_offices WHERE org_id = $1', [orgId])).rows[0];
        if (!office) return null;
        const row = (
          await c.query<DeskRow>('INSERT INTO relay_desks (org_id, id, name, created_at, acked_cursor) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
            orgId,
            desk.id,
            desk.name,
            at,
            office.journal_pruned_through,
          ])
        ).rows[0] as DeskRow;
        await c.query('INSERT INTO relay_tokens (id, org_id, device, token_hash, created_at, desk_id) VALUES ($1, $2, $3, $4, $5, $6)', [token.id, orgId, desk.id, token.hash, at, desk.id]);
        return { office: toOffice(office), desk: toDesk(row) };
      });
    },

    async listDesks(orgId) {
      const { rows } = await pool.query<DeskRow>('SELECT * FROM relay_desks WHERE org_id = $1 ORDER BY created_at, id', [orgId]);
      return rows.map(toDesk);
    },

    async revokeDesk(orgId, deskId, at) {
      return inTransaction(pool, async (c) => {
        const row = (await c.query<DeskRow>('UPDATE relay_desks SET revoked_at = $1 WHERE org_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING *', [at, orgId, deskId])).rows[0];
        if (!row) return null;
        await c.query('UPDATE relay_tokens SET revoked_at = $1 WHERE org_id = $2 AND desk_id = $3 AND revoked_at IS NULL', [at, orgId, deskId]);
        return toDesk(row);
      });
    },

    async authenticate(hash) {
      const { rows } = await pool.query<{ id: string; org_id: string; desk_id: string | null; revoked_at: string | null; desk_revoked: string | null }>(
        `SELECT t.id, t.org_id, t.desk_id, t.revoked_at, d.revoked_at AS desk_revoked
         FROM relay_tokens t LEFT JOIN relay_desks d ON d.org_id = t.org_id AND d.id = t.desk_id WHERE t.token_hash = $1`,
        [hash],
      );
      const r = rows[0];
      return r ? { tokenId: r.id, orgId: r.org_id, deskId: r.desk_id, revoked: r.revoked_at !== null || r.desk_revoked !== null } : null;
    },

    async setKeys(orgId, deskId, keys) {
      return inTransaction(pool, async (c) => {
        await c.query('UPDATE relay_offices SET kdf = $1, key_check = $2, keys_set_by = $3 WHERE org_id = $4 AND kdf IS NULL', [kdfJson(keys), keys.key_check, deskId, orgId]);
        const office = toOffice((await c.query<OfficeRow>('SELECT * FROM relay_offices WHERE org_id = $1', [orgId])).rows[0] as OfficeRow);
        const inForce = office.keys as OfficeKeys;
        const same = kdfJson(inForce) === kdfJson(keys) && inForce.key_check === keys.key_check;
        return same ? { ok: true as const, keys: inForce, setByYou: office.keysSetBy === deskId } : { ok: false as const, keys: inForce };
      });
    },

    push(push) {
      if (closed) return Promise.reject(new Error('relay store is closed'));
      return new Promise<PushOutcome>((resolve, reject) => {
        queue.push({ push, resolve, reject });
        if (flushing) return;
        flushing = true;
        setImmediate(() => void flushLoop());
      });
    },

    async readEntries(orgId, after, limit) {
      const { rows } = await pool.query<EntryRow>('SELECT seq, id, desk_id, desk_seq, ct, received_at FROM relay_journal WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [
        orgId,
        after,
        limit,
      ]);
      return rows.map(toEntry);
    },

    async recordPull(orgId, deskId, after, pending, at) {
      await pool.query('UPDATE relay_desks SET acked_cursor = $1, pending = coalesce($2, pending), last_seen_at = $3 WHERE org_id = $4 AND id = $5', [after, pending, at, orgId, deskId]);
    },

    async startSnapshot(s) {
      await pool.query('INSERT INTO relay_snapshots (org_id, id, desk_id, through_cursor, chunks, bytes, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        s.orgId,
        s.id,
        s.deskId,
        s.throughCursor,
        s.chunks,
        s.bytes,
        s.createdAt,
      ]);
    },

    async getSnapshot(orgId, id) {
      const { rows } = await pool.query<SnapshotDbRow>('SELECT * FROM relay_snapshots WHERE org_id = $1 AND id = $2', [orgId, id]);
      return rows[0] ? toSnapshot(rows[0]) : null;
    },

    async putChunk(orgId, id, index, ct) {
      return inTransaction(pool, async (c) => {
        // FOR SHARE: a completion (an UPDATE of this row) cannot slip between the check and the write.
        const snap = (await c.query<{ completed_at: string | null }>('SELECT completed_at FROM relay_snapshots WHERE org_id = $1 AND id = $2 FOR SHARE', [orgId, id])).rows[0];
        if (!snap || snap.completed_at !== null) return false;
        await c.query(
          'INSERT INTO relay_snapshot_chunks (org_id, snapshot_id, idx, ct) VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, snapshot_id, idx) DO UPDATE SET ct = excluded.ct',
          [orgId, id, index, ct],
        );
        return true;
      });
    },

    async storedChunks(orgId, id) {
      const { rows } = await pool.query<{ idx: number }>('SELECT idx FROM relay_snapshot_chunks WHERE org_id = $1 AND snapshot_id = $2 ORDER BY idx', [orgId, id]);
      return rows.map((r) => r.idx);
    },

    async completeSnapshot(orgId, id, at) {
      await pool.query('UPDATE relay_snapshots SET completed_at = $1 WHERE org_id = $2 AND id = $3 AND completed_at IS NULL', [at, orgId, id]);
    },

    async latestSnapshot(orgId) {
      const { rows } = await pool.query<SnapshotDbRow>(
        'SELECT * FROM relay_snapshots WHERE org_id = $1 AND completed_at IS NOT NULL ORDER BY through_cursor DESC, completed_at DESC LIMIT 1',
        [orgId],
      );
      return rows[0] ? toSnapshot(rows[0]) : null;
    },

    async seedUploading(orgId) {
      const { rows } = await pool.query<{ one: number }>(
        'SELECT 1 AS one FROM relay_snapshots s JOIN relay_desks d ON d.org_id = s.org_id AND d.id = s.desk_id WHERE s.org_id = $1 AND s.through_cursor = 0 AND s.completed_at IS NULL AND d.revoked_at IS NULL LIMIT 1',
        [orgId],
      );
      return rows.length > 0;
    },

    async getChunk(orgId, id, index) {
      const { rows } = await pool.query<{ ct: string }>(
        'SELECT c.ct FROM relay_snapshot_chunks c JOIN relay_snapshots s ON s.org_id = c.org_id AND s.id = c.snapshot_id WHERE c.org_id = $1 AND c.snapshot_id = $2 AND c.idx = $3 AND s.completed_at IS NOT NULL',
        [orgId, id, index],
      );
      return rows[0]?.ct ?? null;
    },

    async prune(staleBefore) {
      let entries = 0;
      let snapshots = 0;
      const { rows: offices } = await pool.query<{ org_id: string }>('SELECT org_id FROM relay_offices ORDER BY org_id');
      for (const { org_id: orgId } of offices) {
        await inTransaction(pool, async (c) => {
          // The office row's lock: no push commits a new head while the cut is chosen.
          const office = (await c.query<OfficeRow>('SELECT * FROM relay_offices WHERE org_id = $1 FOR UPDATE', [orgId])).rows[0];
          if (!office) return;
          const latest = (
            await c.query<SnapshotDbRow>('SELECT * FROM relay_snapshots WHERE org_id = $1 AND completed_at IS NOT NULL ORDER BY through_cursor DESC, completed_at DESC LIMIT 1', [orgId])
          ).rows[0];
          snapshots +=
            (await c.query('DELETE FROM relay_snapshots WHERE org_id = $1 AND ((completed_at IS NOT NULL AND id <> $2) OR (completed_at IS NULL AND created_at < $3))', [orgId, latest?.id ?? '', staleBefore]))
              .rowCount ?? 0;
          if (!latest) return;
          const acked = (await c.query<{ m: string | null }>('SELECT min(acked_cursor) AS m FROM relay_desks WHERE org_id = $1 AND revoked_at IS NULL', [orgId])).rows[0]?.m ?? null;
          const through = Number(latest.through_cursor);
          const cut = Math.min(through, acked === null ? through : Number(acked), Number(office.journal_seq));
          if (cut <= Number(office.journal_pruned_through)) return;
          entries += (await c.query('DELETE FROM relay_journal WHERE org_id = $1 AND seq <= $2', [orgId, cut])).rowCount ?? 0;
          await c.query('UPDATE relay_offices SET journal_pruned_through = $1 WHERE org_id = $2', [cut, orgId]);
        });
      }
      return { entries, snapshots };
    },

    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    notify(orgId) {
      for (const l of listeners) l(orgId);
    },

    async close() {
      closed = true;
      while (flushing) await new Promise((r) => setTimeout(r, 5));
      await writer.end();
    },
  };
}
