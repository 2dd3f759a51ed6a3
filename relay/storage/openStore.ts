import { join } from 'node:path';
import { openPostgresStore } from './postgresStore';
import type { PostgresFaults } from './postgresStore';
import { openSqliteStore } from './sqliteStore';
import type { RelayStore } from './types';

export type StoreConfig = {
  /** `postgres://…`: use PostgreSQL (several instances may share it). Otherwise the embedded SQLite file. */
  databaseUrl?: string;
  /** Folder for the SQLite file (`relay.sqlite`). */
  dataDir?: string;
  /** false: administration only (CLI), no event writer is started. */
  ingest?: boolean;
  faults?: PostgresFaults;
  onError?: (error: Error) => void;
};

export const isPostgresUrl = (url: string | undefined): url is string => !!url && /^postgres(ql)?:\/\//.test(url);

export async function openStore(config: StoreConfig): Promise<RelayStore> {
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    if (!isPostgresUrl(config.databaseUrl)) throw new Error('RELAY_DATABASE_URL must start with postgres:// or postgresql://');
    return openPostgresStore({ url: config.databaseUrl, faults: config.faults, onError: config.onError });
  }
  if (!config.dataDir) throw new Error('the relay needs a data folder (RELAY_DATA_DIR or --data-dir) or RELAY_DATABASE_URL');
  return openSqliteStore(join(config.dataDir, 'relay.sqlite'), { ingest: config.ingest });
}
