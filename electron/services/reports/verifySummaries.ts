import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { DRAWER_SESSION_TOTALS_ROWS, ENROLLMENT_DAILY_ROWS, ITEM_TOTALS_ROWS, PAYER_OUTSTANDING_ROWS, REVENUE_DAY, revenueDailyRows } from './summaryQueries';

/**
 * Proves `revenue_daily` equals a GROUP BY over the ledger it summarises, and `item_totals`
 * and `payer_outstanding` a GROUP BY over the schedule items, `revenue_product_daily` a GROUP
 * BY over the same ledger rows (as `revenue_method_daily`), `drawer_session_totals` one over the
 * drawer ledger rows and `enrollment_daily` one over the enrollments (every key,
 * every column, both directions), like `ledger:verify` proves the paid cache. Returns what differs.
 */
export function verifyReportSummaries(store: Store): string[] {
  // A row's revenue day is its office-local `day` (0013), or its UTC day when posted before
  // that: the triggers' very expression. A store older than 0013 has only the UTC day.
  const has0013 = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM pragma_table_info('ledger_entries') WHERE name = 'day'`)?.n === 1;
  const fromLedger = sql.raw(revenueDailyRows(has0013 ? REVENUE_DAY : 'substr(l.at, 1, 10)'));
  const cols = sql.raw('day, currency, method, product_id, gross, voided, refunded, payments, voids, refunds');
  const diff = store.all<{ day: string; currency: string; method: string; product_id: string; side: string }>(sql`
    SELECT *, 'summary only' AS side FROM (SELECT ${cols} FROM revenue_daily EXCEPT SELECT ${cols} FROM (${fromLedger}))
    UNION ALL
    SELECT *, 'ledger only' AS side FROM (SELECT ${cols} FROM (${fromLedger}) EXCEPT SELECT ${cols} FROM revenue_daily)
    LIMIT 20`);
  const itemRows = sql.raw(ITEM_TOTALS_ROWS);
  const items = store.all<{ state: string; due_date: string; product_id: string; currency: string; paid_class: string }>(sql`
    SELECT * FROM (SELECT state, due_date, product_id, currency, paid_class, items, amount, paid FROM item_totals WHERE items <> 0 OR amount <> 0 OR paid <> 0
      EXCEPT SELECT * FROM (${itemRows}))
    UNION ALL
    SELECT * FROM (SELECT * FROM (${itemRows})
      EXCEPT SELECT state, due_date, product_id, currency, paid_class, items, amount, paid FROM item_totals)
    LIMIT 20`);
  const payerRows = sql.raw(PAYER_OUTSTANDING_ROWS);
  const payers = store.all<{ payer_id: string; currency: string }>(sql`
    SELECT * FROM (SELECT payer_id, currency, amount FROM payer_outstanding WHERE amount <> 0
      EXCEPT SELECT * FROM (${payerRows}))
    UNION ALL
    SELECT * FROM (SELECT * FROM (${payerRows})
      EXCEPT SELECT payer_id, currency, amount FROM payer_outstanding)
    LIMIT 20`);
  // The per-product summaries come with migration 0011; a store of an older schema has none to prove.
  const has0011 = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name IN ('revenue_product_daily', 'enrollment_daily', 'revenue_method_daily', 'drawer_session_totals')`)?.n === 4;
  const byProduct = sql`SELECT product_id, currency, day, sum(gross) AS gross, sum(voided) AS voided, sum(refunded) AS refunded
    FROM (${fromLedger}) WHERE product_id <> '' GROUP BY 1, 2, 3`;
  const products = !has0011 ? [] : store.all<{ product_id: string; currency: string; day: string; side: string }>(sql`
    SELECT *, 'summary only' AS side FROM (SELECT product_id, currency, day, gross, voided, refunded FROM revenue_product_daily EXCEPT SELECT * FROM (${byProduct}))
    UNION ALL
    SELECT *, 'ledger only' AS side FROM (SELECT * FROM (${byProduct}) EXCEPT SELECT product_id, currency, day, gross, voided, refunded FROM revenue_product_daily)
    LIMIT 20`);
  const enrollmentRows = sql.raw(ENROLLMENT_DAILY_ROWS);
  const enrollments = !has0011 ? [] : store.all<{ product_id: string; currency: string; enrolled_on: string; status: string }>(sql`
    SELECT * FROM (SELECT product_id, currency, enrolled_on, status, enrollments FROM enrollment_daily WHERE enrollments <> 0
      EXCEPT SELECT * FROM (${enrollmentRows}))
    UNION ALL
    SELECT * FROM (SELECT * FROM (${enrollmentRows})
      EXCEPT SELECT product_id, currency, enrolled_on, status, enrollments FROM enrollment_daily)
    LIMIT 20`);
  const byMethod = sql`SELECT day, currency, method, sum(gross) AS gross, sum(voided) AS voided, sum(refunded) AS refunded,
      sum(payments) AS payments, sum(voids) AS voids, sum(refunds) AS refunds FROM (${fromLedger}) GROUP BY 1, 2, 3`;
  const methodCols = sql.raw('day, currency, method, gross, voided, refunded, payments, voids, refunds');
  const methods = !has0011 ? [] : store.all<{ day: string; currency: string; method: string; side: string }>(sql`
    SELECT *, 'summary only' AS side FROM (SELECT ${methodCols} FROM revenue_method_daily EXCEPT SELECT * FROM (${byMethod}))
    UNION ALL
    SELECT *, 'ledger only' AS side FROM (SELECT * FROM (${byMethod}) EXCEPT SELECT ${methodCols} FROM revenue_method_daily)
    LIMIT 20`);
  const bySession = sql.raw(DRAWER_SESSION_TOTALS_ROWS);
  const sessionCols = sql.raw('session_id, float, cash_in, cash_out, paid_in, paid_out, expected');
  const sessions = !has0011 ? [] : store.all<{ session_id: string; side: string }>(sql`
    SELECT *, 'summary only' AS side FROM (SELECT ${sessionCols} FROM drawer_session_totals EXCEPT SELECT * FROM (${bySession}))
    UNION ALL
    SELECT *, 'ledger only' AS side FROM (SELECT * FROM (${bySession}) EXCEPT SELECT ${sessionCols} FROM drawer_session_totals)
    LIMIT 20`);
  return [
    ...diff.map((d) => `revenue_daily ${d.day} ${d.currency} ${d.method} ${d.product_id || '(credit)'}: ${d.side === 'summary only' ? 'summary row differs from the ledger' : 'ledger sum missing from the summary'}`),
    ...items.map((i) => `item_totals ${i.state} ${i.due_date} ${i.product_id} ${i.currency} ${i.paid_class}: differs from the schedule items`),
    ...payers.map((p) => `payer_outstanding ${p.payer_id} ${p.currency}: differs from the payer's items`),
    ...products.map((p) => `revenue_product_daily ${p.day} ${p.currency} ${p.product_id}: ${p.side === 'summary only' ? 'summary row differs from the ledger' : 'ledger sum missing from the summary'}`),
    ...methods.map((m) => `revenue_method_daily ${m.day} ${m.currency} ${m.method}: ${m.side === 'summary only' ? 'summary row differs from the ledger' : 'ledger sum missing from the summary'}`),
    ...sessions.map((x) => `drawer_session_totals ${x.session_id}: ${x.side === 'summary only' ? 'summary row differs from the drawer ledger' : 'drawer ledger sum missing from the summary'}`),
    ...enrollments.map((e) => `enrollment_daily ${e.enrolled_on} ${e.currency} ${e.product_id} ${e.status}: differs from the enrollments`),
  ];
}
