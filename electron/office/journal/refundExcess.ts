import { canonicalJson } from '../../core/canonicalJson';
import { createPosting } from './adjustmentPosting';
import type { Item } from './adjustmentPosting';
import { decodeEntry } from './entryFormat';
import type { EntryOp } from './entryFormat';
import { statements } from './journalContext';
import type { JournalContext } from './journalContext';
import { derivedId } from './sameItemPaid';

type Release = { itemId: string; released: number; delta: number; refundId: string | null; paymentId: string | null; at: string; day: string | null };

/** Per item, what an entry's refunds released from it and what all its allocation rows move on it. */
function releasesOf(ops: readonly EntryOp[]): Release[] {
  const byItem = new Map<string, Release>();
  for (const op of ops) {
    if (op.k !== 'row' || op.t !== 'ledger_entries' || op.r.account !== 'allocated') continue;
    const itemId = String(op.r.item_id);
    const amount = Number(op.r.amount);
    const r = byItem.get(itemId) ?? { itemId, released: 0, delta: 0, refundId: null, paymentId: null, at: String(op.r.at), day: op.r.day === null ? null : String(op.r.day) };
    r.delta += amount;
    // A void releases what its payment held, like a refund: a void at one desk and a refund of the
    // same payment at another (both offline) release it twice.
    if ((op.r.event === 'refund' || op.r.event === 'void') && amount < 0) {
      r.released -= amount;
      if (r.refundId === null) {
        r.refundId = op.r.refund_id === null ? null : String(op.r.refund_id);
        r.paymentId = op.r.payment_id === null ? null : String(op.r.payment_id);
        r.at = String(op.r.at);
        r.day = op.r.day === null ? null : String(op.r.day);
      }
    }
    byItem.set(itemId, r);
  }
  return [...byItem.values()].filter((r) => r.released > 0).sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
}

/**
 * Rule 3 of offices.md, refunds at two desks that together release more than was paid: two
 * cashiers refund the same payment at once, each seeing it whole. Both refunds stand (the cash
 * has left). At the later refund's place `c` in the office order, what it released beyond what
 * the item held (the item would hold less than nothing) is put back on the item and charged to
 * the payer: `refund_excess` ledger rows (allocated +, credit −), id derived from (entry, item).
 * The payer's credit goes below zero — a balance owed, which a later payment settles — and the
 * case is flagged `refunds_exceed_payment`.
 *
 * The refunding desk itself holds its refund before the office orders it, so an earlier refund
 * arriving there would take the item below zero first: the rows the office will post at its own
 * refund's place are posted there at once (`makeRoom`), and found done when it is ordered.
 */
