import type Database from 'better-sqlite3';

type Row = Record<string, unknown>;

type TableInfo = { name: string; withoutRowid: boolean; pk: string[] };

const quote = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
};

function tables(db: Database.Database): TableInfo[] {
  return (db.prepare(`SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'bench_%'`).all() as { name: string; wr: number }[])
    .filter((t) => /^[a-z_][a-z0-9_]*$/.test(t.name))
    .map((t) => ({
      name: t.name,
      withoutRowid: t.wr === 1,
      pk: (db.prepare('SELECT name, pk FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(t.name) as { name: string }[]).map((c) => c.name),
    }));
}

/** Bytes of a row as stored text: each value's length (numbers as 8 bytes), plus 8 for the rowid. */
const bytesOf = (row: Row): number => Object.values(row).reduce<number>((n, v) => n + (typeof v === 'string' ? Buffer.byteLength(v) : v === null ? 1 : 8), 8);

export type Written = { byTable: [string, Row[]][]; rowBytes: number[] };

/**
 * How to find, after the operation, the rows it inserted into one table:
 *  - a rowid table: `rowid > last`;
 *  - a WITHOUT ROWID table keyed by one time-ordered `id` (payments, receipts): ids after
 *    the largest one, with the row count proving that those are all the new rows;
 *  - other WITHOUT ROWID tables are counters and summaries updated in place (desk counters,
 *    revenue_daily, item_totals…): not rows a baseline should insert, as before.
 */
function snapshot(db: Database.Database, t: TableInfo): (() => Row[]) | null {
  const q = quote(t.name);
  if (!t.withoutRowid) {
    const last = (db.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM ${q}`).get() as { n: number }).n;
    return () => db.prepare(`SELECT * FROM ${q} WHERE rowid > ?`).all(last) as Row[];
  }
  if (t.pk.length !== 1 || t.pk[0] !== 'id') return null;
  const count = () => (db.prepare(`SELECT count(*) AS n FROM ${q}`).get() as { n: number }).n;
  const before = count();
  const max = (db.prepare(`SELECT max(id) AS id FROM ${q}`).get() as { id: string | null }).id ?? '';
  return () => {
    const rows = db.prepare(`SELECT * FROM ${q} WHERE id > ?`).all(max) as Row[];
    const added = count() - before;
    if (rows.length !== added) throw new Error(`${t.name}: ${added} new rows but ${rows.length} after the largest id; its ids are not time-ordered`);
    return rows;
  };
}

/**
 * Runs `fn` and returns every row it inserted, table by table, with their sizes: what a
 * same-run baseline must write to compare like with like.
 */
export async function rowsWrittenBy(db: Database.Database, fn: () => Promise<unknown> | unknown): Promise<Written> {
  const all = tables(db);
  const after = all.map((t) => snapshot(db, t));
  await fn();
  const byTable: [string, Row[]][] = all.map((t, i) => [t.name, after[i]?.() ?? []]);
  const nonEmpty = byTable.filter(([, rows]) => rows.length > 0);
  return { byTable: nonEmpty, rowBytes: nonEmpty.flatMap(([, rows]) => rows.map(bytesOf)) };
}

export const describeRows = (w: Written): string => w.byTable.map(([t, rows]) => `${rows.length} ${t}`).join(' + ');
