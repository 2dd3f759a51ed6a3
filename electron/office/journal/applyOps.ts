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

  /** The held HLC lost to this write: it applies. Moves this desk's clock past the write either way. */
  function wins(op: SetOp): boolean {
    const held = stmt('SELECT hlc FROM office_field_clock WHERE tbl = ? AND pk = ? AND col = ?').get(op.t, JSON.stringify(op.pk), op.c) as { hlc: string } | undefined;
    ctx.clock.recv(op.h);
    return !held || held.hlc < op.h;
  }
  const holdClock = (op: SetOp) =>
    stmt(`INSERT INTO office_field_clock (tbl, pk, col, hlc) VALUES (?, ?, ?, ?) ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc`).run(op.t, JSON.stringify(op.pk), op.c, op.h);

  /**
   * One row's field writes from one UPDATE at the writing desk, applied in one UPDATE here
   * too: a CHECK that ties columns together (a void's status and time) holds only for the
   * columns together. Returns how many writes lost to a later one held here.
   */
  function applySets(group: readonly SetOp[]): number {
    const first = group[0];
    if (!first) return 0;
    const t = info(first.t);
    if (first.c === '*') {
      if (!wins(first)) return 1;
      const row = first.v as RowValues;
      const cols = Object.keys(row);
      for (const c of cols) checkColumn(first.t, t, c);
      const updates = cols.filter((c) => !t.pk.includes(c));
      stmt(`INSERT INTO ${first.t} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
        ON CONFLICT (${t.pk.join(', ')}) DO UPDATE SET ${updates.map((c) => `${c} = excluded.${c}`).join(', ')}`).run(...cols.map((c) => row[c] ?? null));
      holdClock(first);
      return 0;
    }
    const winners = group.filter(wins);
    if (winners.length === 0) return group.length;
    for (const op of winners) {
      checkColumn(op.t, t, op.c);
      if (t.pk.includes(op.c)) throw new Error(`an office entry rewrites the key of ${op.t}`);
    }
    stmt(`UPDATE ${first.t} SET ${winners.map((op) => `${op.c} = ?`).join(', ')} WHERE ${pkWhere(t)}`).run(...winners.map((op) => op.v as SqlValue), ...first.pk);
    for (const op of winners) holdClock(op);
    return group.length - winners.length;
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
      for (let i = 0; i < ops.length; i += 1) {
        const op = ops[i] as EntryOp;
        if (op.k === 'row') applyRow(op, entryDesk);
        else if (op.k === 'del') applyDel(op);
        else {
          // The writes of one row that follow each other (one UPDATE at the writing desk) go together.
          const group: SetOp[] = [op];
          const key = JSON.stringify(op.pk);
          while (op.c !== '*') {
            const next = ops[i + 1];
            if (next?.k !== 'set' || next.t !== op.t || next.c === '*' || JSON.stringify(next.pk) !== key || group.some((g) => g.c === next.c)) break;
            group.push(next);
            i += 1;
          }
          lost += applySets(group);
        }
      }
      return { lost };
    },
  };
}

export type OpApplier = ReturnType<typeof createOpApplier>;
