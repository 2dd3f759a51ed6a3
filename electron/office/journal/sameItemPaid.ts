import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonicalJson';
import type { EntryOp } from './entryFormat';
import { createPosting } from './adjustmentPosting';
import type { BeforeRelease, Move } from './adjustmentPosting';
import { paymentAllocations, statements } from './journalContext';
import type { JournalContext } from './journalContext';

/** An id every desk derives alike from what it is about. */
export const derivedId = (prefix: string, ...parts: string[]): string =>
  `${prefix}_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 28)}`;

/**
 * Rule 3 of offices.md, the same item paid at two desks. Evaluated when an entry takes its
 * place in the office order (cursor `c`), from that order only: what each item held at `c`
 * is the sum of the allocations of entries with a cursor ≤ c (this desk's entries not yet
 * ordered do not count). An item this entry's payment pushed past its amount gives the
 * excess back — never more than this payment put on it — to the enrollment's next open items
 * (each up to what it still owed at `c`; none once the order has cancelled the enrollment),
 * the rest to payer credit: new `adjustment` ledger
 * rows of that payment, with an id derived from (entry, item, payment). A void of an adjusted
 * payment undoes its adjustments the same way (the void reversed the original allocation).
 */
export function createSameItemRule(ctx: JournalContext, beforeRelease?: BeforeRelease) {
  const stmt = statements(ctx.db);
  const { heldAt, item, paymentTime, post } = createPosting(ctx, beforeRelease);

  /**
   * Whether the office order cancelled the enrollment before `cursor` (its items are then no
   * next items: the excess goes to credit). Read from the order, not from the items' state:
   * this desk's own cancellation the office has not ordered yet cancelled them here only, so
   * until the order says so a cancelled item counts as the open item it is everywhere else.
   */
  const cancelledBefore = (enrollmentId: string, cursor: number): boolean =>
    stmt(`SELECT 1 FROM cancellations k JOIN office_row_origin r ON r.tbl = 'cancellations' AND r.pk = k.id
      JOIN office_entries ce ON ce.id = r.entry_id WHERE k.enrollment_id = ? AND ce.cursor < ? LIMIT 1`).get(enrollmentId, cursor) !== undefined;

  /** `ops` are the entry's own: its payment allocations are read from them (journalContext.ts `paymentAllocations`), not back from the rows just written. */
  function settle(entryId: string, cursor: number, ops: readonly EntryOp[]): number {
    let made = 0;
    for (const p of paymentAllocations(ops)) {
      const it = item(p.itemId);
      if (!it) continue;
      const excess = Math.min(heldAt(it.id, cursor) - it.amount, p.amount);
      if (excess <= 0) continue;
      const id = derivedId('adj', entryId, it.id, p.paymentId);
      if (stmt('SELECT 1 FROM office_adjustments WHERE id = ?').get(id)) continue;
      const moves: Move[] = [];
      let left = excess;
      const next = cancelledBefore(it.enrollment_id, cursor) ? [] : stmt(`SELECT id, amount FROM schedule_items WHERE enrollment_id = ? AND seq > ?
        AND state IN ('open', 'cancelled') AND kind <> 'late_fee' ORDER BY seq`).all(it.enrollment_id, it.seq) as { id: string; amount: number }[];
      for (const n of next) {
        if (left === 0) break;
        const take = Math.min(left, n.amount - heldAt(n.id, cursor));
        if (take <= 0) continue;
        moves.push({ itemId: n.id, amount: take });
        left -= take;
      }
      if (left > 0) moves.push({ itemId: null, amount: left });
      const { at, day } = paymentTime(p.paymentId);
      post(entryId, p.paymentId, it, moves, 1, at, day);
      stmt(`INSERT INTO office_adjustments (id, rule, entry_id, payment_id, item_id, amount, currency, moves_json) VALUES (?, 'same_item_paid', ?, ?, ?, ?, ?, ?)`)
        .run(id, entryId, p.paymentId, it.id, excess, it.currency, canonicalJson(moves));
      stmt(`INSERT INTO office_conflicts (id, kind, entity_type, entity_id, detail_json, entry_id) VALUES (?, 'same_item_paid', 'schedule_item', ?, ?, ?) ON CONFLICT DO NOTHING`)
        .run(derivedId('cf', 'same_item_paid', id), it.id, canonicalJson({ paymentId: p.paymentId, excess, moves, adjustmentId: id }), entryId);
      made += 1;
    }
    return made;
  }

  /** Undo rows whose ledger rows wait until the refund rule has made room (`undoOnVoid` with `rows: false`). */
  let deferred: { entryId: string; paymentId: string; it: Parameters<typeof post>[2]; moves: Move[]; at: string; day: string | null }[] = [];

  /**
   * A void written before its desk knew of an adjustment of that payment reverses the
   * payment's original allocation, so the payment would hold less than nothing on the item the
   * adjustment moved money from: the adjustment is undone (money back onto that item, off where
   * it went). A void written knowing it gave back what the payment held (voidPayment.ts) and
   * needs nothing. Called before a remote entry's rows are applied (so no item dips below
   * zero), after them for this desk's own entry (already applied when it was written).
   * Another desk's release of the money an undo takes back (a refund there that took it off the
   * item the adjustment moved it to) would leave that item holding less than nothing: a remote
   * void's undo is recorded in the order first (`rows: false`), the refund rule charges what was
   * released twice to the payer, and `postDeferredRows` then posts the undo's ledger rows.
   */
  function undoOnVoid(entryId: string, cursor: number, seen: number, ops: readonly EntryOp[], rows = true): number {
    const delta = new Map<string, Map<string, number>>();
    for (const op of ops) {
      if (op.k !== 'row' || op.t !== 'ledger_entries' || op.r.event !== 'void' || op.r.account !== 'allocated') continue;
      const paymentId = String(op.r.payment_id);
      const byItem = delta.get(paymentId) ?? new Map<string, number>();
      byItem.set(String(op.r.item_id), (byItem.get(String(op.r.item_id)) ?? 0) + Number(op.r.amount));
      delta.set(paymentId, byItem);
    }
    let made = 0;
    for (const paymentId of [...delta.keys()].sort()) {
      // Only moves the void's desk had not seen (posted at a place after `seen`): a void written
      // knowing a move gave back what the payment held after it (voidPayment.ts), and undoing that
      // move too would put its money back twice.
      const live = stmt(`SELECT a.id, a.rule, a.item_id AS itemId, a.amount, a.moves_json AS moves FROM office_adjustments a JOIN office_entries ae ON ae.id = a.entry_id
        WHERE a.payment_id = ? AND a.rule IN ('same_item_paid', 'cancelled_enrollment') AND ae.cursor > ? AND NOT EXISTS (SELECT 1 FROM office_adjustments u WHERE u.undoes = a.id) ORDER BY a.id`)
        .all(paymentId, seen) as { id: string; rule: string; itemId: string; amount: number; moves: string }[];
      const net = new Map<string, number>();
      const netOf = (itemId: string): number => {
        let n = net.get(itemId);
        if (n === undefined) {
          // The order before the void, the void's own rows, and the undos already posted at its place
          // (this desk's own void posts them early, one rule's move at a time: each later move must
          // see the earlier undos, or it leaves money on an item the void has emptied here).
          n = (stmt(`SELECT coalesce(sum(a.amount), 0) AS n FROM office_allocations a JOIN office_entries e ON e.id = a.entry_id
            WHERE a.payment_id = ? AND a.item_id = ? AND ((e.cursor < ? AND a.entry_id <> ?) OR (a.entry_id = ? AND a.event = 'adjustment'))`)
            .get(paymentId, itemId, cursor, entryId, entryId) as { n: number }).n
            + (delta.get(paymentId)?.get(itemId) ?? 0);
          net.set(itemId, n);
        }
        return n;
      };
      // Which adjustments to undo: each whose source item the payment would hold less than nothing
      // on, until none is left (an undo takes money back off where it went, which may leave a later
      // adjustment of that item, e.g. an enrollment cancelled since, holding less than nothing).
      const chosen: typeof live = [];
      for (let grew = true; grew;) {
        grew = false;
        for (const adj of live) {
          if (chosen.includes(adj) || netOf(adj.itemId) >= 0) continue;
          chosen.push(adj);
          grew = true;
          net.set(adj.itemId, netOf(adj.itemId) + adj.amount);
          for (const m of JSON.parse(adj.moves) as Move[]) if (m.itemId) net.set(m.itemId, netOf(m.itemId) - m.amount);
        }
      }
      // Posted so no item dips below zero midway: a cancelled enrollment's moves (to credit) are
      // undone first, putting back what a same-item undo then takes off again.
      const rank = (a: { rule: string }) => (a.rule === 'cancelled_enrollment' ? 0 : 1);
      chosen.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const adj of chosen) {
        const it = item(adj.itemId);
        if (!it) continue;
        const moves = JSON.parse(adj.moves) as Move[];
        const { at, day } = paymentTime(paymentId);
        if (rows) post(entryId, paymentId, it, moves, -1, at, day);
        else {
          post(entryId, paymentId, it, moves, -1, at, day, { rows: false, allocations: true });
          deferred.push({ entryId, paymentId, it, moves, at, day });
        }
        stmt(`INSERT INTO office_adjustments (id, rule, entry_id, payment_id, item_id, amount, currency, moves_json, undoes) VALUES (?, 'undo_on_void', ?, ?, ?, ?, ?, ?, ?)`)
          .run(derivedId('adj', 'undo', adj.id), entryId, paymentId, it.id, adj.amount, it.currency, adj.moves, adj.id);
        made += 1;
      }
    }
    return made;
  }

  /**
   * The ledger rows of the undos `undoOnVoid(…, rows: false)` recorded only in the order: posted
   * once the refund rule has put back on each item what the void released twice (refundExcess.ts).
   */
  function postDeferredRows(): void {
    const pending = deferred;
    deferred = [];
    for (const d of pending) post(d.entryId, d.paymentId, d.it, d.moves, -1, d.at, d.day, { rows: true, allocations: false });
  }

  return { settle, undoOnVoid, postDeferredRows };
}
