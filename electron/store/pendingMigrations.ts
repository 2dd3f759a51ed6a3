import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { readHistory } from './migrate';
import type { Migration } from './migrationTypes';
import { migrations as allMigrations } from './migrations';

/**
 * The schema steps a store file still needs, read without changing it: none for a file
 * that does not exist yet (its first open builds it in milliseconds) or that this build
 * cannot read (the open that follows reports why, as it always has).
 */
export function pendingMigrations(file: string, options: { migrations?: readonly Migration[]; nativeBinding?: string | undefined } = {}): Migration[] {
  const migrations = options.migrations ?? allMigrations;
  if (!existsSync(file)) return [];
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
    const history = readHistory(db);
    return history && history.length < migrations.length ? migrations.slice(history.length) : [];
  } catch {
    return [];
  } finally {
    db?.close();
  }
}
