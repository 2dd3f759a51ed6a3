import type { IncomingEntry, OfficeJournal } from '../../../electron/office/journalPort';
import { officeDeskId } from '../../../electron/office/transport/membership';
import { sql } from '../../../electron/store/sql';
import type { Store } from '../../../electron/store/store';

/**
 * The simplest office journal that can prove the transport: each entry adds `delta` to a
 * named counter. It deliberately does NOT skip an entry it has applied before: it counts how
 * often each id was applied (`times`), so a page the transport applied twice shows up as a
 * count of 2 and a wrong total, instead of being hidden by the journal's own idempotence.
 * A desk's own entries apply when they come back from the hub, so every desk sums the same.
 */
export type KvJournal = OfficeJournal & {
  /** Journals `delta` for `key` (the desk must have joined: entries carry its hub desk id). */
  add(key: string, delta: number): string;
  value(key: string): number;
  /** Entries applied more than once (must stay empty). */
  doubles(): { id: string; times: number }[];
  appliedCount(): number;
};

export const KV_CHANNEL = 'payments:list';

let counter = 0;

export function createKvJournal(store: Store, options: { spinMsPerEntry?: number } = {}): KvJournal {
  store.raw.exec(`
    CREATE TABLE IF NOT EXISTS kv_outbox (id TEXT PRIMARY KEY, desk TEXT NOT NULL, desk_seq INTEGER NOT NULL UNIQUE, body BLOB NOT NULL, sent_cursor INTEGER) STRICT;
    CREATE TABLE IF NOT EXISTS kv_values (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
    CREATE TABLE IF NOT EXISTS kv_applied (id TEXT PRIMARY KEY, cursor INTEGER NOT NULL, times INTEGER NOT NULL) STRICT;
  `);
  const spin = (ms: number) => {
    const until = performance.now() + ms;
    while (performance.now() < until);
  };
  const apply = (e: IncomingEntry) => {
    const { key, delta } = JSON.parse(Buffer.from(e.body).toString('utf8')) as { key: string; delta: number };
    store.run(sql`INSERT INTO kv_applied (id, cursor, times) VALUES (${e.id}, ${e.cursor}, 1) ON CONFLICT (id) DO UPDATE SET times = times + 1`);
    store.run(sql`INSERT INTO kv_values (key, value) VALUES (${key}, ${delta}) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value`);
    if (options.spinMsPerEntry) spin(options.spinMsPerEntry);
  };
  return {
    add(key, delta) {
      const desk = officeDeskId(store);
      if (!desk) throw new Error('the desk has not joined an office');
      const id = `kv_${process.pid}_${Date.now().toString(36)}_${++counter}`;
      store.transaction(() => {
        const seq = (store.get<{ n: number | null }>(sql`SELECT max(desk_seq) AS n FROM kv_outbox`)?.n ?? 0) + 1;
        store.run(sql`INSERT INTO kv_outbox (id, desk, desk_seq, body) VALUES (${id}, ${desk}, ${seq}, ${Buffer.from(JSON.stringify({ key, delta }))})`);
      });
      return id;
    },
    value: (key) => store.get<{ value: number }>(sql`SELECT value FROM kv_values WHERE key = ${key}`)?.value ?? 0,
    doubles: () => store.all<{ id: string; times: number }>(sql`SELECT id, times FROM kv_applied WHERE times > 1`),
    appliedCount: () => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM kv_applied`)?.n ?? 0,
    unsent(limit) {
      return store
        .all<{ id: string; desk: string; desk_seq: number; body: Uint8Array }>(sql`SELECT id, desk, desk_seq, body FROM kv_outbox WHERE sent_cursor IS NULL ORDER BY desk_seq LIMIT ${limit}`)
        .map((r) => ({ id: r.id, desk: r.desk, deskSeq: r.desk_seq, body: new Uint8Array(r.body) }));
    },
    unsentCount: () => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM kv_outbox WHERE sent_cursor IS NULL`)?.n ?? 0,
    markSent(acks) {
      store.transaction(() => {
        for (const a of acks) store.run(sql`UPDATE kv_outbox SET sent_cursor = ${a.cursor} WHERE id = ${a.id}`);
      });
    },
    applyPage(entries) {
      for (const e of entries) apply(e);
      return { applied: entries.length, skipped: 0, conflicts: 0, channels: [KV_CHANNEL] };
    },
  };
}
