import type { Migration } from '../migrationTypes';

/**
 * What the reports read, shaped so each report is an index range rather than a scan of a
 * million ledger rows.
 *
 * `revenue_daily` is a summary of the `received` and `refunded` ledger rows per UTC day,
 * currency, method and product. A trigger on `ledger_entries` keeps it in the same
 * transaction as the rows it sums, whatever path wrote them (the cashier's services, bulk
 * seeders, future Stripe events), and `verifyReportSummaries` proves it equals a GROUP BY
 * over the ledger. Method and product are looked up once, when the row is posted: the
 * payment (for received rows) and the refund (for refunded rows) are already inserted by
 * then, and a payment's method and enrollment never change (0003 forbids it).
 *   gross    received rows > 0 (money in)
 *   voided   −(received rows < 0) (voids)
 *   refunded refunded rows (refunds out, minus failed card refunds)
 * so net = gross − voided − refunded = Σ received − Σ refunded of the ledger.
 * product_id '' holds rows with no enrollment (payouts of payer credit).
 */
export const m0005: Migration = {
  version: 5,
  name: 'reports',
  sql: `
CREATE TABLE revenue_daily (
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  method TEXT NOT NULL,
  product_id TEXT NOT NULL,
  gross INTEGER NOT NULL DEFAULT 0 CHECK (gross >= 0),
  voided INTEGER NOT NULL DEFAULT 0 CHECK (voided >= 0),
  refunded INTEGER NOT NULL DEFAULT 0,
  payments INTEGER NOT NULL DEFAULT 0 CHECK (payments >= 0),
  voids INTEGER NOT NULL DEFAULT 0 CHECK (voids >= 0),
  refunds INTEGER NOT NULL DEFAULT 0 CHECK (refunds >= 0),
  PRIMARY KEY (day, currency, method, product_id)
) STRICT, WITHOUT ROWID;

INSERT INTO revenue_daily (day, currency, method, product_id, gross, voided, refunded, payments, voids, refunds)
SELECT substr(l.at, 1, 10), l.currency,
  coalesce(CASE l.account WHEN 'received' THEN p.method ELSE r.method END, '?'),
  coalesce(e.product_id, ''),
  sum(CASE WHEN l.account = 'received' AND l.amount > 0 THEN l.amount ELSE 0 END),
  sum(CASE WHEN l.account = 'received' AND l.amount < 0 THEN -l.amount ELSE 0 END),
  sum(CASE WHEN l.account = 'refunded' THEN l.amount ELSE 0 END),
  count(CASE WHEN l.account = 'received' AND l.amount > 0 THEN 1 END),
  count(CASE WHEN l.account = 'received' AND l.amount < 0 THEN 1 END),
  count(CASE WHEN l.account = 'refunded' AND l.amount > 0 THEN 1 END)
FROM ledger_entries l
LEFT JOIN payments p ON p.id = l.payment_id
LEFT JOIN refunds r ON r.id = l.refund_id
LEFT JOIN enrollments e ON e.id = l.enrollment_id
WHERE l.account IN ('received', 'refunded')
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER ledger_entries_revenue AFTER INSERT ON ledger_entries WHEN NEW.account IN ('received', 'refunded')
BEGIN
  INSERT INTO revenue_daily (day, currency, method, product_id, gross, voided, refunded, payments, voids, refunds)
  VALUES (
    substr(NEW.at, 1, 10),
    NEW.currency,
    coalesce(CASE NEW.account WHEN 'received' THEN (SELECT method FROM payments WHERE id = NEW.payment_id) ELSE (SELECT method FROM refunds WHERE id = NEW.refund_id) END, '?'),
    coalesce((SELECT product_id FROM enrollments WHERE id = NEW.enrollment_id), ''),
    CASE WHEN NEW.account = 'received' AND NEW.amount > 0 THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount < 0 THEN -NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'refunded' THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount > 0 THEN 1 ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount < 0 THEN 1 ELSE 0 END,
    CASE WHEN NEW.account = 'refunded' AND NEW.amount > 0 THEN 1 ELSE 0 END)
  ON CONFLICT (day, currency, method, product_id) DO UPDATE SET
    gross = gross + excluded.gross, voided = voided + excluded.voided, refunded = refunded + excluded.refunded,
    payments = payments + excluded.payments, voids = voids + excluded.voids, refunds = refunds + excluded.refunds;
END;
CREATE TRIGGER revenue_daily_no_delete BEFORE DELETE ON revenue_daily
BEGIN SELECT RAISE(ABORT, 'revenue_daily follows the append-only ledger'); END;

-- Status, aging and the dashboard: one covering range per admin state (state IN (...) AND
-- due_date range), so no item row is read; paid_amount is the ledger-proven cache (0003).
CREATE INDEX schedule_items_report ON schedule_items (state, due_date, product_id, currency, amount, paid_amount, payer_id);
-- Product performance: enrollments and cancellations in a date range, without the table.
CREATE INDEX enrollments_enrolled ON enrollments (enrolled_on, product_id, status);
CREATE INDEX deposits_created ON deposits (created_at);
`,
};
