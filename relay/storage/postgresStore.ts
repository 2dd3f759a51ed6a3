import pg from 'pg';
import { pageCut } from '../pageStream';
import { createOrgCache } from './orgCache';
import { createPostgresJournal } from './postgresJournal';
import { postgresPortalStore } from './portalPostgres';
import { postgresSchema } from './postgresSchema';
import { changedSecrets } from './types';
import type { InsertResult, NewEvent, Org, OrgStats, RelayStore, StoredEvent, Token } from './types';

/** Fault-injection seams for tests; production passes none. */
export type PostgresFaults = {
  /** Runs inside the insert transaction after the sequence is assigned, before COMMIT. */
  beforeCommit?: (event: NewEvent, seq: number) => Promise<void>;
  /** Runs after an org lookup has read its row from the database, before the lookup answers. */
  afterOrgRead?: (orgId: string) => Promise<void>;
  /** Runs before each (re)connection of the listening connection; nothing listens until it resolves. */
  beforeListen?: () => Promise<void>;
  /** Called once the listening connection has LISTENed on its channels, with its backend pid. */
  onListening?: (backendPid: number) => void;
};

export type PostgresStoreOptions = {
  url: string;
  poolSize?: number;
  faults?: PostgresFaults;
  onError?: (error: Error) => void;
};

type Int8 = string | number;
type TokenRow = { id: string; org_id: string; device: string; created_at: Int8; revoked_at: Int8 | null; last_cursor: Int8 | null; last_seen_at: Int8 | null };
type EventRow = { seq: Int8; event_id: string; type: string; created: Int8; payload: string; received_at: Int8 };

// pg returns BIGINT as text (it may exceed 2^53); sequences and epoch milliseconds never do.
const n = (v: Int8): number => Number(v);
const nn = (v: Int8 | null): number | null => (v === null ? null : Number(v));

const toToken = (r: TokenRow): Token => ({
  id: r.id,
  orgId: r.org_id,
  device: r.device,
  createdAt: n(r.created_at),
  revokedAt: nn(r.revoked_at),
  lastCursor: nn(r.last_cursor),
  lastSeenAt: nn(r.last_seen_at),
});
const toEvent = (r: EventRow): StoredEvent => ({
  seq: n(r.seq),
  eventId: r.event_id,
  type: r.type,
  created: n(r.created),
  payload: r.payload,
  receivedAt: n(r.received_at),
});

const CHANNEL = 'relay_events';
/** Announced by the triggers of schema step 4 at every commit that changes an org or its secrets. */
const ORG_CHANNEL = 'relay_org_changed';
/** Announced by relay_store_journal (schema step 5) when a push commits new journal entries. */
const JOURNAL_CHANNEL = 'relay_journal';
/** A listener that does not answer a ping this fast may be cut off without knowing it. */
const LISTENER_PING_TIMEOUT_MS = 2000;
/** Pause before reconnecting a lost listener. */
const LISTENER_RETRY_MS = 1000;

