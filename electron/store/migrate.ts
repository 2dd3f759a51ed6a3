import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Migration } from './migrationTypes';

export const checksumOf = (m: Migration): string => createHash('sha256').update(`${m.version}\n${m.name}\n${m.sql}`).digest('hex');

export type HistoryRow = { version: number; name: string; checksum: string };

export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

const HISTORY_TABLE = 'schema_migrations';

export function readHistory(db: Database.Database): HistoryRow[] | null {
  const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(HISTORY_TABLE);
  if (!exists) return null;
  return db.prepare(`SELECT version, name, checksum FROM ${HISTORY_TABLE} ORDER BY version`).all() as HistoryRow[];
}

/**
 * Compares what the file says was applied with the migrations this build ships.
 * Any difference — an edited, missing, reordered or unknown step — is refused: running
 * on a schema we did not make is how money data gets corrupted.
 */
export function verifyHistory(history: HistoryRow[], migrations: readonly Migration[]): void {
  history.forEach((row, i) => {
    const expected = migrations[i];
    if (!expected) {
      throw new StoreOpenError(`The database was written by a newer Bursar (schema step ${row.version} "${row.name}" is unknown to this version). Update Bursar; the file was not changed.`);
    }
    if (row.version !== expected.version || row.name !== expected.name || row.checksum !== checksumOf(expected)) {
      throw new StoreOpenError(`The database's migration history does not match this version of Bursar at step ${row.version} "${row.name}" (expected step ${expected.version} "${expected.name}"). The file was not changed.`);
    }
  });
}

/** One schema step about to run: the `step`-th of the `of` this open applies. */
export type MigrationStep = { step: number; of: number; version: number; name: string };

export function applyMigrations(db: Database.Database, migrations: readonly Migration[], now: () => Date, onStep?: (step: MigrationStep) => void): number {
  db.exec(`CREATE TABLE IF NOT EXISTS ${HISTORY_TABLE} (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const history = readHistory(db) ?? [];
  verifyHistory(history, migrations);
  const insert = db.prepare(`INSERT INTO ${HISTORY_TABLE} (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)`);
  const pending = migrations.slice(history.length);
  for (const [i, m] of pending.entries()) {
    onStep?.({ step: i + 1, of: pending.length, version: m.version, name: m.name });
    // Each step and its history row commit together, or not at all.
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, checksumOf(m), now().toISOString());
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return migrations.at(-1)?.version ?? 0;
}
