import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeDate } from '../settings/officeDate';

export type LedgerEvent = 'payment' | 'void' | 'refund' | 'refund_failed' | 'drawer_open' | 'paid_in' | 'paid_out';
export type LedgerAccount = 'received' | 'refunded' | 'allocated' | 'credit' | 'drawer';

export type LedgerRow = {
  account: LedgerAccount;
  amount: number;
  currency: string;
  payerId?: string | null;
  enrollmentId?: string | null;
  itemId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  sessionId?: string | null;
  moveId?: string | null;
};

/**
 * Appends the rows of one money movement. Allocated rows also move the item's
 * `paid_amount` cache in the same transaction, so cache and ledger commit together.
 * Zero amounts are dropped: a row always records a movement. Each row carries the office's
 * calendar day of `at` (migration 0013): the day the revenue summaries count it on.
 */
export function post(store: Store, event: LedgerEvent, at: Date, rows: readonly LedgerRow[]): void {
  const ts = at.toISOString();
  const day = officeDate(store, at);
  for (const r of rows) {
    if (r.amount === 0) continue;
    if (!Number.isSafeInteger(r.amount)) throw new RangeError(`a ledger amount must be a whole number of ${r.currency}'s smallest unit (cents for USD), not ${r.amount}`);
    store.run(sql`INSERT INTO ledger_entries (at, day, event, account, amount, currency, payer_id, enrollment_id, item_id, payment_id, refund_id, session_id, move_id)
      VALUES (${ts}, ${day}, ${event}, ${r.account}, ${r.amount}, ${r.currency}, ${r.payerId ?? null}, ${r.enrollmentId ?? null}, ${r.itemId ?? null},
        ${r.paymentId ?? null}, ${r.refundId ?? null}, ${r.sessionId ?? null}, ${r.moveId ?? null})`);
    if (r.account === 'allocated' && r.itemId) {
      store.run(sql`UPDATE schedule_items SET paid_amount = paid_amount + ${r.amount} WHERE id = ${r.itemId}`);
    }
  }
}

/** The payer's credit balance in one currency, from the ledger. */
export function creditBalance(store: Store, payerId: string, currency: string): number {
  return store.get<{ n: number }>(sql`SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries
    WHERE payer_id = ${payerId} AND currency = ${currency} AND account = 'credit'`)?.n ?? 0;
}

export function creditBalances(store: Store, payerId: string): { currency: string; amount: number }[] {
  return store.all<{ currency: string; amount: number }>(sql`SELECT currency, sum(amount) AS amount FROM ledger_entries
    WHERE payer_id = ${payerId} AND account = 'credit' GROUP BY currency ORDER BY currency`);
}

/** Cash the session should hold now: every drawer row posted to it. */
export function drawerCash(store: Store, sessionId: string): number {
  return store.get<{ n: number }>(sql`SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE session_id = ${sessionId} AND account = 'drawer'`)?.n ?? 0;
}
