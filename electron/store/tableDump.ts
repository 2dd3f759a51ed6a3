import Database from 'better-sqlite3';

/**
 * Reads whole tables for an export, on its own read-only connection inside one read
 * transaction (a consistent snapshot while the desk keeps writing). Table and column names
 * come from the database's own schema and are quoted as identifiers; no value is ever
 * part of the SQL text.
 */
export type TableSnapshot = {
  tables(): { name: string; columns: string[]; count: number }[];
  rows(table: string, columns: string[]): IterableIterator<unknown[]>;
  close(): void;
};

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function openTableSnapshot(file: string, keepColumn: (name: string) => boolean, nativeBinding?: string): TableSnapshot {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  db.exec('BEGIN');
  const names = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const known = new Set(names);
  return {
    tables: () =>
      names.map((name) => ({
        name,
        columns: (db.prepare('SELECT name FROM pragma_table_info(?)').all(name) as { name: string }[]).map((c) => c.name).filter(keepColumn),
        count: (db.prepare(`SELECT count(*) AS n FROM ${quoteIdent(name)}`).get() as { n: number }).n,
      })),
    rows: (table, columns) => {
      if (!known.has(table)) throw new Error(`unknown table ${table}`);
      // Rows in insertion order where there is a rowid, else in primary-key order (WITHOUT ROWID tables).
      const withoutRowid = (db.prepare('SELECT wr FROM pragma_table_list(?)').get(table) as { wr: number } | undefined)?.wr === 1;
      const keys = (db.prepare('SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk').all(table) as { name: string }[]).map((k) => quoteIdent(k.name));
      const order = withoutRowid ? keys.join(', ') : 'rowid';
      return db.prepare(`SELECT ${columns.map(quoteIdent).join(', ')} FROM ${quoteIdent(table)} ORDER BY ${order}`).raw(true).iterate() as IterableIterator<unknown[]>;
    },
    close: () => {
      if (db.inTransaction) db.exec('COMMIT');
      db.close();
    },
  };
}
