import { sql } from '../../store/sql';
import { columnsOf, pkColumns } from './captureTriggers';
import type { EntryOp, RowValues } from './entryFormat';
import type { JournalContext } from './journalContext';
import { LOCAL_KEY, journaledTables, specOf } from './tableKinds';

/**
 * The office's first entry: the books of the desk that creates the office, table by table in
 * foreign-key order, as if each row had just been written (settings as field writes, so a
 * later write anywhere wins). Other desks apply it before anything else; a large office
 * moves to snapshots (the transport's half) instead of one huge entry.
 */
export function seedOps(ctx: JournalContext): EntryOp[] {
  const ops: EntryOp[] = [];
  for (const table of journaledTables) {
    const spec = specOf(table);
    if (!spec) continue;
    const columns = columnsOf(ctx.db, table);
    const derived = new Set(spec.derivedColumns ?? []);
    const keep = columns.filter((c) => !derived.has(c.name)).map((c) => c.name);
    const order = LOCAL_KEY[table] ?? pkColumns(columns).join(', ');
    // Table and column names come from the classification and the schema, never from input.
    const q = sql`SELECT ${sql.raw(keep.join(', '))} FROM ${sql.raw(table)} ORDER BY ${sql.raw(table === 'schedule_items' || table === 'ledger_entries' ? 'rowid' : order)}`;
    const rows = ctx.db.prepare(q.text).all() as RowValues[];
    const deskKeys = new Set<string>(spec.deskKeys ?? []);
    for (const r of rows) {
      if (spec.rowLww) {
        const key = String(r.key);
        if (deskKeys.has(key)) continue;
        ops.push({ k: 'set', t: table, pk: [key], c: '*', v: r, h: ctx.clock.send() });
      } else {
        ops.push({ k: 'row', t: table, r });
      }
    }
  }
  return ops;
}
