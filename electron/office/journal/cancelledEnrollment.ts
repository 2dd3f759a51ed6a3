import { canonicalJson } from '../../core/canonicalJson';
import { createPosting } from './adjustmentPosting';
import type { BeforeRelease, Move } from './adjustmentPosting';
import { decodeEntry } from './entryFormat';
import { statements } from './journalContext';
import type { Origins } from './journalContext';
import type { JournalContext } from './journalContext';
import { derivedId } from './sameItemPaid';
import type { createSameItemRule } from './sameItemPaid';

/**
 * Rule 3 of offices.md, a payment taken for an enrollment another desk cancelled meanwhile
 * ("meanwhile" by the office order alone: one entry has a cursor after the other's `seen`,
 * and they come from two desks). The cancellation is the enrollment's first in the office
 * order; one made later by a desk that had not seen it changes nothing here.
 * Evaluated by the later of the two entries, at its place `c`: the payment is kept and
 * flagged, and what it holds on the enrollment's items at `c` (its allocations, moved by any
 * earlier adjustment, less a void ordered before) becomes payer credit — `adjustment` ledger
 * rows of that payment (allocated −, credit +), id derived from (entry, item, payment), the
 * same on every desk. A void of the payment gives the credit back like any adjustment:
 * a void written knowing the move reverses it (voidPayment.ts); one written before undoes it
 * in office order (sameItemPaid.ts `undoOnVoid`), at once on its own desk.
 */
