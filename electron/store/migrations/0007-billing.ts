import type { Migration } from '../migrationTypes';

/**
 * Subscriptions and invoices sent through Stripe, the Prices made for plans, and the items a
 * failed off-session payment left delinquent.
 */
export const m0007: Migration = {
  version: 7,
  name: 'billing',
  sql: `
-- One Stripe Product + recurring Price per plan amount/currency/interval, made once and reused.
CREATE TABLE stripe_prices (
  plan_id TEXT NOT NULL REFERENCES payment_plans (id),
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  interval TEXT NOT NULL CHECK (interval IN ('weekly', 'biweekly', 'monthly')),
  product_id TEXT NOT NULL,
  price_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (plan_id, amount, currency, interval)
) STRICT;

-- The id is derived from the request id (like card_requests): a retry reuses the same Stripe keys.
-- status_at is the Stripe \`created\` second the status came from; a webhook older than it never
-- regresses the status (ties: see billing/subscriptionStatus.ts).
CREATE TABLE stripe_subscriptions (
  id TEXT PRIMARY KEY,
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  price_id TEXT,
  subscription_id TEXT UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('creating', 'incomplete', 'incomplete_expired', 'trialing', 'active', 'past_due', 'unpaid', 'paused', 'canceled')),
  status_at INTEGER NOT NULL DEFAULT 0,
  cancel_at_period_end INTEGER NOT NULL DEFAULT 0 CHECK (cancel_at_period_end IN (0, 1)),
  -- a fixed-count plan: the desk asks Stripe to stop at the end of the last paid period
  periods INTEGER CHECK (periods IS NULL OR periods >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
-- One live subscription per enrollment.
CREATE UNIQUE INDEX stripe_subscriptions_live ON stripe_subscriptions (enrollment_id) WHERE status NOT IN ('canceled', 'incomplete_expired');

-- Stripe invoices for schedule items: sent invoices (id derived from the request id) and the
-- invoices of subscriptions (id \`bsi_<Stripe invoice id>\`). payment_id links the one card
-- payment recorded for the invoice (keyed by its payment intent): exactly once.
CREATE TABLE stripe_invoices (
  id TEXT PRIMARY KEY,
  source TEXT NOT NULL CHECK (source IN ('invoice', 'subscription')),
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  subscription_row_id TEXT REFERENCES stripe_subscriptions (id),
  item_ids_json TEXT NOT NULL CHECK (json_valid(item_ids_json)),
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  invoice_id TEXT UNIQUE,
  payment_intent_id TEXT UNIQUE,
  hosted_url TEXT,
  status TEXT NOT NULL CHECK (status IN ('creating', 'open', 'paid', 'void', 'uncollectible')),
  payment_id TEXT UNIQUE REFERENCES payments (id),
  failure_message TEXT,
  -- the retry plan after a failed payment: anchored at the first failure's Stripe time
  first_failed_at INTEGER,
  retries_done INTEGER NOT NULL DEFAULT 0 CHECK (retries_done >= 0),
  next_retry_at TEXT,
  delinquent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  CHECK (status <> 'paid' OR next_retry_at IS NULL)
) STRICT;
CREATE INDEX stripe_invoices_enrollment ON stripe_invoices (enrollment_id, created_at);
CREATE INDEX stripe_invoices_retry_due ON stripe_invoices (next_retry_at) WHERE next_retry_at IS NOT NULL;
CREATE INDEX stripe_invoices_subscription ON stripe_invoices (subscription_row_id) WHERE subscription_row_id IS NOT NULL;

-- Items whose off-session payment failed after every retry, for follow-up at the desk.
CREATE TABLE delinquent_items (
  item_id TEXT PRIMARY KEY REFERENCES schedule_items (id),
  invoice_row_id TEXT NOT NULL REFERENCES stripe_invoices (id),
  reason TEXT NOT NULL,
  since TEXT NOT NULL
) STRICT;
`,
};
