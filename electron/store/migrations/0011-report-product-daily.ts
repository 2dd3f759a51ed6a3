import type { Migration } from '../migrationTypes';

/**
 * Product performance read as two small per-product daily summaries instead of scanning an
 * index of every enrollment and summing `revenue_daily`, whose method dimension multiplies
 * its rows (5 methods × 50 products × 400 days read 70k rows and sorted them, 80+ ms on
 * 100k enrollments / 1M payments).
 *
 * `enrollment_daily` counts enrollments per product, currency, enrolled_on and status;
 * `revenue_product_daily` sums the ledger's received and refunded rows per product, currency
 * and UTC day (the same figures as `revenue_daily` without the method). Both are keyed
 * product first, so the report's GROUP BY product, currency reads the key in order with no
 * sort, and stay a few rows per product a day whatever the enrollment and payment counts.
 *
 * Triggers keep them in the transaction that writes what they count, whatever path wrote it,
 * and `verifyReportSummaries` proves both equal a GROUP BY over enrollments and the ledger.
 * An enrollment's key moves on an update (cancellation changes status) and leaves on a delete;
 * ledger rows are append-only (0003), and an enrollment's product is looked up when the row is
 * posted, as `revenue_daily` does. Counts carry no CHECK (>= 0): an upsert's candidate row
 * carries the negative share it moves out.
 *
 * The same per-product keying hurt two other reports on the seeded store, so this step also adds:
 * `revenue_method_daily`, `revenue_daily` without the product (the revenue report without a
 * product filter read 70k rows for a year and sorted them, 55–90 ms; now a few thousand), and
 * `drawer_session_totals`, each drawer session's cash split by what moved it (the drawer sessions
 * report summed ~200k drawer ledger rows through table lookups for a year, ~500 ms).
 */