export function createCancelledEnrollmentRule(ctx: JournalContext, sameItem: ReturnType<typeof createSameItemRule>, beforeRelease?: BeforeRelease) {
  const stmt = statements(ctx.db);
  const { held: itemHeld, item, paymentTime, post } = createPosting(ctx, beforeRelease);


  /**
   * The enrollment's first cancellation in the office order before `cursor`: the one that
   * cancelled it for the office (a later one, made at a desk that had not seen the first, is a
   * double cancellation: flagRules.ts). Read from the cancellation rows, one origin each, so
   * every desk finds the same one whatever order it learned them in (this desk's own
   * cancellation the office has not ordered yet counts nowhere).
   */
  const firstCancellation = (enrollmentId: string, cursor: number) =>
    stmt(`SELECT ce.id, ce.cursor, ce.desk FROM cancellations k JOIN office_row_origin r ON r.tbl = 'cancellations' AND r.pk = k.id
      JOIN office_entries ce ON ce.id = r.entry_id WHERE k.enrollment_id = ? AND ce.cursor < ? ORDER BY ce.cursor LIMIT 1`).get(enrollmentId, cursor) as
      { id: string; cursor: number; desk: string } | undefined;

  /**
   * Payments this entry made that the enrollment's cancellation preceded unseen, or payments
   * that preceded this entry's cancellation unseen (when it is the enrollment's first). A desk
   * knows its own entries whatever their places, so a payment and a cancellation of one desk
   * are never concurrent.
   */
  function hits(cursor: number, seen: number, desk: string, origins: Origins): { paymentId: string; enrollmentId: string }[] {
    const out: { paymentId: string; enrollmentId: string }[] = [];
    for (const paymentId of origins.get('payments') ?? []) {
      const p = stmt('SELECT enrollment_id AS enrollmentId FROM payments WHERE id = ?').get(paymentId) as { enrollmentId: string } | undefined;
      const first = p ? firstCancellation(p.enrollmentId, cursor) : undefined;
      if (p && first && first.cursor > seen && first.desk !== desk) out.push({ paymentId, enrollmentId: p.enrollmentId });
    }
    for (const cancellationId of origins.get('cancellations') ?? []) {
      const k = stmt('SELECT enrollment_id AS enrollmentId FROM cancellations WHERE id = ?').get(cancellationId) as { enrollmentId: string } | undefined;
      if (!k || firstCancellation(k.enrollmentId, cursor)) continue;
      const late = stmt(`SELECT p.id FROM payments p JOIN office_row_origin r ON r.tbl = 'payments' AND r.pk = p.id JOIN office_entries pe ON pe.id = r.entry_id
        WHERE p.enrollment_id = ? AND pe.cursor > ? AND pe.cursor < ? AND pe.desk <> ? ORDER BY p.id`).all(k.enrollmentId, seen, cursor, desk) as { id: string }[];
      for (const p of late) out.push({ paymentId: p.id, enrollmentId: k.enrollmentId });
    }
    return out;
  }

  /** Voids of the payment this desk wrote that the office has not ordered yet: they reversed what the payment held without this move. */
  function undoUnorderedVoids(paymentId: string): void {
    const voids = stmt(`SELECT DISTINCT e.id, e.desk_seq, e.seen, e.body FROM office_entries e INDEXED BY office_entries_unordered JOIN office_allocations a ON a.entry_id = e.id
      WHERE e.desk = ? AND e.cursor IS NULL AND a.event = 'void' AND a.payment_id = ? ORDER BY e.desk_seq`).all(ctx.deskId, paymentId) as { id: string; seen: number; body: Buffer | null }[];
    for (const v of voids) if (v.body) sameItem.undoOnVoid(v.id, Number.MAX_SAFE_INTEGER, v.seen, decodeEntry(new Uint8Array(v.body)).ops);
  }

  function toCredit(entryId: string, cursor: number, paymentId: string): { amount: number; currency: string | null } {
    const held = stmt(`SELECT a.item_id AS itemId, sum(a.amount) AS amount FROM office_allocations a JOIN office_entries e ON e.id = a.entry_id
      WHERE a.payment_id = ? AND e.cursor <= ? GROUP BY a.item_id HAVING sum(a.amount) > 0 ORDER BY a.item_id`).all(paymentId, cursor) as { itemId: string; amount: number }[];
    let amount = 0;
    let currency: string | null = null;
    for (const h of held) {
      const it = item(h.itemId);
      if (!it) continue;
      currency = it.currency;
      const id = derivedId('adj', 'cancelled', entryId, it.id, paymentId);
      if (stmt('SELECT 1 FROM office_adjustments WHERE id = ?').get(id)) continue;
      // Never more than the item holds at this place in the office order: the cancelling desk's
      // own refunds may already have released this payment's money from it (they saw the item
      // whole), and what they released beyond the item was charged to the payer (refundExcess.ts).
      const move = Math.min(h.amount, Math.max(0, itemHeld(it.id, { through: cursor })));
      if (move === 0) continue;
      const moves: Move[] = [{ itemId: null, amount: move }];
      const { at, day } = paymentTime(paymentId);
      stmt(`INSERT INTO office_adjustments (id, rule, entry_id, payment_id, item_id, amount, currency, moves_json) VALUES (?, 'cancelled_enrollment', ?, ?, ?, ?, ?, ?)`)
        .run(id, entryId, paymentId, it.id, move, it.currency, canonicalJson(moves));
      // The order first, then the rows: a void this desk wrote before knowing of the move already
      // took the money off the item, so its undo (the rows every desk posts at the void's place)
      // goes on before the move's rows take it off again.
      post(entryId, paymentId, it, moves, 1, at, day, { rows: false, allocations: true });
      undoUnorderedVoids(paymentId);
      post(entryId, paymentId, it, moves, 1, at, day, { rows: true, allocations: false });
      amount += move;
    }
    return { amount, currency };
  }

  /** `desk` wrote the entry; `origins`: the rows it originated (journalContext.ts `indexEntryRows`). */
  function evaluate(entryId: string, cursor: number, seen: number, desk: string, origins: Origins): number {
    let flagged = 0;
    for (const h of hits(cursor, seen, desk, origins)) {
      const moved = toCredit(entryId, cursor, h.paymentId);
      stmt(`INSERT INTO office_conflicts (id, kind, entity_type, entity_id, detail_json, entry_id) VALUES (?, 'payment_on_cancelled_enrollment', 'payment', ?, ?, ?) ON CONFLICT DO NOTHING`)
        .run(derivedId('cf', 'payment_on_cancelled_enrollment', h.paymentId), h.paymentId,
          canonicalJson({ enrollmentId: h.enrollmentId, toCredit: moved.amount, currency: moved.currency }), entryId);
      flagged += 1;
    }
    return flagged;
  }

  return { evaluate };
}