async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Several instances may start at once: one migrates, the others wait and find it done.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('bursar-relay-schema'))`);
    await client.query('CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM relay_schema');
    const current = rows[0]?.v ?? 0;
    if (current > postgresSchema.length) throw new Error(`relay database schema version ${current} is newer than this relay (${postgresSchema.length})`);
    for (let v = current; v < postgresSchema.length; v++) {
      await client.query(postgresSchema[v] ?? '');
      await client.query('INSERT INTO relay_schema (version, applied_at) VALUES ($1, $2)', [v + 1, Date.now()]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

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

/**
 * The PostgreSQL adapter, for several relay instances on one database. Commits wake long polls
 * on every instance through LISTEN/NOTIFY (a NOTIFY is delivered only at commit).
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<RelayStore> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10 });
  // Event batches go through a connection of their own: behind the per-delivery org lookups in
  // the shared pool's queue, each commit would wait its turn and the batches would shrink.
  const writerPool = new pg.Pool({ connectionString: options.url, max: 1 });
  const reportError = options.onError ?? (() => undefined);
  pool.on('error', reportError);
  writerPool.on('error', reportError);
  await migrate(pool);

  /** An org with its secrets in one round trip. */
  const ORG_WITH_SECRETS = `SELECT o.id, o.name, o.created_at,
      coalesce((SELECT array_agg(s.secret ORDER BY s.position) FROM relay_org_secrets s WHERE s.org_id = o.id), '{}') AS secrets
    FROM relay_orgs o`;
  type OrgRow = { id: string; name: string; created_at: Int8; secrets: string[] };
  const toOrg = (row: OrgRow): Org => ({ id: row.id, name: row.name, createdAt: n(row.created_at), secrets: row.secrets });
  const readOrg = async (orgId: string): Promise<Org | null> => {
    const { rows } = await pool.query<OrgRow>(`${ORG_WITH_SECRETS} WHERE o.id = $1`, [orgId]);
    await options.faults?.afterOrgRead?.(orgId);
    return rows[0] ? toOrg(rows[0]) : null;
  };

  const listeners = new Set<(orgId: string) => void>();
  const journal = createPostgresJournal({ url: options.url, pool, onError: reportError });
  let closed = false;
  /** The listening connection while it is up, and how to give it up. */
  let listener: { client: pg.Client; lose(error: Error | null): void } | null = null;

  const pingListener = async (): Promise<boolean> => {
    const current = listener;
    if (!current) return false;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      current.client.query('SELECT 1').then(
        () => 'answered' as const,
        () => 'failed' as const,
      ),
      new Promise<'silent'>((resolve) => (timer = setTimeout(() => resolve('silent'), LISTENER_PING_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (outcome === 'answered') return true;
    // A connection a NAT or a load balancer dropped in silence looks alive until written to:
    // treat it as lost (the cache stops, a new listener is connected).
    current.lose(new Error(outcome === 'silent' ? `the listening connection did not answer within ${LISTENER_PING_TIMEOUT_MS} ms` : 'the listening connection failed a ping'));
    return false;
  };
  // Org lookups run for every delivery: cached, and kept right by the org channel (orgCache.ts).
  const orgCache = createOrgCache({ read: readOrg, ping: pingListener });

  /**
   * One listening connection for both channels: commits (wakes long polls) and org changes
   * (drop cached orgs). When it is lost, cached orgs are dropped and no more are cached until
   * a new connection is LISTENing again, since changes committed meanwhile are never announced.
   * Long polls also re-read on an interval, so a lost listener delays wake-ups, never loses events.
   */
  const listen = async (): Promise<void> => {
    await options.faults?.beforeListen?.();
    if (closed) return;
    const client = new pg.Client({ connectionString: options.url, application_name: 'bursar-relay-listen', keepAlive: true });
    let lost = false;
    let backendPid = 0;
    const lose = (error: Error | null): void => {
      if (lost) return;
      lost = true;
      if (listener?.client === client) listener = null;
      orgCache.setListening(false);
      if (error && !closed) reportError(error);
      client.end().catch(() => undefined);
      if (!closed) setTimeout(() => void listen().catch(() => undefined), LISTENER_RETRY_MS).unref();
    };
    client.on('notification', (msg) => {
      if (msg.channel === CHANNEL && msg.payload) for (const l of listeners) l(msg.payload);
      else if (msg.channel === ORG_CHANNEL) orgCache.invalidate(msg.payload ?? '*');
      else if (msg.channel === JOURNAL_CHANNEL && msg.payload) journal.notify(msg.payload);
    });
    client.on('error', (error) => lose(error));
    client.on('end', () => lose(closed ? null : new Error('the listening connection closed')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      await client.query(`LISTEN ${ORG_CHANNEL}`);
      await client.query(`LISTEN ${JOURNAL_CHANNEL}`);
      if (options.faults?.onListening) backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
    } catch (error) {
      // lose() reports it and tries again later.
      lose(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    if (closed || lost) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = { client, lose };
    orgCache.setListening(true);
    options.faults?.onListening?.(backendPid);
  };
  try {
    await listen();
  } catch (error) {
    closed = true;
    await Promise.all([pool.end(), writerPool.end(), journal.close()]).catch(() => undefined);
    throw error;
  }

  type Pending = { event: NewEvent; resolve: (r: InsertResult) => void; reject: (e: unknown) => void };
  let queue: Pending[] = [];
  let flushing = false;

  /**
   * One batch of deliveries through `relay_store_events` (postgresSchema.ts): org counters locked
   * FOR UPDATE until commit, duplicates checked under that lock, sequences handed out in commit
   * order. Without fault injection it is a single autocommit statement: one round trip, durable
   * when it returns. With a `beforeCommit` fault the same call runs inside BEGIN … COMMIT so a
   * test can hold the transaction open.
   */
  const STORE_EVENTS = 'SELECT out_status, out_seq FROM relay_store_events($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::bigint[])';
  const writeBatch = async (batch: Pending[]): Promise<InsertResult[]> => {
    const events = batch.map((p) => p.event);
    const args = [
      events.map((e) => e.orgId),
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.created),
      events.map((e) => e.payload),
      events.map((e) => e.signature),
      events.map((e) => e.receivedAt),
    ];
    const toResults = (rows: { out_status: string; out_seq: Int8 }[]): InsertResult[] => {
      if (rows.length !== batch.length) throw new Error(`relay_store_events answered ${rows.length} rows for ${batch.length} events`);
      return rows.map((r) => ({ status: r.out_status === 'stored' ? 'stored' : 'duplicate', seq: n(r.out_seq) }));
    };
    const beforeCommit = options.faults?.beforeCommit;
    if (!beforeCommit) return toResults((await writerPool.query<{ out_status: string; out_seq: Int8 }>(STORE_EVENTS, args)).rows);

    const client = await writerPool.connect();
    try {
      await client.query('BEGIN');
      const results = toResults((await client.query<{ out_status: string; out_seq: Int8 }>(STORE_EVENTS, args)).rows);
      for (const [i, r] of results.entries()) if (r.status === 'stored') await beforeCommit(events[i] as NewEvent, r.seq);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };

  // Group commit: deliveries that arrive while a batch is committing go together in the next one.
  // Each caller still resolves only after its own batch is durably committed.
  const flushLoop = async (): Promise<void> => {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, 500);
      queue = queue.slice(batch.length);
      try {
        const results = await writeBatch(batch);
        batch.forEach((p, i) => p.resolve(results[i] as InsertResult));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    flushing = false;
  };

  const store: RelayStore = {
    kind: 'postgres',
    journal,
    portal: postgresPortalStore(pool),

    // Both announce the change at commit through the triggers of schema step 4.
    async createOrg(org) {
      await inTransaction(pool, async (c) => {
        await c.query('INSERT INTO relay_orgs (id, name, created_at) VALUES ($1, $2, $3)', [org.id, org.name, org.createdAt]);
        for (const [i, s] of org.secrets.entries()) await c.query('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES ($1, $2, $3)', [org.id, s, i]);
      });
    },

    async changeOrgSecrets(orgId, change) {
      return inTransaction(pool, async (c) => {
        // The org row's lock serialises concurrent changes: the second reads what the first wrote.
        const org = await c.query('SELECT id FROM relay_orgs WHERE id = $1 FOR UPDATE', [orgId]);
        if (org.rowCount === 0) return null;
        const { rows } = await c.query<{ secret: string }>('SELECT secret FROM relay_org_secrets WHERE org_id = $1 ORDER BY position', [orgId]);
        const next = changedSecrets(rows.map((r) => r.secret), change);
        await c.query('DELETE FROM relay_org_secrets WHERE org_id = $1', [orgId]);
        for (const [i, s] of next.entries()) await c.query('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES ($1, $2, $3)', [orgId, s, i]);
        return next;
      });
    },

    getOrg(orgId) {
      return orgCache.get(orgId);
    },

    async listOrgs() {
      const { rows } = await pool.query<OrgRow>(`${ORG_WITH_SECRETS} ORDER BY o.id`);
      return rows.map(toOrg);
    },

    insertEvent(event) {
      if (closed) return Promise.reject(new Error('relay store is closed'));
      return new Promise<InsertResult>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        // As on SQLite: deliveries read in this event-loop turn start the loop together, rather
        // than the first committing alone while the rest of its burst waits behind it.
        if (flushing) return;
        flushing = true;
        setImmediate(() => void flushLoop());
      });
    },

    async soleOrg() {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM relay_orgs ORDER BY id LIMIT 2');
      return rows.length === 1 && rows[0] ? orgCache.get(rows[0].id) : null;
    },

    async readEvents(orgId, after, limit, maxBytes = Number.MAX_SAFE_INTEGER) {
      // Sizes first (octet_length of a TOASTed value reads its header, not the value), then only
      // the page's rows. Two statements, no transaction: a prune in between removes a prefix,
      // which the server answers with 410, and rows committed since are past the cut.
      const sizes = await pool.query<{ seq: Int8; bytes: Int8 }>(
        'SELECT seq, octet_length(payload) AS bytes FROM relay_events WHERE org_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        [orgId, after, limit + 1],
      );
      const { take, hasMore } = pageCut(sizes.rows.map((r) => n(r.bytes)), limit, maxBytes);
      const last = sizes.rows[take - 1];
      if (!last) return { events: [], hasMore };
      const { rows } = await pool.query<EventRow>(
        'SELECT seq, event_id, type, created, payload, received_at FROM relay_events WHERE org_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
        [orgId, after, last.seq],
      );
      return { events: rows.map(toEvent), hasMore };
    },

    async cursorState(orgId) {
      const { rows } = await pool.query<{ last_seq: Int8; pruned_through: Int8 }>('SELECT last_seq, pruned_through FROM relay_orgs WHERE id = $1', [orgId]);
      const row = rows[0];
      return row ? { headSeq: n(row.last_seq), prunedThrough: n(row.pruned_through) } : null;
    },

    async findEvent(orgId, eventId) {
      const { rows } = await pool.query<EventRow & { signature: string }>(
        'SELECT seq, event_id, type, created, payload, received_at, signature FROM relay_events WHERE org_id = $1 AND event_id = $2',
        [orgId, eventId],
      );
      const row = rows[0];
      return row ? { ...toEvent(row), signature: row.signature } : null;
    },

    async createToken(t) {
      await pool.query('INSERT INTO relay_tokens (id, org_id, device, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [t.id, t.orgId, t.device, t.hash, t.createdAt]);
    },

    async findActiveToken(hash) {
      const { rows } = await pool.query<TokenRow>('SELECT * FROM relay_tokens WHERE token_hash = $1 AND revoked_at IS NULL', [hash]);
      return rows[0] ? toToken(rows[0]) : null;
    },

    async revokeToken(idOrDevice, at, orgId) {
      const { rows } = await pool.query<TokenRow>(
        `UPDATE relay_tokens SET revoked_at = $3
         WHERE revoked_at IS NULL AND (id = $1 OR device = $1) AND ($2::text IS NULL OR org_id = $2)
         RETURNING *`,
        [idOrDevice, orgId ?? null, at],
      );
      return rows.map(toToken);
    },

    async listTokens(orgId) {
      const { rows } = orgId
        ? await pool.query<TokenRow>('SELECT * FROM relay_tokens WHERE org_id = $1 ORDER BY created_at, id', [orgId])
        : await pool.query<TokenRow>('SELECT * FROM relay_tokens ORDER BY org_id, created_at, id');
      return rows.map(toToken);
    },

    async recordCursor(tokenId, cursor, at) {
      await pool.query('UPDATE relay_tokens SET last_cursor = $1, last_seen_at = $2 WHERE id = $3', [cursor, at, tokenId]);
    },

    async prune(before) {
      return inTransaction(pool, async (c) => {
        let removed = 0;
        const { rows: orgs } = await c.query<{ id: string }>('SELECT id FROM relay_orgs ORDER BY id');
        for (const { id } of orgs) {
          // Cut at a sequence, not a time: instances' clocks differ, and what goes must be a prefix.
          const { rows } = await c.query<{ cut: Int8 | null }>('SELECT max(seq) AS cut FROM relay_events WHERE org_id = $1 AND received_at < $2', [id, before]);
          const cut = nn(rows[0]?.cut ?? null);
          if (cut === null) continue;
          removed += (await c.query('DELETE FROM relay_events WHERE org_id = $1 AND seq <= $2', [id, cut])).rowCount ?? 0;
          await c.query('UPDATE relay_orgs SET pruned_through = GREATEST(pruned_through, $1) WHERE id = $2', [cut, id]);
        }
        return removed;
      });
    },

    async stats() {
      const { rows } = await pool.query<{ id: string; last_seq: Int8; pruned_through: Int8; n: Int8; last_received: Int8 | null }>(
        `SELECT o.id, o.last_seq, o.pruned_through,
                (SELECT count(*) FROM relay_events e WHERE e.org_id = o.id) AS n,
                (SELECT max(received_at) FROM relay_events e WHERE e.org_id = o.id) AS last_received
         FROM relay_orgs o ORDER BY o.id`,
      );
      return rows.map((r): OrgStats => ({ orgId: r.id, headSeq: n(r.last_seq), prunedThrough: n(r.pruned_through), storedEvents: n(r.n), lastReceivedAt: nn(r.last_received) }));
    },

    async ping() {
      await pool.query('SELECT 1');
    },

    onCommitted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async close() {
      if (closed) return;
      closed = true;
      while (flushing) await new Promise((r) => setTimeout(r, 5));
      await journal.close();
      const current = listener;
      listener = null;
      orgCache.setListening(false);
      await current?.client.end().catch(() => undefined);
      await Promise.all([pool.end(), writerPool.end()]);
    },
  };
  return store;
}
