import type { Migration } from '../migrationTypes';

/**
 * Revenue is counted on the office's calendar day, not UTC's: a 5 pm cash payment in Los
 * Angeles is today's takings, not tomorrow's. The ledger's `post` writes the office-local
 * `day` of each row (in the zone set in Settings) and the three revenue triggers of 0005 and
 * 0011 bucket by `coalesce(NEW.day, substr(NEW.at, 1, 10))`.
 *
 * - `ADD COLUMN`, never a rebuild: no row is rewritten. On a STRICT table SQLite still reads
 *   every row once to check it (a quick_check of the table: 2.5 s warm, 6 s cold on the
 *   2.5M-row ledger of the 1M-payment bench store), and that same pass tests a CHECK, so the
 *   column gets one for free: NULL or a `YYYY-MM-DD` day.
 * - Rows posted before this step keep `day` NULL and stay on their UTC day, where the
 *   summaries already count them: the ledger is append-only (0003) and is never updated,
 *   and every reader uses the same coalesce, so summaries and proofs agree row for row.
 * - The triggers are dropped and created again with the same text but for the day, inside
 *   this migration's one transaction, so no insert can fall between them.
 */
export const m0013: Migration = {
  version: 13,
  name: 'office-day',
  sql: `
ALTER TABLE ledger_entries ADD COLUMN day TEXT CHECK (day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]');

DROP TRIGGER ledger_entries_revenue;
CREATE TRIGGER ledger_entries_revenue AFTER INSERT ON ledger_entries WHEN NEW.account IN ('received', 'refunded')
BEGIN
  INSERT INTO revenue_daily (day, currency, method, product_id, gross, voided, refunded, payments, voids, refunds)
  VALUES (
    coalesce(NEW.day, substr(NEW.at, 1, 10)),
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

DROP TRIGGER ledger_entries_revenue_product;
CREATE TRIGGER ledger_entries_revenue_product AFTER INSERT ON ledger_entries
WHEN NEW.account IN ('received', 'refunded') AND NEW.enrollment_id IS NOT NULL
BEGIN
  INSERT INTO revenue_product_daily (product_id, currency, day, gross, voided, refunded)
  SELECT e.product_id, NEW.currency, coalesce(NEW.day, substr(NEW.at, 1, 10)),
    CASE WHEN NEW.account = 'received' AND NEW.amount > 0 THEN NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'received' AND NEW.amount < 0 THEN -NEW.amount ELSE 0 END,
    CASE WHEN NEW.account = 'refunded' THEN NEW.amount ELSE 0 END
  FROM enrollments e WHERE e.id = NEW.enrollment_id
  ON CONFLICT (product_id, currency, day) DO UPDATE SET
    gross = gross + excluded.gross, voided = voided + excluded.voided, refunded = refunded + excluded.refunded;
END;

DROP TRIGGER ledger_entries_revenue_method;
CREATE TRIGGER ledger_entries_revenue_method AFTER INSERT ON ledger_entries WHEN NEW.account IN ('received', 'refunded')
BEGIN
  INSERT INTO revenue_method_daily (day, currency, method, gross, voided, refunded, payments, voids, refunds)
  VALUES (
    coalesce(NEW.day, substr(NEW.at, 1, 10)),
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
`,
};
