import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

export type Violation = { check: string; entityType: string; entityId: string | null; message: string };

export type VerifyResult = {
  ok: boolean;
  violations: Violation[];
  checked: { entries: number; payments: number; enrollments: number; payers: number; items: number; sessions: number; receipts: number };
};

const LIMIT = 1000;

/** Sum per key of received − refunded − allocated − credit: zero when the books balance. */
const BALANCE = sql.raw(`sum(CASE account WHEN 'received' THEN amount WHEN 'refunded' THEN -amount WHEN 'allocated' THEN -amount WHEN 'credit' THEN -amount ELSE 0 END)`);

/**
 * Proves the books from the ledger and the tables beside it, with set queries (a few full
 * scans, no per-row round trips):
 * - every payment, enrollment and payer (per currency): payments − refunds = allocations + credit;
 * - each payment's rows match the payment (money received, credit used/created, drawer cash);
 * - each refund's rows match the refund; payer credit never negative;
 * - each item's paid cache equals its allocations and never exceeds what the item costs;
 * - each drawer session's rows equal float + cash payments − cash refunds ± moves, and a
 *   closed session's expected cash and over/short agree with them;
 * - receipt numbers per desk run 1..n without a gap, one per payment.
 */
export function verifyLedger(store: Store): VerifyResult {
  const violations: Violation[] = [];
  const add = (check: string, entityType: string, rows: { id: string | null; msg: string }[]) => {
    for (const r of rows) if (violations.length < LIMIT) violations.push({ check, entityType, entityId: r.id, message: r.msg });
  };

  add('balance', 'payment', store.all(sql`SELECT payment_id AS id, 'payment rows do not balance by ' || ${BALANCE} AS msg FROM ledger_entries
    WHERE payment_id IS NOT NULL AND refund_id IS NULL GROUP BY payment_id, currency HAVING ${BALANCE} <> 0`));
  add('balance', 'enrollment', store.all(sql`SELECT enrollment_id AS id, currency || ': payments − refunds − allocations − credit = ' || ${BALANCE} AS msg FROM ledger_entries
    WHERE enrollment_id IS NOT NULL GROUP BY enrollment_id, currency HAVING ${BALANCE} <> 0`));
  add('balance', 'payer', store.all(sql`SELECT payer_id AS id, currency || ': payments − refunds − allocations − credit = ' || ${BALANCE} AS msg FROM ledger_entries
    WHERE payer_id IS NOT NULL GROUP BY payer_id, currency HAVING ${BALANCE} <> 0`));
  // What two desks' refunds released beyond a payment is owed by the payer (electron/office/journal/refundExcess.ts):
  // that debt may take the balance below zero; every other credit movement may not.
  add('credit', 'payer', store.all(sql`SELECT payer_id AS id, currency || ' credit balance is negative: ' || sum(amount) AS msg FROM ledger_entries
    WHERE account = 'credit' GROUP BY payer_id, currency HAVING sum(CASE WHEN event = 'refund_excess' THEN 0 ELSE amount END) < 0`));

  // A payment's own rows against its columns.
  add('payment', 'payment', store.all(sql`SELECT p.id AS id, 'ledger does not match the payment record' AS msg FROM payments p
    LEFT JOIN (SELECT payment_id,
        sum(CASE WHEN account = 'received' AND event = 'payment' THEN amount ELSE 0 END) AS received,
        sum(CASE WHEN account = 'received' AND event = 'void' THEN amount ELSE 0 END) AS voided,
        sum(CASE WHEN account = 'credit' AND event = 'payment' AND amount < 0 THEN -amount ELSE 0 END) AS credit_used,
        sum(CASE WHEN account = 'credit' AND event = 'payment' AND amount > 0 THEN amount ELSE 0 END) AS credit_made,
        sum(CASE WHEN account = 'drawer' AND event IN ('payment', 'void') THEN amount ELSE 0 END) AS drawer,
        sum(CASE WHEN event IN ('payment', 'void') THEN amount ELSE 0 END) AS net_all,
        count(CASE WHEN event = 'void' THEN 1 END) AS void_rows
      FROM ledger_entries WHERE payment_id IS NOT NULL AND refund_id IS NULL GROUP BY payment_id) l ON l.payment_id = p.id
    WHERE coalesce(l.received, 0) <> CASE WHEN p.method = 'credit' THEN 0 ELSE p.amount END
      OR coalesce(l.credit_used, 0) <> CASE WHEN p.method = 'credit' THEN p.amount ELSE p.credit_applied END
      OR coalesce(l.credit_made, 0) <> p.credit_created
      OR (p.status = 'voided') <> (coalesce(l.void_rows, 0) > 0)
      OR (p.status = 'voided' AND (coalesce(l.voided, 0) <> -coalesce(l.received, 0) OR coalesce(l.net_all, 0) <> 0))
      OR coalesce(l.drawer, 0) <> CASE WHEN p.method = 'cash' AND p.status = 'completed' THEN p.amount ELSE 0 END`));

  // A refund's rows against its record: money out (or credit in) once, minus a failure.
  add('refund', 'refund', store.all(sql`SELECT r.id AS id, 'ledger does not match the refund record' AS msg FROM refunds r
    LEFT JOIN (SELECT refund_id,
        sum(CASE WHEN account = 'refunded' THEN amount ELSE 0 END) AS refunded,
        sum(CASE WHEN account = 'credit' AND event = 'refund' THEN amount ELSE 0 END) AS credit,
        sum(CASE WHEN account = 'allocated' THEN -amount ELSE 0 END) AS released,
        sum(CASE WHEN account = 'drawer' THEN -amount ELSE 0 END) AS drawer
      FROM ledger_entries WHERE refund_id IS NOT NULL GROUP BY refund_id) l ON l.refund_id = r.id
    WHERE coalesce(l.refunded, 0) <> CASE WHEN r.method = 'credit' OR r.status = 'failed' THEN 0 ELSE r.amount END
      OR coalesce(l.released, 0) <> CASE WHEN r.source = 'enrollment' THEN r.amount ELSE 0 END
      OR coalesce(l.credit, 0) <> CASE WHEN r.method = 'credit' THEN r.amount WHEN r.source = 'credit' THEN -r.amount ELSE 0 END
      OR coalesce(l.drawer, 0) <> CASE WHEN r.method = 'cash' THEN r.amount ELSE 0 END`));

  add('item', 'schedule_item', store.all(sql`SELECT i.id AS id, 'paid cache ' || i.paid_amount || ' but allocations sum to ' || coalesce(a.s, 0) AS msg
    FROM schedule_items i LEFT JOIN (SELECT item_id, sum(amount) AS s FROM ledger_entries WHERE item_id IS NOT NULL GROUP BY item_id) a ON a.item_id = i.id
    WHERE i.paid_amount <> coalesce(a.s, 0)`));
  add('item', 'schedule_item', store.all(sql`SELECT id, 'allocated ' || paid_amount || ' on an item of ' || amount AS msg FROM schedule_items WHERE paid_amount > amount`));

  add('drawer', 'drawer_session', store.all(sql`SELECT s.id AS id, 'drawer rows sum to ' || coalesce(l.cash, 0) || ' but its records say ' ||
      (s.opening_float + coalesce(p.cash, 0) - coalesce(r.cash, 0) + coalesce(m.cash, 0)) AS msg
    FROM drawer_sessions s
    LEFT JOIN (SELECT session_id, sum(amount) AS cash FROM ledger_entries WHERE account = 'drawer' GROUP BY session_id) l ON l.session_id = s.id
    LEFT JOIN (SELECT session_id, sum(amount) AS cash FROM payments WHERE method = 'cash' AND status = 'completed' GROUP BY session_id) p ON p.session_id = s.id
    LEFT JOIN (SELECT session_id, sum(amount) AS cash FROM refunds WHERE method = 'cash' GROUP BY session_id) r ON r.session_id = s.id
    LEFT JOIN (SELECT session_id, sum(CASE kind WHEN 'paid_in' THEN amount ELSE -amount END) AS cash FROM drawer_moves GROUP BY session_id) m ON m.session_id = s.id
    WHERE coalesce(l.cash, 0) <> s.opening_float + coalesce(p.cash, 0) - coalesce(r.cash, 0) + coalesce(m.cash, 0)`));
  add('drawer', 'drawer_session', store.all(sql`SELECT s.id AS id, 'closed with expected ' || s.expected_cash || ' but its rows sum to ' || coalesce(l.cash, 0) AS msg
    FROM drawer_sessions s LEFT JOIN (SELECT session_id, sum(amount) AS cash FROM ledger_entries WHERE account = 'drawer' GROUP BY session_id) l ON l.session_id = s.id
    WHERE s.status = 'closed' AND (s.expected_cash <> coalesce(l.cash, 0) OR s.over_short <> s.counted_cash - s.expected_cash)`));

  add('receipts', 'desk', store.all(sql`SELECT desk_code AS id, 'receipt numbers are not 1..' || max(seq) || ' (' || count(*) || ' receipts)' AS msg
    FROM receipts GROUP BY desk_code HAVING count(*) <> max(seq) OR min(seq) <> 1`));
  add('receipts', 'desk', store.all(sql`SELECT c.desk_code AS id, 'receipt counter at ' || c.last_value || ' but ' || coalesce(r.n, 0) || ' receipts exist' AS msg
    FROM desk_counters c LEFT JOIN (SELECT desk_code, count(*) AS n FROM receipts GROUP BY desk_code) r ON r.desk_code = c.desk_code
    WHERE c.series = 'receipt' AND c.last_value <> coalesce(r.n, 0)`));
  add('receipts', 'payment', store.all(sql`SELECT p.id AS id, 'payment has no receipt' AS msg FROM payments p LEFT JOIN receipts r ON r.payment_id = p.id WHERE r.id IS NULL`));
  add('receipts', 'receipt', store.all(sql`SELECT r.id AS id, 'receipt status ' || r.status || ' but payment is ' || p.status AS msg FROM receipts r JOIN payments p ON p.id = r.payment_id
    WHERE (r.status = 'void') <> (p.status = 'voided')`));

  const n = (q: ReturnType<typeof sql>) => store.get<{ n: number }>(q)?.n ?? 0;
  return {
    ok: violations.length === 0,
    violations,
    checked: {
      entries: n(sql`SELECT count(*) AS n FROM ledger_entries`),
      payments: n(sql`SELECT count(*) AS n FROM payments`),
      enrollments: n(sql`SELECT count(DISTINCT enrollment_id) AS n FROM ledger_entries WHERE enrollment_id IS NOT NULL`),
      payers: n(sql`SELECT count(DISTINCT payer_id) AS n FROM ledger_entries WHERE payer_id IS NOT NULL`),
      items: n(sql`SELECT count(*) AS n FROM schedule_items`),
      sessions: n(sql`SELECT count(*) AS n FROM drawer_sessions`),
      receipts: n(sql`SELECT count(*) AS n FROM receipts`),
    },
  };
}
