import type Database from 'better-sqlite3';
import type { Baseline } from '../types';

type Row = Record<string, unknown>;
const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
};

/**
 * A stricter floor than `bareInsertBaseline`: the very rows one operation wrote, inserted by
 * plain INSERTs into shadow tables (`bench_<table>`) with the same columns and the same
 * indexes (primary keys, unique and partial ones), in the same database file and
 * connection, one IMMEDIATE transaction each (WAL, synchronous=FULL). Unique columns get a
 * per-iteration suffix. What is left between this and the channel is the core's own work:
 * validation, idempotency lookup, reads, allocation, audit hashing.
 */
export function sameRowsBaseline(options: { name: string; db: Database.Database; byTable: [string, Row[]][]; iterations: number }): Baseline {
  const { db } = options;
  const shadows: string[] = [];
  return {
    name: options.name,
    iterations: options.iterations,
    setup() {
      const plans = options.byTable.map(([table, rows]) => {
        const shadow = `bench_${table}`;
        shadows.push(shadow);
        const cols = db.prepare('SELECT name, pk FROM pragma_table_info(?)').all(table) as { name: string; pk: number }[];
        db.exec(`DROP TABLE IF EXISTS ${ident(shadow)}`);
        // A WITHOUT ROWID table is its primary-key B-tree: so is its shadow, with no separate key index.
        const withoutRowid = (db.prepare(`SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ?`).get(table) as { wr: number } | undefined)?.wr === 1;
        const pk = cols.filter((c) => c.pk).sort((a, b) => a.pk - b.pk).map((c) => ident(c.name));
        db.exec(withoutRowid
          ? `CREATE TABLE ${ident(shadow)} (${cols.map((c) => ident(c.name)).join(', ')}, PRIMARY KEY (${pk.join(', ')})) WITHOUT ROWID`
          : `CREATE TABLE ${ident(shadow)} (${cols.map((c) => ident(c.name)).join(', ')})`);
        const unique = new Set<string>(cols.filter((c) => c.pk).map((c) => c.name));
        for (const idx of db.prepare('SELECT name, "unique", partial, origin FROM pragma_index_list(?)').all(table) as { name: string; unique: number; partial: number; origin: string }[]) {
          if (withoutRowid && idx.origin === 'pk') continue;
          const on = (db.prepare('SELECT name FROM pragma_index_info(?)').all(idx.name) as { name: string | null }[]).map((c) => c.name).filter((c): c is string => c !== null);
          if (on.length === 0) continue;
          const where = idx.partial ? ((db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(idx.name) as { sql: string | null } | undefined)?.sql?.match(/ WHERE (.*)$/s)?.[1] ?? null) : null;
          if (idx.unique) on.forEach((c) => unique.add(c));
          db.exec(`CREATE ${idx.unique ? 'UNIQUE ' : ''}INDEX ${ident(`bench_${idx.name}`)} ON ${ident(shadow)} (${on.map(ident).join(', ')})${where ? ` WHERE ${where}` : ''}`);
        }
        const insert = db.prepare(`INSERT INTO ${ident(shadow)} (${cols.map((c) => ident(c.name)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
        return { rows, cols: cols.map((c) => c.name), unique, insert };
      });
      const tx = db.transaction((i: number) => {
        for (const p of plans) {
          for (const row of p.rows) {
            p.insert.run(...p.cols.map((c) => {
              const v = row[c];
              if (v === undefined || v === null) return null;
              if (!p.unique.has(c)) return v;
              return typeof v === 'number' ? v + (i + 1) * 1_000_000_000 : `${String(v)}~${i}`;
            }));
          }
        }
      });
      return (i: number) => tx.immediate(i);
    },
    teardown() {
      for (const s of shadows) db.exec(`DROP TABLE IF EXISTS ${ident(s)}`);
    },
  };
}
