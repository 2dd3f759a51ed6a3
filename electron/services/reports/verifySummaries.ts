import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

/**
 * Proves `revenue_daily` equals a GROUP BY over the ledger it summarises (every key, every
 * column, both directions), like `ledger:verify` proves the paid cache. Returns what differs.
 */
export function verifyReportSummaries(store: Store): string[] {
  const fromLedger = sql`SELECT substr(l.at, 1, 10) AS day, l.currency, coalesce(CASE l.account WHEN 'received' THEN p.method ELSE r.method END, '?') AS method,
      coalesce(e.product_id, '') AS product_id,
      sum(CASE WHEN l.account = 'received' AND l.amount > 0 THEN l.amount ELSE 0 END) AS gross,
      sum(CASE WHEN l.account = 'received' AND l.amount < 0 THEN -l.amount ELSE 0 END) AS voided,
      sum(CASE WHEN l.account = 'refunded' THEN l.amount ELSE 0 END) AS refunded,
      count(CASE WHEN l.account = 'received' AND l.amount > 0 THEN 1 END) AS payments,
      count(CASE WHEN l.account = 'received' AND l.amount < 0 THEN 1 END) AS voids,
      count(CASE WHEN l.account = 'refunded' AND l.amount > 0 THEN 1 END) AS refunds
    FROM ledger_entries l LEFT JOIN payments p ON p.id = l.payment_id LEFT JOIN refunds r ON r.id = l.refund_id LEFT JOIN enrollments e ON e.id = l.enrollment_id
    WHERE l.account IN ('received', 'refunded') GROUP BY 1, 2, 3, 4`;
  const cols = sql.raw('day, currency, method, product_id, gross, voided, refunded, payments, voids, refunds');
  const diff = store.all<{ day: string; currency: string; method: string; product_id: string; side: string }>(sql`
    SELECT *, 'summary only' AS side FROM (SELECT ${cols} FROM revenue_daily EXCEPT SELECT ${cols} FROM (${fromLedger}))
    UNION ALL
    SELECT *, 'ledger only' AS side FROM (SELECT ${cols} FROM (${fromLedger}) EXCEPT SELECT ${cols} FROM revenue_daily)
    LIMIT 20`);
  return diff.map((d) => `revenue_daily ${d.day} ${d.currency} ${d.method} ${d.product_id || '(credit)'}: ${d.side === 'summary only' ? 'summary row differs from the ledger' : 'ledger sum missing from the summary'}`);
}
