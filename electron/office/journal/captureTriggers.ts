import type Database from 'better-sqlite3';
import { journaledTables, specOf } from './tableKinds';

/**
 * Capture by TEMP triggers: every row a transaction writes to a journaled table is noted in
 * `temp.office_capture`, whatever path wrote it (a handler, the late-fee job, a Stripe event),
 * and folded into one entry before the transaction commits (foldCapture.ts).
 *
 * TEMP triggers live only on this connection and only while the desk is in an office: a
 * desk that is not pays nothing, and the store's schema (and its migration history) does not
 * change when a desk joins or leaves. `office_capturing()` is a function of this connection
 * that is false while remote entries are applied, so applying never journals again.
 */
export type Column = { name: string; pk: number };

export const columnsOf = (db: Database.Database, table: string): Column[] =>
  db.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(table) as Column[];

export const pkColumns = (columns: Column[]): string[] => columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);

const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(s)) throw new Error(`unexpected identifier ${s}`);
  return s;
};

function rowJson(ref: 'NEW' | 'OLD', columns: Column[]): string {
  return `json_object(${columns.map((c) => `${q(c.name)}, ${ref}.${ident(c.name)}`).join(', ')})`;
}

export function captureSql(db: Database.Database): string {
  const out: string[] = [
    `CREATE TEMP TABLE IF NOT EXISTS office_capture (n INTEGER PRIMARY KEY, tbl TEXT NOT NULL, op TEXT NOT NULL, pk TEXT, col TEXT, data TEXT)`,
  ];
  for (const table of journaledTables) {
    const spec = specOf(table);
    if (!spec) continue;
    const t = ident(table);
    const columns = columnsOf(db, table);
    const pk = pkColumns(columns);
    const derived = new Set(spec.derivedColumns ?? []);
    const journaled = columns.filter((c) => !derived.has(c.name));
    const deskKeyFilter = spec.deskKeys?.length ? ` AND NEW.${ident(pk[0] ?? 'key')} NOT IN (${spec.deskKeys.map(q).join(', ')})` : '';
    const oldDeskKeyFilter = deskKeyFilter.replace('NEW.', 'OLD.');
    const pkJson = (ref: 'NEW' | 'OLD') => `json_array(${pk.map((c) => `${ref}.${ident(c)}`).join(', ')})`;
    if (spec.rowLww) {
      out.push(`CREATE TEMP TRIGGER office_cap_i_${t} AFTER INSERT ON main.${t} WHEN office_capturing()${deskKeyFilter}
BEGIN INSERT INTO office_capture (tbl, op, pk, col, data) VALUES (${q(t)}, 'u', ${pkJson('NEW')}, '*', ${rowJson('NEW', journaled)}); END`);
      out.push(`CREATE TEMP TRIGGER office_cap_u_${t} AFTER UPDATE ON main.${t} WHEN office_capturing()${deskKeyFilter}
BEGIN INSERT INTO office_capture (tbl, op, pk, col, data) VALUES (${q(t)}, 'u', ${pkJson('NEW')}, '*', ${rowJson('NEW', journaled)}); END`);
    } else {
      out.push(`CREATE TEMP TRIGGER office_cap_i_${t} AFTER INSERT ON main.${t} WHEN office_capturing()${deskKeyFilter}
BEGIN INSERT INTO office_capture (tbl, op, data) VALUES (${q(t)}, 'i', ${rowJson('NEW', journaled)}); END`);
      const fields = journaled.filter((c) => c.pk === 0);
      // ledger_entries and audit_log refuse updates already; a field write is never a key.
      if (fields.length > 0 && table !== 'ledger_entries' && table !== 'audit_log') {
        const each = fields.map((c) => `SELECT ${q(t)}, 'u', ${pkJson('NEW')}, ${q(c.name)}, json_array(NEW.${ident(c.name)}) WHERE NEW.${ident(c.name)} IS NOT OLD.${ident(c.name)}`);
        out.push(`CREATE TEMP TRIGGER office_cap_u_${t} AFTER UPDATE OF ${fields.map((c) => ident(c.name)).join(', ')} ON main.${t} WHEN office_capturing()${deskKeyFilter}
BEGIN INSERT INTO office_capture (tbl, op, pk, col, data) ${each.join(' UNION ALL ')}; END`);
      }
    }
    out.push(`CREATE TEMP TRIGGER office_cap_d_${t} AFTER DELETE ON main.${t} WHEN office_capturing()${oldDeskKeyFilter}
BEGIN INSERT INTO office_capture (tbl, op, pk) VALUES (${q(t)}, 'd', ${pkJson('OLD')}); END`);
  }
  return out.join(';\n') + ';';
}

/** Installs the capture triggers on this connection (idempotent). */
export function installCapture(db: Database.Database): void {
  const exists = db.prepare(`SELECT 1 FROM temp.sqlite_master WHERE type = 'trigger' AND name LIKE 'office_cap_%' LIMIT 1`).get();
  if (!exists) db.exec(captureSql(db));
}
