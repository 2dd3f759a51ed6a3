import { statements } from './journalContext';
import type { JournalContext } from './journalContext';

export type Move = { itemId: string | null; amount: number };
export type Item = { id: string; amount: number; enrollment_id: string; payer_id: string; seq: number; currency: string };

/**
 * A place in the office order to read an item at: every entry ordered up to `through`
 * (inclusive); or before `before`, leaving out one entry (the one taking its place there); or
 * only what the rules posted at one entry's own place (`entry`, with the rule's `event`).
 */
export type OfficePlace = { through: number } | { before: number; except: string } | { entry: string; event: 'adjustment' | 'refund_excess' };

/**
 * Called before money is taken off an item here (a remote entry's release, a rule's move
 * posted at entry `atEntry`'s place): this desk's own refunds the office has not ordered yet
 * (and will order after that place) make room first (refundExcess.ts).
 */
export type BeforeRelease = (itemId: string, atEntry: string | null) => void;

/**
 * What the office-order rules share (sameItemPaid.ts, cancelledEnrollment.ts, refundExcess.ts):
 * what an item held at a place of the office order, and how an adjustment of a payment is
 * posted — the same ledger rows, allocation rows and paid amounts on every desk.
 */
export function createPosting(ctx: JournalContext, beforeRelease: BeforeRelease = () => {}) {
  const stmt = statements(ctx.db);
  /**
   * What an item holds at a place of the office order: the sum of its allocation rows (an
   * entry's own rows and the rules' rows posted at its place) of the entries ordered there.
   * This desk's entries the office has not ordered yet never count, so every desk reads alike.
   */
  function held(itemId: string, at: OfficePlace): number {
    const row = 'through' in at
      ? stmt(`SELECT coalesce(sum(a.amount), 0) AS n FROM office_allocations a JOIN office_entries e ON e.id = a.entry_id
          WHERE a.item_id = ? AND e.cursor <= ?`).get(itemId, at.through)
      : 'before' in at
        ? stmt(`SELECT coalesce(sum(a.amount), 0) AS n FROM office_allocations a JOIN office_entries e ON e.id = a.entry_id
            WHERE a.item_id = ? AND e.cursor < ? AND a.entry_id <> ?`).get(itemId, at.before, at.except)
        : stmt(`SELECT coalesce(sum(amount), 0) AS n FROM office_allocations WHERE item_id = ? AND entry_id = ? AND event = ?`).get(itemId, at.entry, at.event);
    return (row as { n: number }).n;
  }
  const heldAt = (itemId: string, cursor: number): number => held(itemId, { through: cursor });
  const item = (id: string): Item | undefined =>
    stmt('SELECT id, amount, enrollment_id, payer_id, seq, currency FROM schedule_items WHERE id = ?').get(id) as Item | undefined;

  /** The payment's own ledger time and office day, so every desk posts identical rows. */
  const paymentTime = (paymentId: string): { at: string; day: string | null } =>
    (stmt(`SELECT at, day FROM ledger_entries WHERE payment_id = ? AND event = 'payment' ORDER BY seq LIMIT 1`).get(paymentId) as { at: string; day: string | null } | undefined)
    ?? { at: new Date(0).toISOString(), day: null };

  /**
   * Moves `moves` (to other items, or to payer credit when `itemId` is null) off item `from`
   * (sign 1), or back onto it (sign -1, an undo). `rows: false` records only the allocation
   * rows the order reads (the ledger rows follow once an undo has made room for them).
   */
  function post(entryId: string, paymentId: string, from: Item, moves: readonly Move[], sign: 1 | -1, at: string, day: string | null, parts: { rows: boolean; allocations: boolean } = { rows: true, allocations: true }): void {
    const ledger = stmt(`INSERT INTO ledger_entries (at, day, event, account, amount, currency, payer_id, enrollment_id, item_id, payment_id)
      VALUES (?, ?, 'adjustment', ?, ?, ?, ?, ?, ?, ?)`);
    const alloc = stmt(`INSERT INTO office_allocations (entry_id, item_id, payment_id, event, amount) VALUES (?, ?, ?, 'adjustment', ?)`);
    const paid = stmt('UPDATE schedule_items SET paid_amount = paid_amount + ? WHERE id = ?');
    const total = moves.reduce((s, m) => s + m.amount, 0);
    const allocate = (itemId: string, amount: number) => {
      if (parts.rows) {
        if (amount < 0) beforeRelease(itemId, entryId);
        ledger.run(at, day, 'allocated', amount, from.currency, from.payer_id, from.enrollment_id, itemId, paymentId);
        paid.run(amount, itemId);
      }
      if (parts.allocations) alloc.run(entryId, itemId, paymentId, amount);
    };
    // Money onto items before money off, so an undo never takes an item below zero midway.
    if (sign === -1) allocate(from.id, total);
    for (const m of moves) {
      if (m.itemId) allocate(m.itemId, sign * m.amount);
      else if (parts.rows) ledger.run(at, day, 'credit', sign * m.amount, from.currency, from.payer_id, from.enrollment_id, null, paymentId);
    }
    if (sign === 1) allocate(from.id, -total);
  }

  return { held, heldAt, item, paymentTime, post };
}

export type Posting = ReturnType<typeof createPosting>;
