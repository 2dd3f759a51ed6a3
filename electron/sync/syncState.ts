import { sql } from '../store/sql';
import type { Store } from '../store/store';

/** Small key/value facts of the sync worker that must survive a restart (cursor, relay URL). */
export function readSyncState(store: Store, key: string): string | null {
  return store.get<{ value: string }>(sql`SELECT value FROM sync_state WHERE key = ${key}`)?.value ?? null;
}

export function writeSyncState(store: Store, key: string, value: string | null): void {
  if (value === null) store.run(sql`DELETE FROM sync_state WHERE key = ${key}`);
  else store.run(sql`INSERT INTO sync_state (key, value) VALUES (${key}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

export const readCursor = (store: Store): number => Number(readSyncState(store, 'relay.cursor') ?? '0');
