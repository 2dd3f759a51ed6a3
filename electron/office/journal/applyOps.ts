import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { canonicalJson } from '../../core/canonicalJson';
import type { SqlValue } from '../../store/sql';
import { columnsOf, pkColumns } from './captureTriggers';
import { decodeEntry } from './entryFormat';
import type { DelOp, EntryOp, RowOp, RowValues, SetOp } from './entryFormat';
import { derivedId } from './sameItemPaid';
import { createItemPlacer } from './itemPlaces';
import { LOCAL_KEY, UNIQUE_VALUES, specOf } from './tableKinds';
import type { OfficeTable } from './tableKinds';
import { noteOrigin, statements } from './journalContext';
import type { JournalContext } from './journalContext';

type TableInfo = { columns: Set<string>; pk: string[]; derived: Set<string>; localKey: string | null; unique: readonly string[] };

/** The value a row made later in the office order gets when another row holds it: the same on every desk. */
export const suffixed = (value: string, pk: readonly SqlValue[]): string =>
  // a username is at most 40 characters of a-z 0-9 . _ - : the suffix keeps it one
  `${value.slice(0, 33)}-${createHash('sha256').update(JSON.stringify(pk)).digest('hex').slice(0, 6)}`;

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
    i = { columns: new Set(columns.map((c) => c.name)), pk: pkColumns(columns), derived: new Set(spec.derivedColumns ?? []), localKey: LOCAL_KEY[table as OfficeTable] ?? null, unique: UNIQUE_VALUES[table as OfficeTable] ?? [] };
    infos.set(table, i);
    return i;
  };
  const checkColumn = (table: string, t: TableInfo, column: string) => {
    if (!t.columns.has(column) || t.derived.has(column)) throw new Error(`an office entry writes ${table}.${column.slice(0, 60)}, which is not a journaled column`);
  };
  const pkWhere = (t: TableInfo) => t.pk.map((c) => `${c} = ?`).join(' AND ');

  /**
   * A row's INSERT (and the look-up of a row already held), checked and prepared once per
   * table and set of columns: a page applies thousands of rows of a few shapes.
   */
  type InsertPlan = { cols: string[]; insert: Database.Statement; held: Database.Statement | null };
  const plans = new Map<string, InsertPlan>();
  const insertPlan = (table: string, t: TableInfo, row: RowValues): InsertPlan => {
    const keys = Object.keys(row);
    const shape = `${table} ${keys.join(',')}`;
    let plan = plans.get(shape);
    if (plan) return plan;
    const cols = keys.filter((c) => c !== t.localKey && !t.derived.has(c));
    for (const c of cols) checkColumn(table, t, c);
    plan = {
      cols,
      insert: stmt(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`),
      held: t.localKey ? null : stmt(`SELECT 1 FROM ${table} WHERE ${pkWhere(t)}`),
    };
    plans.set(shape, plan);
    return plan;
  };

  let flagged = 0;
  let entryId = '';

  /** This desk's own entries decoded during the page, by id (an entry's body never changes). */
  const ownOps = new Map<string, readonly EntryOp[]>();
  const opsOf = (id: string, body: Buffer): readonly EntryOp[] => {
    let ops = ownOps.get(id);
    if (!ops) {
      ops = decodeEntry(new Uint8Array(body)).ops;
      ownOps.set(id, ops);
    }
    return ops;
  };

  /** The ops of this desk's entries the office has not ordered yet (so later than any it applies), oldest first. */
  function ownUnorderedOps(): EntryOp[] {
    const own = stmt('SELECT id, body FROM office_entries INDEXED BY office_entries_unordered WHERE desk = ? AND cursor IS NULL AND body IS NOT NULL ORDER BY desk_seq').all(ctx.deskId) as { id: string; body: Buffer }[];
    return own.flatMap((o) => opsOf(o.id, o.body));
  }

  /** Whether one of this desk's entries the office has not ordered yet wrote `value` to that field. */
  function pendingOwnWrote(table: string, pk: readonly SqlValue[], column: string, value: SqlValue): boolean {
    const key = JSON.stringify(pk);
    return ownUnorderedOps().some((op) =>
      (op.k === 'row' && op.t === table && op.r[column] === value && JSON.stringify(info(table).pk.map((c) => op.r[c] ?? null)) === key)
      || (op.k === 'set' && op.t === table && op.c === column && op.v === value && JSON.stringify(op.pk) === key));
  }

  /**
   * A unique value (UNIQUE_VALUES) that another row already holds here: the row made later in
   * the office order keeps it with a suffix. The incoming row is the later one, unless the row
   * held here got it from this desk's own entry not yet ordered: then that row is renamed here,
   * as every other desk renames it when that entry reaches them. Returns the value to write.
   */
  function settleUnique(table: string, t: TableInfo, column: string, pk: readonly SqlValue[], value: SqlValue): SqlValue {
    if (value === null || typeof value !== 'string') return value;
    const holder = stmt(`SELECT ${t.pk.join(', ')} FROM ${table} WHERE ${column} = ? LIMIT 1`).get(value) as RowValues | undefined;
    if (!holder) return value;
    const heldPk = t.pk.map((c) => holder[c] ?? null);
    if (JSON.stringify(heldPk) === JSON.stringify(pk)) return value;
    const heldIsLater = pendingOwnWrote(table, heldPk, column, value);
    const renamedPk = heldIsLater ? heldPk : pk;
    const renamedTo = suffixed(value, renamedPk);
    if (heldIsLater) stmt(`UPDATE ${table} SET ${column} = ? WHERE ${pkWhere(t)}`).run(renamedTo, ...heldPk);
    const id = derivedId('cf', 'duplicate_value', table, column, JSON.stringify(renamedPk));
    stmt(`INSERT INTO office_conflicts (id, kind, entity_type, entity_id, detail_json, entry_id) VALUES (?, 'duplicate_value', ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(id, table, String(renamedPk[0]), canonicalJson({ table, column, value, renamedTo, keptId: String((heldIsLater ? pk : heldPk)[0]), renamedId: String(renamedPk[0]) }), entryId);
    flagged += 1;
    return heldIsLater ? value : renamedTo;
  }

  /**
   * A row this desk made in an entry not yet ordered that an earlier creation has taken over
   * (`takeCreation`): it is that creation's row from then on, in the office order already, and
   * no longer this desk's own later one. Noted as an origin `<table>.taken`, by the taking entry.
   */
  const takenKey = (table: string): string => `${table}.taken`;
  const wasTaken = (table: string, t: TableInfo, row: RowValues): boolean =>
    stmt('SELECT 1 FROM office_row_origin WHERE tbl = ? AND pk = ?').get(takenKey(table), JSON.stringify(t.pk.map((c) => row[c] ?? null))) !== undefined;

  /**
   * The rows of `table` that this desk's entries not yet ordered made, as written, oldest first;
   * without those an earlier creation has taken over (a third desk's creation of the same row
   * is then later than the row held, and a row placed after it comes after it, as on every desk).
   */
  const ownUnorderedRows = (table: string): RowValues[] => {
    const t = info(table);
    return ownUnorderedOps().flatMap((op) => (op.k === 'row' && op.t === table && !wasTaken(table, t, op.r) ? [op.r] : []));
  };

  /**
   * Writes an earlier creation's values over the row this desk's own later creation made, except
   * the fields written since (held clocks: they are later than any creation, as they are on every
   * other desk, which keeps the first creation and applies those writes after it). Notes the
   * row taken (`wasTaken`).
   */
  function takeCreation(table: string, t: TableInfo, pk: readonly SqlValue[], row: RowValues): void {
    const clocked = new Set((stmt('SELECT col FROM office_field_clock WHERE tbl = ? AND pk = ?').all(table, JSON.stringify(pk)) as { col: string }[]).map((c) => c.col));
    const cols = Object.keys(row).filter((c) => !t.pk.includes(c) && !t.derived.has(c) && c !== t.localKey && !clocked.has(c));
    for (const c of cols) checkColumn(table, t, c);
    noteOrigin(db, takenKey(table), JSON.stringify(pk), entryId);
    if (cols.length === 0) return;
    stmt(`UPDATE ${table} SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE ${pkWhere(t)}`).run(...cols.map((c) => row[c] ?? null), ...pk);
  }

  const items = createItemPlacer({
    stmt,
    ownUnorderedItems: () => ownUnorderedRows('schedule_items'),
    insert: (row) => {
      const plan = insertPlan('schedule_items', info('schedule_items'), row);
      plan.insert.run(...plan.cols.map((c) => row[c] ?? null));
    },
    takeCreation: (row) => takeCreation('schedule_items', info('schedule_items'), [row.id ?? null], row),
  });

  /**
   * A row already held here whose key is what it is about (a payer's Stripe customer, a plan's
   * Stripe price) was made again by another desk that had not heard of this one: the creation
   * first in the office order is the row. When the row held here came from this desk's own
   * entry not yet ordered (so later), it takes the incoming creation's values (`takeCreation`).
   * A row held from an earlier creation is left as it is.
   */
  function adoptOwnCreation(table: string, t: TableInfo, pk: readonly SqlValue[], row: RowValues): void {
    const key = JSON.stringify(pk);
    if (ownUnorderedRows(table).some((r) => JSON.stringify(t.pk.map((c) => r[c] ?? null)) === key)) takeCreation(table, t, pk, row);
  }

  function applyRow(op: RowOp, entryDesk: string): void {
    if (op.t === 'schedule_items') {
      items.apply(op.r);
      return;
    }
    if (op.t === 'audit_log') {
      const r = op.r;
      stmt(`INSERT INTO office_audit_log (desk, seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`).run(entryDesk, r.seq, r.at, r.actor_id, r.actor_name, r.override_by, r.action,
        r.entity_type, r.entity_id, r.request_id, r.before_json, r.after_json, r.prev_hash, r.hash);
      return;
    }
    const t = info(op.t);
    const plan = insertPlan(op.t, t, op.r);
    if (plan.held) {
      const pk = t.pk.map((c) => op.r[c] ?? null);
      if (plan.held.get(...pk)) {
        adoptOwnCreation(op.t, t, pk, op.r);
        return;
      }
    }
    let values: RowValues = op.r;
    if (t.unique.length > 0) {
      values = { ...op.r };
      for (const u of t.unique) if (values[u] !== undefined) values[u] = settleUnique(op.t, t, u, t.pk.map((c) => op.r[c] ?? null), values[u] ?? null);
    }
    plan.insert.run(...plan.cols.map((c) => values[c] ?? null));
    if (op.t === 'ledger_entries' && op.r.account === 'allocated') {
      stmt('UPDATE schedule_items SET paid_amount = paid_amount + ? WHERE id = ?').run(op.r.amount, op.r.item_id);
    }
  }

  /**
   * The held HLC lost to this write: it applies, and its HLC is held from now on (one upsert
   * that writes only when later, rather than a read then a write). Moves this desk's clock past
   * the write either way.
   */
  function wins(op: SetOp): boolean {
    ctx.clock.recv(op.h);
    return stmt(`INSERT INTO office_field_clock (tbl, pk, col, hlc) VALUES (?, ?, ?, ?)
      ON CONFLICT (tbl, pk, col) DO UPDATE SET hlc = excluded.hlc WHERE excluded.hlc > office_field_clock.hlc`).run(op.t, JSON.stringify(op.pk), op.c, op.h).changes > 0;
  }

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
      return 0;
    }
    const winners = group.filter(wins);
    if (winners.length === 0) return group.length;
    for (const op of winners) {
      checkColumn(op.t, t, op.c);
      if (t.pk.includes(op.c)) throw new Error(`an office entry rewrites the key of ${op.t}`);
    }
    const values = winners.map((op) => (t.unique.includes(op.c) ? settleUnique(first.t, t, op.c, first.pk, op.v as SqlValue) : (op.v as SqlValue)));
    stmt(`UPDATE ${first.t} SET ${winners.map((op) => `${op.c} = ?`).join(', ')} WHERE ${pkWhere(t)}`).run(...values, ...first.pk);
    return group.length - winners.length;
  }

  function applyDel(op: DelOp): void {
    const t = info(op.t);
    ctx.clock.recv(op.h);
    stmt(`DELETE FROM ${op.t} WHERE ${pkWhere(t)}`).run(...op.pk);
  }

  /**
   * The plan rules are one list, replaced whole (planRulesRepo.ts). Two desks replacing it at
   * once: the list later in the office order wins. An entry that replaces it drops every rule
   * not in its list (rules the other desk added that its desk never saw); while this desk has
   * its own replacement not yet ordered (so later), an incoming one is passed over.
   * Returns false when the entry's plan rule ops are to be skipped.
   */
  function replacePlanRules(ops: readonly EntryOp[]): boolean {
    const pendingOwn = stmt(`SELECT 1 FROM office_row_origin r JOIN office_entries e INDEXED BY office_entries_unordered ON e.id = r.entry_id
      WHERE r.tbl = 'plan_rules.replace' AND e.desk = ? AND e.cursor IS NULL LIMIT 1`).get(ctx.deskId);
    if (pendingOwn) return false;
    const keep = new Set(ops.filter((op): op is RowOp => op.k === 'row' && op.t === 'plan_rules').map((op) => String(op.r.id)));
    const held = stmt('SELECT id FROM plan_rules ORDER BY id').all() as { id: string }[];
    for (const h of held) if (!keep.has(h.id)) stmt('DELETE FROM plan_rules WHERE id = ?').run(h.id);
    return true;
  }

  return {
    /** A page of entries begins: what was decoded for the last one is let go. */
    beginPage(): void {
      ownOps.clear();
    },
    /** Applies the ops in order; returns how many field writes lost to a later one held here and how many values were flagged. */
    apply(ops: readonly EntryOp[], entryDesk: string, fromEntry = ''): { lost: number; flagged: number } {
      let lost = 0;
      flagged = 0;
      entryId = fromEntry;
      const rules = ops.some((op) => op.t === 'plan_rules' && op.k !== 'set') ? replacePlanRules(ops) : true;
      for (let i = 0; i < ops.length; i += 1) {
        const op = ops[i] as EntryOp;
        if (op.t === 'plan_rules' && !rules) continue;
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
      return { lost, flagged };
    },
  };
}

export type OpApplier = ReturnType<typeof createOpApplier>;
