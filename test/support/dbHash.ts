import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * The database file's bytes after folding the WAL back into it: any committed change, even
 * one no query would notice, changes this hash. Needs no other connection holding a read
 * snapshot, or the checkpoint cannot complete (then the result says so).
 */
export function fileContentHash(db: Database.Database, file: string): string {
  const [row] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  if (row && row.busy !== 0) throw new Error('wal_checkpoint could not complete: another connection holds the database');
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * A cheap "could anything have been written?" marker for one connection: rows changed by
 * any statement (counted even when rolled back) and the schema cookie (DDL). When it is
 * unchanged nothing was written and the full file hash can be skipped.
 */
export function writeMarker(db: Database.Database): string {
  const changes = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${changes}/${String(db.pragma('schema_version', { simple: true }))}`;
}

/**
 * Every row of every table, in a stable order, plus the schema: for when another connection
 * holds a lock and the file cannot be checkpointed.
 */
export function logicalHash(db: Database.Database): string {
  const h = createHash('sha256');
  const tables = db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as { name: string; sql: string | null }[];
  for (const t of tables) {
    h.update(`${t.name}\n${t.sql ?? ''}\n`);
  }
  const names = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  for (const { name } of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unexpected table name ${name}`);
    // Sorted in JS: WITHOUT ROWID tables have no rowid to order by.
    const rows: string[] = [];
    for (const row of db.prepare(`SELECT * FROM "${name}"`).raw().iterate()) rows.push(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
    for (const row of rows.sort()) h.update(`${row}\n`);
  }
  return h.digest('hex');
}