export function createRefundExcessRule(ctx: JournalContext) {
  const stmt = statements(ctx.db);
  const { item } = createPosting(ctx);

  const heldBefore = (itemId: string, cursor: number, entryId: string): number =>
    (stmt(`SELECT coalesce(sum(a.amount), 0) AS n FROM office_allocations a JOIN office_entries e ON e.id = a.entry_id
      WHERE a.item_id = ? AND e.cursor < ? AND a.entry_id <> ?`).get(itemId, cursor, entryId) as { n: number }).n;
  /** What rules already moved on the item at this entry's own place (an undo on void puts back what an adjustment took). */
  const movedHere = (itemId: string, entryId: string): number =>
    (stmt(`SELECT coalesce(sum(amount), 0) AS n FROM office_allocations WHERE item_id = ? AND entry_id = ? AND event = 'adjustment'`).get(itemId, entryId) as { n: number }).n;
  const adjusted = (entryId: string, itemId: string): number =>
    (stmt(`SELECT coalesce(sum(amount), 0) AS n FROM office_adjustments WHERE rule = 'refund_excess' AND entry_id = ? AND item_id = ?`).get(entryId, itemId) as { n: number }).n;

  function charge(entryId: string, r: Release, it: Item, amount: number): void {
    const id = derivedId('adj', 'refund_excess', entryId, it.id);
    const ledger = stmt(`INSERT INTO ledger_entries (at, day, event, account, amount, currency, payer_id, enrollment_id, item_id, payment_id)
      VALUES (?, ?, 'refund_excess', ?, ?, ?, ?, ?, ?, ?)`);
    ledger.run(r.at, r.day, 'allocated', amount, it.currency, it.payer_id, it.enrollment_id, it.id, r.paymentId);
    stmt('UPDATE schedule_items SET paid_amount = paid_amount + ? WHERE id = ?').run(amount, it.id);
    ledger.run(r.at, r.day, 'credit', -amount, it.currency, it.payer_id, it.enrollment_id, null, r.paymentId);
    stmt(`INSERT INTO office_allocations (entry_id, item_id, payment_id, event, amount) VALUES (?, ?, ?, 'refund_excess', ?)`).run(entryId, it.id, r.paymentId, amount);
    stmt(`INSERT INTO office_adjustments (id, rule, entry_id, payment_id, refund_id, item_id, amount, currency, moves_json) VALUES (?, 'refund_excess', ?, ?, ?, ?, ?, ?, ?)`)
      .run(id, entryId, r.paymentId, r.refundId, it.id, amount, it.currency, canonicalJson([{ itemId: null, amount: -amount }]));
    const entity = r.paymentId ? { type: 'payment', id: r.paymentId } : { type: 'schedule_item', id: it.id };
    stmt(`INSERT INTO office_conflicts (id, kind, entity_type, entity_id, detail_json, entry_id) VALUES (?, 'refunds_exceed_payment', ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(derivedId('cf', 'refunds_exceed_payment', entryId, it.id), entity.type, entity.id,
        canonicalJson({ refundId: r.refundId, paymentId: r.paymentId, itemId: it.id, payerId: it.payer_id, owed: amount, currency: it.currency }), entryId);
  }

  /**
   * At the entry's place in the office order: what its refunds released beyond what each item
   * held then. For a remote entry, called before its rows are applied (the charge puts the money
   * back on the item first); for this desk's own entry when it comes back.
   */
  function settle(entryId: string, cursor: number, ops: readonly EntryOp[]): number {
    let made = 0;
    for (const r of releasesOf(ops)) {
      const it = item(r.itemId);
      if (!it || adjusted(entryId, it.id) > 0) continue;
      const held = heldBefore(it.id, cursor, entryId) + movedHere(it.id, entryId) + r.delta;
      const short = Math.min(Math.max(0, -held), r.released);
      if (short === 0) continue;
      charge(entryId, r, it, short);
      made += 1;
    }
    return made;
  }

  /**
   * Before a remote entry's rows: where they would take an item below zero here because this
   * desk's own refunds, not yet ordered (so later in the office order), released it too, those
   * refunds' charges — the rows every desk will post at their place — are posted now.
   */
  function makeRoom(ops: readonly EntryOp[]): number {
    const delta = new Map<string, number>();
    for (const op of ops) {
      if (op.k === 'row' && op.t === 'ledger_entries' && op.r.account === 'allocated') delta.set(String(op.r.item_id), (delta.get(String(op.r.item_id)) ?? 0) + Number(op.r.amount));
    }
    let made = 0;
    for (const [itemId, d] of [...delta].sort()) {
      if (d >= 0) continue;
      const paid = (stmt('SELECT paid_amount AS n FROM schedule_items WHERE id = ?').get(itemId) as { n: number } | undefined)?.n;
      if (paid === undefined || paid + d >= 0) continue;
      let need = -(paid + d);
      const own = stmt(`SELECT DISTINCT e.id, e.desk_seq, e.body FROM office_entries e JOIN office_allocations a ON a.entry_id = e.id
        WHERE e.desk = ? AND e.cursor IS NULL AND a.event IN ('refund', 'void') AND a.item_id = ? ORDER BY e.desk_seq`).all(ctx.deskId, itemId) as { id: string; body: Buffer | null }[];
      for (const o of own) {
        if (need === 0 || !o.body) break;
        const r = releasesOf(decodeEntry(new Uint8Array(o.body)).ops).find((x) => x.itemId === itemId);
        const it = item(itemId);
        if (!r || !it) continue;
        const take = Math.min(need, r.released - adjusted(o.id, itemId));
        if (take <= 0 || adjusted(o.id, itemId) > 0) continue;
        charge(o.id, r, it, take);
        need -= take;
        made += 1;
      }
    }
    return made;
  }

  return { settle, makeRoom };
}
