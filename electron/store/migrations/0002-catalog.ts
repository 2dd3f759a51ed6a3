import type { Migration } from '../migrationTypes';

/**
 * Catalog, plans, payers, enrollments and their schedules.
 *
 * Schedule items store what is owed (`amount`, after discount) and what an admin decided
 * (`state`: open / paused / waived / cancelled). What was paid is NOT stored here: the
 * cashier's allocations (payment → item, amount) are the only record of it, and paid
 * figures and statuses are derived from them, so they cannot drift from the ledger.
 */
export const m0002: Migration = {
  version: 2,
  name: 'catalog',
  sql: `
CREATE TABLE products (
  id TEXT PRIMARY KEY,
  external_id TEXT UNIQUE,
  type TEXT NOT NULL CHECK (type IN ('course', 'program')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  price INTEGER NOT NULL CHECK (price > 0 AND price <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  start_date TEXT CHECK (start_date IS NULL OR start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  end_date TEXT CHECK (end_date IS NULL OR end_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  refund_policy TEXT NOT NULL DEFAULT 'prorata' CHECK (refund_policy IN ('prorata', 'full', 'none')),
  auto_assign_payment_plan INTEGER NOT NULL DEFAULT 1 CHECK (auto_assign_payment_plan IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX products_name ON products (name COLLATE NOCASE);

CREATE TABLE payment_plans (
  id TEXT PRIMARY KEY,
  product_id TEXT NOT NULL REFERENCES products (id),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind TEXT NOT NULL CHECK (kind IN ('full', 'installments', 'subscription')),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  first_due_rule TEXT NOT NULL CHECK (first_due_rule IN ('enrollment_date', 'fixed_date', 'product_start', 'days_after_enrollment')),
  first_due_date TEXT,
  first_due_days INTEGER CHECK (first_due_days IS NULL OR first_due_days >= 0),
  due_interval TEXT CHECK (due_interval IS NULL OR due_interval IN ('weekly', 'biweekly', 'monthly')),
  -- installments: number of installments; subscription: number of periods (NULL = open-ended)
  item_count INTEGER CHECK (item_count IS NULL OR item_count BETWEEN 1 AND 120),
  due_dates_json TEXT CHECK (due_dates_json IS NULL OR json_valid(due_dates_json)),
  deposit_kind TEXT CHECK (deposit_kind IS NULL OR deposit_kind IN ('amount', 'percent')),
  deposit_amount INTEGER CHECK (deposit_amount IS NULL OR deposit_amount >= 0),
  deposit_basis_points INTEGER CHECK (deposit_basis_points IS NULL OR deposit_basis_points BETWEEN 0 AND 9999),
  period_amount INTEGER CHECK (period_amount IS NULL OR period_amount > 0),
  late_fee_amount INTEGER CHECK (late_fee_amount IS NULL OR late_fee_amount > 0),
  late_fee_grace_days INTEGER CHECK (late_fee_grace_days IS NULL OR late_fee_grace_days >= 0),
  deposit_refundable INTEGER NOT NULL DEFAULT 1 CHECK (deposit_refundable IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((late_fee_amount IS NULL) = (late_fee_grace_days IS NULL)),
  CHECK (kind <> 'installments' OR deposit_kind IS NOT NULL)
) STRICT;
CREATE INDEX payment_plans_product ON payment_plans (product_id, active);

-- Ordered auto-detect rules; replaced as a whole list. Enrollments keep the rule's name and
-- the reason as text, so replacing the rules never rewrites history.
CREATE TABLE plan_rules (
  id TEXT PRIMARY KEY,
  position INTEGER NOT NULL UNIQUE CHECK (position >= 1),
  name TEXT NOT NULL,
  product_type TEXT CHECK (product_type IS NULL OR product_type IN ('course', 'program')),
  currency TEXT,
  price_at_least INTEGER,
  price_at_most INTEGER,
  days_until_start_at_least INTEGER,
  days_until_start_at_most INTEGER,
  plan_kind TEXT NOT NULL CHECK (plan_kind IN ('full', 'installments', 'subscription')),
  payer_choice_allowed INTEGER NOT NULL CHECK (payer_choice_allowed IN (0, 1)),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE payers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- lower-cased copies for indexed prefix search (range scans, no LIKE escaping)
  name_key TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  phone_digits TEXT,
  external_id TEXT UNIQUE,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX payers_name_key ON payers (name_key);
CREATE INDEX payers_email ON payers (email) WHERE email IS NOT NULL;
CREATE INDEX payers_phone_digits ON payers (phone_digits) WHERE phone_digits IS NOT NULL;

CREATE TABLE enrollments (
  id TEXT PRIMARY KEY,
  payer_id TEXT NOT NULL REFERENCES payers (id),
  product_id TEXT NOT NULL REFERENCES products (id),
  plan_id TEXT NOT NULL REFERENCES payment_plans (id),
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled', 'completed')),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  enrolled_on TEXT NOT NULL,
  list_price INTEGER NOT NULL CHECK (list_price > 0),
  discount_kind TEXT CHECK (discount_kind IS NULL OR discount_kind IN ('percent', 'fixed')),
  discount_value INTEGER CHECK (discount_value IS NULL OR discount_value > 0),
  discount_reason TEXT,
  discount_amount INTEGER NOT NULL DEFAULT 0 CHECK (discount_amount >= 0),
  total_amount INTEGER NOT NULL CHECK (total_amount > 0),
  open_ended INTEGER NOT NULL DEFAULT 0 CHECK (open_ended IN (0, 1)),
  detected_rule_id TEXT,
  detected_rule TEXT,
  detection_reason TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK ((discount_kind IS NULL) = (discount_value IS NULL) AND (discount_kind IS NULL) = (discount_reason IS NULL))
) STRICT;
-- One active enrollment per payer and product, enforced by the store as well as the service.
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (payer_id, product_id) WHERE status = 'active';
CREATE INDEX enrollments_product ON enrollments (product_id, status);
CREATE INDEX enrollments_payer ON enrollments (payer_id, created_at);
CREATE INDEX enrollments_created ON enrollments (created_at);

CREATE TABLE schedule_items (
  id TEXT PRIMARY KEY,
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  -- copied from the enrollment so the admin table filters without a join
  product_id TEXT NOT NULL REFERENCES products (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  kind TEXT NOT NULL CHECK (kind IN ('full', 'deposit', 'installment', 'period')),
  due_date TEXT NOT NULL,
  original_due_date TEXT NOT NULL,
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'paused', 'waived', 'cancelled')),
  state_reason TEXT,
  paused_on TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (enrollment_id, seq),
  CHECK ((state = 'paused') = (paused_on IS NOT NULL))
) STRICT;
CREATE INDEX schedule_items_state_due ON schedule_items (state, due_date);
CREATE INDEX schedule_items_product_state_due ON schedule_items (product_id, state, due_date);
CREATE INDEX schedule_items_payer ON schedule_items (payer_id, due_date);
CREATE INDEX schedule_items_due ON schedule_items (due_date);
`,
};
