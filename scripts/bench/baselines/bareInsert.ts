import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Baseline } from '../types';

/**
 * The floor for a recorded mutation: bare better-sqlite3 inserts of rows of the same
 * sizes, at the same durability (WAL, synchronous=FULL), one IMMEDIATE transaction per
 * operation — what any durable write must pay, with none of Bursar's checks.
 */
export function bareInsertBaseline(options: { name: string; dir: string; rowBytes: readonly number[]; iterations: number }): Baseline {
  let db: Database.Database | null = null;
  return {
    name: options.name,
    iterations: options.iterations,
    setup() {
      db = new Database(join(options.dir, `baseline-${options.name.replace(/[^a-z0-9]+/gi, '-')}.sqlite`));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, payload TEXT NOT NULL) STRICT');
      const insert = db.prepare('INSERT INTO rows (k, payload) VALUES (?, ?)');
      const payloads = options.rowBytes.map((n) => 'x'.repeat(Math.max(0, n - 24)));
      const handle = db;
      const write = handle.transaction((i: number) => {
        payloads.forEach((p, j) => insert.run(`op-${i}-${j}-${'k'.repeat(8)}`, p));
      });
      return (i: number) => write.immediate(i);
    },
    teardown() {
      db?.close();
      db = null;
    },
  };
}