export const m0011: Migration = {
  version: 11,
  name: 'report-product-daily',
  sql: `
CREATE TABLE enrollment_daily (
  product_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  enrolled_on TEXT NOT NULL,
  status TEXT NOT NULL,
  enrollments INTEGER NOT NULL,
  PRIMARY KEY (product_id, currency, enrolled_on, status)
) STRICT, WITHOUT ROWID;

INSERT INTO enrollment_daily (product_id, currency, enrolled_on, status, enrollments)
SELECT product_id, currency, enrolled_on, status, count(*) FROM enrollments GROUP BY 1, 2, 3, 4;

CREATE TRIGGER enrollments_daily_insert AFTER INSERT ON enrollments
BEGIN
  INSERT INTO enrollment_daily (product_id, currency, enrolled_on, status, enrollments)
  VALUES (NEW.product_id, NEW.currency, NEW.enrolled_on, NEW.status, 1)
  ON CONFLICT (product_id, currency, enrolled_on, status) DO UPDATE SET enrollments = enrollments + excluded.enrollments;
END;
CREATE TRIGGER enrollments_daily_update AFTER UPDATE OF product_id, currency, enrolled_on, status ON enrollments
BEGIN
  INSERT INTO enrollment_daily (product_id, currency, enrolled_on, status, enrollments)
  VALUES (OLD.product_id, OLD.currency, OLD.enrolled_on, OLD.status, -1)
  ON CONFLICT (product_id, currency, enrolled_on, status) DO UPDATE SET enrollments = enrollments + excluded.enrollments;
  INSERT INTO enrollment_daily (product_id, currency, enrolled_on, status, enrollments)
  VALUES (NEW.product_id, NEW.currency, NEW.enrolled_on, NEW.status, 1)
  ON CONFLICT (product_id, currency, enrolled_on, status) DO UPDATE SET enrollments = enrollments + excluded.enrollments;
END;
CREATE TRIGGER enrollments_daily_delete AFTER DELETE ON enrollments
BEGIN
  UPDATE enrollment_daily SET enrollments = enrollments - 1
  WHERE product_id = OLD.product_id AND currency = OLD.currency AND enrolled_on = OLD.enrolled_on AND status = OLD.status;
END;

CREATE TABLE revenue_product_daily (
  product_id TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  gross INTEGER NOT NULL CHECK (gross >= 0),
  voided INTEGER NOT NULL CHECK (voided >= 0),
  refunded INTEGER NOT NULL,
  PRIMARY KEY (product_id, currency, day)
) STRICT, WITHOUT ROWID;

INSERT INTO revenue_product_daily (product_id, currency, day, gross, voided, refunded)
SELECT product_id, currency, day, sum(gross), sum(voided), sum(refunded) FROM revenue_daily WHERE product_id <> '' GROUP BY 1, 2, 3;

CREATE TRIGGER ledger_entries_revenue_product AFTER INSERT ON ledger_entries
WHEN NEW.account IN ('received', 'refunded') AND NEW.enrollment_id IS NOT NULL
BEGIN
  INSERT INTO revenue_product_daily (product_id, currency, day, gross, voided, refunded)
  SELECT e.product_id, NEW.currency, substr(NEW.at, 1, 10),
    CASE WHEN NEW.account = 'received' AND NEW.amount > 0 THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount < 0 THEN -NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'refunded' THEN NEW.amount ELSE 0 END
  FROM enrollments e WHERE e.id = NEW.enrollment_id
  ON CONFLICT (product_id, currency, day) DO UPDATE SET
    gross = gross + excluded.gross, voided = voided + excluded.voided, refunded = refunded + excluded.refunded;
END;
CREATE TRIGGER revenue_product_daily_no_delete BEFORE DELETE ON revenue_product_daily
BEGIN SELECT RAISE(ABORT, 'revenue_product_daily follows the append-only ledger'); END;

CREATE TABLE revenue_method_daily (
  day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  method TEXT NOT NULL,
  gross INTEGER NOT NULL CHECK (gross >= 0),
  voided INTEGER NOT NULL CHECK (voided >= 0),
  refunded INTEGER NOT NULL,
  payments INTEGER NOT NULL CHECK (payments >= 0),
  voids INTEGER NOT NULL CHECK (voids >= 0),
  refunds INTEGER NOT NULL CHECK (refunds >= 0),
  PRIMARY KEY (day, currency, method)
) STRICT, WITHOUT ROWID;

INSERT INTO revenue_method_daily (day, currency, method, gross, voided, refunded, payments, voids, refunds)
SELECT day, currency, method, sum(gross), sum(voided), sum(refunded), sum(payments), sum(voids), sum(refunds) FROM revenue_daily GROUP BY 1, 2, 3;

CREATE TRIGGER ledger_entries_revenue_method AFTER INSERT ON ledger_entries WHEN NEW.account IN ('received', 'refunded')
BEGIN
  INSERT INTO revenue_method_daily (day, currency, method, gross, voided, refunded, payments, voids, refunds)
  VALUES (
    substr(NEW.at, 1, 10),
    NEW.currency,
    coalesce(CASE NEW.account WHEN 'received' THEN (SELECT method FROM payments WHERE id = NEW.payment_id) ELSE (SELECT method FROM refunds WHERE id = NEW.refund_id) END, '?'),
    CASE WHEN NEW.account = 'received' AND NEW.amount > 0 THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount < 0 THEN -NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'refunded' THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount > 0 THEN 1 ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount < 0 THEN 1 ELSE 0 END,
    CASE WHEN NEW.account = 'refunded' AND NEW.amount > 0 THEN 1 ELSE 0 END)
  ON CONFLICT (day, currency, method) DO UPDATE SET
    gross = gross + excluded.gross, voided = voided + excluded.voided, refunded = refunded + excluded.refunded,
    payments = payments + excluded.payments, voids = voids + excluded.voids, refunds = refunds + excluded.refunds;
END;
CREATE TRIGGER revenue_method_daily_no_delete BEFORE DELETE ON revenue_method_daily
BEGIN SELECT RAISE(ABORT, 'revenue_method_daily follows the append-only ledger'); END;

CREATE TABLE drawer_session_totals (
  session_id TEXT PRIMARY KEY,
  float INTEGER NOT NULL,
  cash_in INTEGER NOT NULL,
  cash_out INTEGER NOT NULL,
  paid_in INTEGER NOT NULL,
  paid_out INTEGER NOT NULL,
  expected INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO drawer_session_totals (session_id, float, cash_in, cash_out, paid_in, paid_out, expected)
SELECT session_id,
  sum(CASE WHEN event = 'drawer_open' THEN amount ELSE 0 END),
  sum(CASE WHEN event IN ('payment', 'void') THEN amount ELSE 0 END),
  sum(CASE WHEN event = 'refund' THEN -amount ELSE 0 END),
  sum(CASE WHEN event = 'paid_in' THEN amount ELSE 0 END),
  sum(CASE WHEN event = 'paid_out' THEN -amount ELSE 0 END),
  sum(amount)
FROM ledger_entries WHERE account = 'drawer' AND session_id IS NOT NULL GROUP BY session_id;

CREATE TRIGGER ledger_entries_drawer_totals AFTER INSERT ON ledger_entries WHEN NEW.account = 'drawer' AND NEW.session_id IS NOT NULL
BEGIN
  INSERT INTO drawer_session_totals (session_id, float, cash_in, cash_out, paid_in, paid_out, expected)
  VALUES (NEW.session_id,
    CASE WHEN NEW.event = 'drawer_open' THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.event IN ('payment', 'void') THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.event = 'refund' THEN -NEW.amount ELSE 0 END,
    CASE WHEN NEW.event = 'paid_in' THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.event = 'paid_out' THEN -NEW.amount ELSE 0 END,
    NEW.amount)
  ON CONFLICT (session_id) DO UPDATE SET
    float = float + excluded.float, cash_in = cash_in + excluded.cash_in, cash_out = cash_out + excluded.cash_out,
    paid_in = paid_in + excluded.paid_in, paid_out = paid_out + excluded.paid_out, expected = expected + excluded.expected;
END;
CREATE TRIGGER drawer_session_totals_no_delete BEFORE DELETE ON drawer_session_totals
BEGIN SELECT RAISE(ABORT, 'drawer_session_totals follows the append-only ledger'); END;
`,
};
