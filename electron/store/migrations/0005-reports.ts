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
 *
 * `item_totals` and `payer_outstanding` do the same for schedule items, whose status and
 * what is owed follow from (state, due date, amount, paid_amount): counts and sums per due
 * date, product, currency, admin state and paid class (zero / partial / full), and what each
 * payer owes per currency. Triggers on schedule_items move an item's share from its old key
 * to its new one in the same statement (a payment's paid_amount update included), so
 * status, aging and dashboard figures over 100k enrollments read a few thousand summary
 * rows instead of 400k items; `verifyReportSummaries` proves both equal a GROUP BY.
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

CREATE TABLE item_totals (
  due_date TEXT NOT NULL,
  product_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  state TEXT NOT NULL,
  paid_class TEXT NOT NULL CHECK (paid_class IN ('zero', 'partial', 'full')),
  -- no CHECK (items >= 0): an upsert's candidate row carries the negative share it moves out
  items INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  paid INTEGER NOT NULL,
  PRIMARY KEY (state, due_date, product_id, currency, paid_class)
) STRICT, WITHOUT ROWID;

CREATE TABLE payer_outstanding (
  payer_id TEXT NOT NULL,
  currency TEXT NOT NULL,
  -- Σ amount − paid over the payer's open and paused items not paid in full (no CHECK, as above)
  amount INTEGER NOT NULL,
  PRIMARY KEY (payer_id, currency)
) STRICT, WITHOUT ROWID;
CREATE INDEX payer_outstanding_amount ON payer_outstanding (amount DESC, payer_id) WHERE amount > 0;

INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
SELECT due_date, product_id, currency, state,
  CASE WHEN paid_amount = 0 THEN 'zero' WHEN paid_amount < amount THEN 'partial' ELSE 'full' END,
  count(*), sum(amount), sum(paid_amount)
FROM schedule_items GROUP BY 1, 2, 3, 4, 5;

INSERT INTO payer_outstanding (payer_id, currency, amount)
SELECT payer_id, currency, sum(amount - paid_amount) FROM schedule_items
WHERE state IN ('open', 'paused') AND paid_amount < amount GROUP BY payer_id, currency;

CREATE TRIGGER schedule_items_totals_insert AFTER INSERT ON schedule_items
BEGIN
  INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
  VALUES (NEW.due_date, NEW.product_id, NEW.currency, NEW.state,
    CASE WHEN NEW.paid_amount = 0 THEN 'zero' WHEN NEW.paid_amount < NEW.amount THEN 'partial' ELSE 'full' END, 1, NEW.amount, NEW.paid_amount)
  ON CONFLICT (state, due_date, product_id, currency, paid_class) DO UPDATE SET items = items + excluded.items, amount = amount + excluded.amount, paid = paid + excluded.paid;
  INSERT INTO payer_outstanding (payer_id, currency, amount)
  SELECT NEW.payer_id, NEW.currency, (NEW.amount - NEW.paid_amount) WHERE NEW.state IN ('open', 'paused') AND NEW.paid_amount < NEW.amount
  ON CONFLICT (payer_id, currency) DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER schedule_items_totals_update AFTER UPDATE OF due_date, product_id, payer_id, currency, state, amount, paid_amount ON schedule_items
BEGIN
  INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
  VALUES (OLD.due_date, OLD.product_id, OLD.currency, OLD.state,
    CASE WHEN OLD.paid_amount = 0 THEN 'zero' WHEN OLD.paid_amount < OLD.amount THEN 'partial' ELSE 'full' END, -1, -OLD.amount, -OLD.paid_amount)
  ON CONFLICT (state, due_date, product_id, currency, paid_class) DO UPDATE SET items = items + excluded.items, amount = amount + excluded.amount, paid = paid + excluded.paid;
  INSERT INTO item_totals (due_date, product_id, currency, state, paid_class, items, amount, paid)
  VALUES (NEW.due_date, NEW.product_id, NEW.currency, NEW.state,
    CASE WHEN NEW.paid_amount = 0 THEN 'zero' WHEN NEW.paid_amount < NEW.amount THEN 'partial' ELSE 'full' END, 1, NEW.amount, NEW.paid_amount)
  ON CONFLICT (state, due_date, product_id, currency, paid_class) DO UPDATE SET items = items + excluded.items, amount = amount + excluded.amount, paid = paid + excluded.paid;
  INSERT INTO payer_outstanding (payer_id, currency, amount)
  SELECT OLD.payer_id, OLD.currency, -(OLD.amount - OLD.paid_amount) WHERE OLD.state IN ('open', 'paused') AND OLD.paid_amount < OLD.amount
  ON CONFLICT (payer_id, currency) DO UPDATE SET amount = amount + excluded.amount;
  INSERT INTO payer_outstanding (payer_id, currency, amount)
  SELECT NEW.payer_id, NEW.currency, (NEW.amount - NEW.paid_amount) WHERE NEW.state IN ('open', 'paused') AND NEW.paid_amount < NEW.amount
  ON CONFLICT (payer_id, currency) DO UPDATE SET amount = amount + excluded.amount;
END;
CREATE TRIGGER schedule_items_no_delete_totals BEFORE DELETE ON schedule_items
BEGIN SELECT RAISE(ABORT, 'schedule items are cancelled, never deleted'); END;

-- Product performance: enrollments per product in a date range, read in product order from
-- the index alone (with enrolled_on first it needed a table lookup per row for the currency).
CREATE INDEX enrollments_product_enrolled ON enrollments (product_id, currency, enrolled_on, status);
CREATE INDEX deposits_created ON deposits (created_at);
`,
};
