import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;

/** Tables with a rowid (new rows can be found by `rowid > last`); WITHOUT ROWID ones are counters updated in place. */
function rowidTables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'bench_%'`).all() as { name: string; sql: string }[])
    .filter((t) => !/WITHOUT\s+ROWID/i.test(t.sql) && /^[a-z_][a-z0-9_]*$/.test(t.name))
    .map((t) => t.name);
}

/** Bytes of a row as stored text: each value's length (numbers as 8 bytes), plus 8 for the rowid. */
const bytesOf = (row: Row): number => Object.values(row).reduce<number>((n, v) => n + (typeof v === 'string' ? Buffer.byteLength(v) : v === null ? 1 : 8), 8);

export type Written = { byTable: [string, Row[]][]; rowBytes: number[] };

/**
 * Runs `fn` and returns every row it inserted, table by table, with their sizes: what a
 * same-run baseline must write to compare like with like.
 */
export async function rowsWrittenBy(db: Database.Database, fn: () => Promise<unknown> | unknown): Promise<Written> {
  const tables = rowidTables(db);
  const last = tables.map((t) => (db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM "${t}"`).get() as { n: number }).n);
  await fn();
  const byTable: [string, Row[]][] = tables.map((t, i) => [t, db.prepare(`SELECT * FROM "${t}" WHERE rowid > ?`).all(last[i] ?? 0) as Row[]]);
  const nonEmpty = byTable.filter(([, rows]) => rows.length > 0);
  return { byTable: nonEmpty, rowBytes: nonEmpty.flatMap(([, rows]) => rows.map(bytesOf)) };
}

export const describeRows = (w: Written): string => w.byTable.map(([t, rows]) => `${rows.length} ${t}`).join(' + ');
