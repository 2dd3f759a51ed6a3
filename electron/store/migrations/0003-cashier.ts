import type { Migration } from '../migrationTypes';

/**
 * The cashier's money: payments, receipts, drawer sessions, deposits, refunds, the Stripe
 * outbox and the append-only ledger that every balance is derived from.
 *
 * `ledger_entries` is the record. Each money movement posts rows to five accounts:
 *   received  money that came in from a payer (void reversals post it negative)
 *   refunded  money committed back to a payer (a failed card refund posts it negative)
 *   allocated money applied to a schedule item (item_id set; signed)
 *   credit    a payer's credit balance (overpayment in, credit used out)
 *   drawer    cash in a drawer session (float, cash payments, cash refunds, paid-in/out)
 * and every operation balances: received − refunded = allocated + credit, per payment, per
 * enrollment and per payer; drawer rows sum to the session's expected cash.
 *
 * `schedule_items.paid_amount` is a cache of the item's allocated rows, written in the same
 * transaction as the rows; `ledger:verify` proves it equals their sum. It exists so the
 * admin schedule table can filter by paid/due/overdue over 100k enrollments from an index
 * range without summing allocations per row.
 */
export const m0003: Migration = {
  version: 3,
  name: 'cashier',
  sql: `
ALTER TABLE schedule_items ADD COLUMN paid_amount INTEGER NOT NULL DEFAULT 0 CHECK (paid_amount >= 0);

-- Gap-free numbering: one row per desk and series, bumped inside the writing transaction.
CREATE TABLE desk_counters (
  desk_code TEXT NOT NULL,
  series TEXT NOT NULL CHECK (series IN ('receipt', 'zreport', 'deposit')),
  last_value INTEGER NOT NULL CHECK (last_value >= 0),
  PRIMARY KEY (desk_code, series)
) STRICT, WITHOUT ROWID;

CREATE TABLE deposits (
  id TEXT PRIMARY KEY,
  desk_code TEXT NOT NULL,
  slip_number TEXT NOT NULL UNIQUE,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  cash_amount INTEGER NOT NULL CHECK (cash_amount >= 0),
  check_amount INTEGER NOT NULL CHECK (check_amount >= 0),
  check_count INTEGER NOT NULL CHECK (check_count >= 0),
  status TEXT NOT NULL CHECK (status IN ('prepared', 'deposited')),
  bank_reference TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  deposited_at TEXT,
  deposited_by TEXT,
  CHECK ((status = 'deposited') = (deposited_at IS NOT NULL))
) STRICT;

CREATE TABLE drawer_sessions (
  id TEXT PRIMARY KEY,
  desk_code TEXT NOT NULL,
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  opening_float INTEGER NOT NULL CHECK (opening_float >= 0 AND opening_float <= 1000000000),
  opened_by TEXT,
  opened_at TEXT NOT NULL,
  closed_by TEXT,
  closed_at TEXT,
  expected_cash INTEGER,
  counted_cash INTEGER CHECK (counted_cash IS NULL OR counted_cash >= 0),
  over_short INTEGER,
  denominations_json TEXT CHECK (denominations_json IS NULL OR json_valid(denominations_json)),
  close_note TEXT,
  z_number INTEGER CHECK (z_number IS NULL OR z_number >= 1),
  deposit_id TEXT REFERENCES deposits (id),
  CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
  CHECK ((status = 'closed') = (z_number IS NOT NULL)),
  CHECK (status = 'open' OR (expected_cash IS NOT NULL AND counted_cash IS NOT NULL AND over_short = counted_cash - expected_cash)),
  CHECK (deposit_id IS NULL OR status = 'closed')
) STRICT;
-- One open drawer per desk, enforced by the store.
CREATE UNIQUE INDEX drawer_sessions_one_open ON drawer_sessions (desk_code) WHERE status = 'open';
CREATE UNIQUE INDEX drawer_sessions_z ON drawer_sessions (desk_code, z_number) WHERE z_number IS NOT NULL;
CREATE INDEX drawer_sessions_opened ON drawer_sessions (opened_at);

CREATE TABLE drawer_moves (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES drawer_sessions (id),
  kind TEXT NOT NULL CHECK (kind IN ('paid_in', 'paid_out')),
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  created_by TEXT,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX drawer_moves_session ON drawer_moves (session_id);

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
) STRICT;
-- Partial unique indexes: most payments have no Stripe ids (and bulk ones no request id),
-- so only the rows that carry one pay for the index.
CREATE UNIQUE INDEX payments_request ON payments (request_id) WHERE request_id IS NOT NULL;
CREATE UNIQUE INDEX payments_stripe_intent ON payments (stripe_payment_intent_id) WHERE stripe_payment_intent_id IS NOT NULL;
CREATE UNIQUE INDEX payments_stripe_charge ON payments (stripe_charge_id) WHERE stripe_charge_id IS NOT NULL;
CREATE INDEX payments_enrollment ON payments (enrollment_id, received_at);
CREATE INDEX payments_payer ON payments (payer_id, received_at);
CREATE INDEX payments_session ON payments (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX payments_received ON payments (received_at);

CREATE TABLE receipts (
  id TEXT PRIMARY KEY,
  desk_code TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  number TEXT NOT NULL UNIQUE,
  payment_id TEXT NOT NULL UNIQUE REFERENCES payments (id),
  status TEXT NOT NULL CHECK (status IN ('issued', 'void')),
  issued_at TEXT NOT NULL,
  voided_at TEXT
) STRICT;
-- number is desk_code-seq, so its uniqueness is (desk_code, seq)'s; the counter row makes seq gap-free.

-- A cancellation and the refund an admin decided for it.
CREATE TABLE cancellations (
  id TEXT PRIMARY KEY,
  enrollment_id TEXT NOT NULL UNIQUE REFERENCES enrollments (id),
  reason TEXT NOT NULL,
  proposed_amount INTEGER NOT NULL CHECK (proposed_amount >= 0),
  refund_amount INTEGER NOT NULL CHECK (refund_amount >= 0),
  override_reason TEXT,
  basis TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  CHECK (refund_amount = proposed_amount OR override_reason IS NOT NULL)
) STRICT;

-- One row per refund line (one method). Rows of one decision share operation_id.
CREATE TABLE refunds (
  id TEXT PRIMARY KEY,
  operation_id TEXT NOT NULL,
  cancellation_id TEXT REFERENCES cancellations (id),
  enrollment_id TEXT REFERENCES enrollments (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  -- the original payment this line returns money of (required for card and card_terminal)
  payment_id TEXT REFERENCES payments (id),
  method TEXT NOT NULL CHECK (method IN ('cash', 'check', 'bank_transfer', 'card_terminal', 'card', 'credit')),
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  source TEXT NOT NULL CHECK (source IN ('enrollment', 'credit')),
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  reason TEXT NOT NULL,
  check_number TEXT,
  reference TEXT,
  session_id TEXT REFERENCES drawer_sessions (id),
  stripe_refund_id TEXT UNIQUE,
  failure_reason TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (method NOT IN ('card', 'card_terminal') OR payment_id IS NOT NULL),
  CHECK (method <> 'cash' OR session_id IS NOT NULL),
  CHECK (method <> 'check' OR check_number IS NOT NULL),
  CHECK (status <> 'pending' OR method = 'card'),
  CHECK (source = 'enrollment' OR method <> 'credit'),
  CHECK (source = 'credit' OR enrollment_id IS NOT NULL)
) STRICT;
CREATE INDEX refunds_enrollment ON refunds (enrollment_id);
CREATE INDEX refunds_payer ON refunds (payer_id);
CREATE INDEX refunds_payment ON refunds (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX refunds_session ON refunds (session_id) WHERE session_id IS NOT NULL;
CREATE INDEX refunds_created ON refunds (created_at);

-- Stripe mutations waiting to be sent; written in the same transaction as the local change.
CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  -- 'stripe.refund' now; the Stripe issue adds its own kinds without rebuilding the table
  kind TEXT NOT NULL CHECK (kind GLOB 'stripe.?*'),
  payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
  idempotency_key TEXT NOT NULL UNIQUE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'done', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at TEXT,
  last_error TEXT,
  response_json TEXT CHECK (response_json IS NULL OR json_valid(response_json)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

CREATE TABLE ledger_entries (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  -- what posted the row: payment, void, refund, refund_failed, drawer_open, paid_in, paid_out
  -- (descriptive; later issues add events without rebuilding an append-only table — the
  -- accounts below are the closed set every proof rests on)
  event TEXT NOT NULL CHECK (event GLOB '[a-z]*' AND length(event) <= 40),
  account TEXT NOT NULL CHECK (account IN ('received', 'refunded', 'allocated', 'credit', 'drawer')),
  amount INTEGER NOT NULL CHECK (amount <> 0 AND amount BETWEEN -1000000000 AND 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  payer_id TEXT REFERENCES payers (id),
  enrollment_id TEXT REFERENCES enrollments (id),
  item_id TEXT REFERENCES schedule_items (id),
  payment_id TEXT REFERENCES payments (id),
  refund_id TEXT REFERENCES refunds (id),
  session_id TEXT REFERENCES drawer_sessions (id),
  move_id TEXT REFERENCES drawer_moves (id),
  CHECK ((account = 'allocated') = (item_id IS NOT NULL)),
  CHECK (account = 'drawer' OR payer_id IS NOT NULL),
  CHECK (account <> 'drawer' OR session_id IS NOT NULL)
) STRICT;
-- Only what the desk looks up while taking money is indexed: a payment's rows, a payer's
-- credit rows and a session's drawer rows. Every row pays for each index it is in, and the
-- per-item, per-enrollment and per-refund proofs of ledger:verify are whole-table GROUP BYs.
CREATE INDEX ledger_payment ON ledger_entries (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX ledger_credit ON ledger_entries (payer_id, currency) WHERE account = 'credit';
CREATE INDEX ledger_drawer ON ledger_entries (session_id) WHERE account = 'drawer';

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger_entries is append-only'); END;
-- A money record is never deleted; voids and failures are new ledger rows and a status.
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
BEGIN SELECT RAISE(ABORT, 'payments are never deleted'); END;
CREATE TRIGGER receipts_no_delete BEFORE DELETE ON receipts
BEGIN SELECT RAISE(ABORT, 'receipts are never deleted'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN SELECT RAISE(ABORT, 'refunds are never deleted'); END;
CREATE TRIGGER payments_amount_fixed BEFORE UPDATE OF amount, currency, method, enrollment_id, payer_id, credit_applied, credit_created ON payments
BEGIN SELECT RAISE(ABORT, 'a payment''s money fields never change; void it instead'); END;
`,
};
