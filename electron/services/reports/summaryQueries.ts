/**
 * What each derived summary table holds, as the GROUP BY over the rows it summarises: the one
 * definition that `verifyReportSummaries` proves the tables against (and so `office:digest`) and
 * that a new desk's snapshot restore fills them from (office/journal/bulkDerived.ts). Each is a
 * SELECT whose columns are the table's, in its order. Constant text: no value is ever put in it.
 */

/** A ledger row's revenue day: its office-local `day` (0013), or its UTC day when posted before that (the triggers' expression). */
export const REVENUE_DAY = 'coalesce(l.day, substr(l.at, 1, 10))';

/** `revenue_daily`: the received and refunded ledger rows by day, currency, method and product (`dayOf`: a store older than 0013 has only the UTC day). */
export const revenueDailyRows = (dayOf: string = REVENUE_DAY): string => `SELECT ${dayOf} AS day, l.currency, coalesce(CASE l.account WHEN 'received' THEN p.method ELSE r.method END, '?') AS method,
      coalesce(e.product_id, '') AS product_id,
      sum(CASE WHEN l.account = 'received' AND l.amount > 0 THEN l.amount ELSE 0 END) AS gross,
      sum(CASE WHEN l.account = 'received' AND l.amount < 0 THEN -l.amount ELSE 0 END) AS voided,
      sum(CASE WHEN l.account = 'refunded' THEN l.amount ELSE 0 END) AS refunded,
      count(CASE WHEN l.account = 'received' AND l.amount > 0 THEN 1 END) AS payments,
      count(CASE WHEN l.account = 'received' AND l.amount < 0 THEN 1 END) AS voids,
      count(CASE WHEN l.account = 'refunded' AND l.amount > 0 THEN 1 END) AS refunds
    FROM ledger_entries l LEFT JOIN payments p ON p.id = l.payment_id LEFT JOIN refunds r ON r.id = l.refund_id LEFT JOIN enrollments e ON e.id = l.enrollment_id
    WHERE l.account IN ('received', 'refunded') GROUP BY 1, 2, 3, 4`;

/** `item_totals`: the schedule items by state, due date, product, currency and how much is paid. */
export const ITEM_TOTALS_ROWS = `SELECT state, due_date, product_id, currency,
        CASE WHEN paid_amount = 0 THEN 'zero' WHEN paid_amount < amount THEN 'partial' ELSE 'full' END AS paid_class, count(*) AS items, sum(amount) AS amount, sum(paid_amount) AS paid
      FROM schedule_items GROUP BY 1, 2, 3, 4, 5`;

/** `payer_outstanding`: what each payer still owes on open and paused items, by currency. */
export const PAYER_OUTSTANDING_ROWS = `SELECT payer_id, currency, sum(amount - paid_amount) AS amount FROM schedule_items WHERE state IN ('open', 'paused') AND paid_amount < amount GROUP BY 1, 2`;

/** `enrollment_daily`: the enrollments by product, currency, day and status. */
export const ENROLLMENT_DAILY_ROWS = 'SELECT product_id, currency, enrolled_on, status, count(*) AS enrollments FROM enrollments GROUP BY 1, 2, 3, 4';

/** `drawer_session_totals`: each drawer session's cash ledger rows by kind. */
export const DRAWER_SESSION_TOTALS_ROWS = `SELECT session_id,
      sum(CASE WHEN event = 'drawer_open' THEN amount ELSE 0 END) AS float,
      sum(CASE WHEN event IN ('payment', 'void') THEN amount ELSE 0 END) AS cash_in,
      sum(CASE WHEN event = 'refund' THEN -amount ELSE 0 END) AS cash_out,
      sum(CASE WHEN event = 'paid_in' THEN amount ELSE 0 END) AS paid_in,
      sum(CASE WHEN event = 'paid_out' THEN -amount ELSE 0 END) AS paid_out,
      sum(amount) AS expected
    FROM ledger_entries WHERE account = 'drawer' AND session_id IS NOT NULL GROUP BY session_id`;
