import type { SqlValue } from '../../store/sql';
import { columnsOf, pkColumns } from './captureTriggers';
import type { DelOp, EntryOp, RowOp, RowValues, SetOp } from './entryFormat';
import { LOCAL_KEY, specOf } from './tableKinds';
import type { OfficeTable } from './tableKinds';
import { statements } from './journalContext';
import type { JournalContext } from './journalContext';

type TableInfo = { columns: Set<string>; pk: string[]; derived: Set<string>; localKey: string | null };

/**
 * Applies one entry's rows and field writes to this desk: rows by union (a row already held
 * is left alone), fields last-writer-wins by HLC, derived columns recomputed (an item's paid
 * amount moves with the allocation rows that arrive; the summary tables follow their
 * triggers). Every table and column name comes from the entry only after it is checked
 * against the table classification and the schema.
 */
export function createOpApplier(ctx: JournalContext) {
  const { db } = ctx;
  const stmt = statements(db);
  const infos = new Map<string, TableInfo>();
  const info = (table: string): TableInfo => {
    let i = infos.get(table);
    if (i) return i;
    const spec = specOf(table);
    if (!spec || spec.kind === 'derived' || spec.kind === 'desk') throw new Error(`an office entry writes ${table.slice(0, 60)}, which is not an office table`);
    const columns = columnsOf(db, table);
    i = { columns: new Set(columns.map((c) => c.name)), pk: pkColumns(columns), derived: new Set(spec.derivedColumns ?? []), localKey: LOCAL_KEY[table as OfficeTable] ?? null };
    infos.set(table, i);
    return i;
  };
  const checkColumn = (table: string, t: TableInfo, column: string) => {
    if (!t.columns.has(column) || t.derived.has(column)) throw new Error(`an office entry writes ${table}.${column.slice(0, 60)}, which is not a journaled column`);
  };
  const pkWhere = (t: TableInfo) => t.pk.map((c) => `${c} = ?`).join(' AND ');

  function applyRow(op: RowOp, entryDesk: string): void {
    if (op.t === 'audit_log') {
      const r = op.r;
      stmt(`INSERT INTO office_audit_log (desk, seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(entryDesk, r.seq, r.at, r.actor_id, r.actor_name, r.override_by, r.action,
        r.entity_type, r.entity_id, r.request_id, r.before_json, r.after_json, r.prev_hash, r.hash);
      return;
    }
    const t = info(op.t);
    const cols = Object.keys(op.r).filter((c) => c !== t.localKey && !t.derived.has(c));
    for (const c of cols) checkColumn(op.t, t, c);
    if (!t.localKey) {
      const held = stmt(`SELECT 1 FROM ${op.t} WHERE ${pkWhere(t)}`).get(...t.pk.map((c) => op.r[c] ?? null));
      if (held) return;
    }
    stmt(`INSERT INTO ${op.t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(...cols.map((c) => op.r[c] ?? null));
    if (op.t === 'ledger_entries' && op.r.account === 'allocated') {
      stmt('UPDATE schedule_items SET paid_amount = paid_amount + ? WHERE id = ?').run(op.r.amount, op.r.item_id);
    }
  }

  /** True when the write was applied (later than the one held), false when the held one stays. */
  function applySet(op: SetOp): boolean {
    const t = info(op.t);
    const pkText = JSON.stringify(op.pk);
    const held = stmt('SELECT hlc FROM office_field_clock WHERE tbl = ? AND pk = ? AND col = ?').get(op.t, pkText, op.c) as { hlc: string } | undefined;
    ctx.clock.recv(op.h);
    if (held && held.hlc >= op.h) return false;
    if (op.c === '*') {
      const row = op.v as RowValues;
      const cols = Object.keys(row);
      for (const c of cols) checkColumn(op.t, t, c);
      const updates = cols.filter((c) => !t.pk.includes(c));
      stmt(`INSERT INTO ${op.t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
        ON CONFLICT (${t.pk.join(', ')}) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}`).run(...cols.map((c) => row[c] ?? null));
    } else {
      checkColumn(op.t, t, op.c);
      if (t.pk.includes(op.c)) throw new Error(`an office entry rewrites the key of ${op.t}`);
      stmt(`UPDATE ${op.t} SET ${op.c} = ? WHERE ${pkWhere(t)}`).run(op.v as SqlValue, ...op.pk);
    }
    stmt(`INSERT INTO office_field_clock (tbl, pk, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc`).run(op.t, pkText, op.c, op.h);
    return true;
  }

  function applyDel(op: DelOp): void {
    const t = info(op.t);
    ctx.clock.recv(op.h);
    stmt(`DELETE FROM ${op.t} WHERE ${pkWhere(t)}`).run(...op.pk);
  }

  return {
    /** Applies the ops in order; returns how many field writes lost to a later one held here. */
    apply(ops: readonly EntryOp[], entryDesk: string): { lost: number } {
      let lost = 0;
      for (const op of ops) {
        if (op.k === 'row') applyRow(op, entryDesk);
        else if (op.k === 'set') lost += applySet(op) ? 0 : 1;
        else applyDel(op);
      }
      return { lost };
    },
  };
}

export type OpApplier = ReturnType<typeof createOpApplier>;
