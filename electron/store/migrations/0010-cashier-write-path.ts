import type { Migration } from '../migrationTypes';

/**
 * Fewer B-trees written per payment. A cash payment used to touch 27 B-trees (≈ 31 WAL
 * pages per commit, measured by reading the WAL); each is a page SQLite must rewrite and
 * fsync, and on a 1M-payment store a random leaf it may have to read first.
 *
 * - `payments` and `receipts` become WITHOUT ROWID tables keyed by their time-ordered ids
 *   (electron/store/ids.ts): the row lives in the primary-key B-tree itself instead of a
 *   rowid table plus a separate `sqlite_autoindex_*_1` on `id`. One B-tree less each.
 * - `payments_request` goes: a payment's request id is already unique through `requests`
 *   (its primary key, written in the same transaction by every mutation, and
 *   `payments:recordManual` is the only writer of `payments.request_id`). The column stays.
 * - `payments_payer` goes: a payment's payer is its enrollment's payer, so a payer's
 *   payments are found through `enrollments_payer` and `payments_enrollment` (listPayments).
 * Every other index, CHECK and trigger is kept as it was; the reports triggers of 0005 live
 * on ledger_entries and schedule_items and read payments by id, which the new key serves.
 *
 * The rebuild is the copy-out, drop, create, copy-in sequence inside this migration's one
 * transaction. `PRAGMA foreign_keys` cannot change inside a transaction, so
 * `defer_foreign_keys` (reset by SQLite at commit) lets dropping `payments` count its
 * children (ledger rows, receipts, refunds, Stripe invoices) as violations instead of
 * failing; inserting the same ids back into the new `payments` clears them one by one, and
 * the commit is refused if a single child were left without its payment.
 */
export const m0010: Migration = {
  version: 10,
  name: 'cashier-write-path',
  sql: `
PRAGMA defer_foreign_keys = ON;
-- The copy-in below inserts into payments_enrollment in random order (built row by row, its
-- pages keep room for the next payments instead of being packed full by CREATE INDEX, which
-- would make the first payments after the upgrade split a full page each); a cache that holds
-- the index makes that fast. Back to SQLite's default at the end.
PRAGMA cache_size = -262144;

CREATE TABLE migrate_0010_payments AS SELECT * FROM payments;
CREATE TABLE migrate_0010_receipts AS SELECT * FROM receipts;
DROP TABLE receipts;
DROP TABLE payments;

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  request_id TEXT,
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'check', 'bank_transfer', 'card_terminal', 'card', 'credit')),
  -- money received by this method; for method 'credit' the credit applied
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  -- payer credit used on top of the money (useCredit), and overpayment put to credit
  credit_applied INTEGER NOT NULL DEFAULT 0 CHECK (credit_applied >= 0),
  credit_created INTEGER NOT NULL DEFAULT 0 CHECK (credit_created >= 0),
  tendered INTEGER CHECK (tendered IS NULL OR tendered >= amount),
  change_due INTEGER CHECK (change_due IS NULL OR change_due = tendered - amount),
  check_number TEXT,
  check_bank TEXT,
  check_date TEXT,
  reference TEXT,
  stripe_payment_intent_id TEXT,
  stripe_charge_id TEXT,
  note TEXT,
  received_at TEXT NOT NULL,
  session_id TEXT REFERENCES drawer_sessions (id),
  status TEXT NOT NULL DEFAULT 'completed' CHECK (status IN ('completed', 'voided')),
  voided_at TEXT,
  voided_by TEXT,
  void_reason TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  CHECK ((method = 'cash') = (tendered IS NOT NULL)),
  CHECK (method <> 'check' OR check_number IS NOT NULL),
  CHECK (method <> 'card' OR stripe_payment_intent_id IS NOT NULL),
  CHECK (method NOT IN ('cash', 'check') OR session_id IS NOT NULL),
  CHECK (method <> 'credit' OR credit_applied = 0),
  CHECK ((status = 'voided') = (voided_at IS NOT NULL))
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX payments_stripe_intent ON payments (stripe_payment_intent_id) WHERE stripe_payment_intent_id IS NOT NULL;
CREATE UNIQUE INDEX payments_stripe_charge ON payments (stripe_charge_id) WHERE stripe_charge_id IS NOT NULL;
CREATE INDEX payments_enrollment ON payments (enrollment_id, received_at);
CREATE INDEX payments_session ON payments (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX payments_received ON payments (received_at);
INSERT INTO payments (id, request_id, enrollment_id, payer_id, method, amount, currency, credit_applied, credit_created, tendered, change_due,
    check_number, check_bank, check_date, reference, stripe_payment_intent_id, stripe_charge_id, note, received_at, session_id, status,
    voided_at, voided_by, void_reason, created_by, created_at)
  SELECT id, request_id, enrollment_id, payer_id, method, amount, currency, credit_applied, credit_created, tendered, change_due,
    check_number, check_bank, check_date, reference, stripe_payment_intent_id, stripe_charge_id, note, received_at, session_id, status,
    voided_at, voided_by, void_reason, created_by, created_at
  FROM migrate_0010_payments;
DROP TABLE migrate_0010_payments;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;
CREATE TRIGGER payments_amount_fixed BEFORE UPDATE OF amount, currency, method, enrollment_id, payer_id, credit_applied, credit_created ON payments
BEGIN SELECT RAISE(ABORT, 'a payment''s money fields never change; void it instead'); END;

CREATE TABLE receipts (
  id TEXT PRIMARY KEY,
  desk_code TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  number TEXT NOT NULL UNIQUE,
  payment_id TEXT NOT NULL UNIQUE REFERENCES payments (id),
  status TEXT NOT NULL CHECK (status IN ('issued', 'void')),
  issued_at TEXT NOT NULL,
  voided_at TEXT
) STRICT, WITHOUT ROWID;
INSERT INTO receipts (id, desk_code, seq, number, payment_id, status, issued_at, voided_at)
  SELECT id, desk_code, seq, number, payment_id, status, issued_at, voided_at FROM migrate_0010_receipts;
DROP TABLE migrate_0010_receipts;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END;

PRAGMA cache_size = -2000;
`,
};
