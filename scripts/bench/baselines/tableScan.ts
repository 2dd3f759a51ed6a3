import Database from 'better-sqlite3';
import type { Baseline } from '../types';

/** The floor for a report: reading every row of `table` once, on its own read-only connection. */
export function tableScanBaseline(options: { file: string; table: string; iterations: number }): Baseline {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.table)) throw new Error(`not a table name: ${options.table}`);
  let db: Database.Database | null = null;
  return {
    name: `full scan of ${options.table}`,
    iterations: options.iterations,
    setup() {
      db = new Database(options.file, { readonly: true, fileMustExist: true });
      const stmt = db.prepare(`SELECT * FROM "${options.table}"`);
      return () => {
        let n = 0;
        for (const _row of stmt.iterate()) n++;
        return n;
      };
    },
    teardown() {
      db?.close();
      db = null;
    },
  };
}
