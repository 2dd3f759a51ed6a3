import type { Migration } from '../migrationTypes';

/** Stripe customers of payers, and card payments asked for at the desk (intents and hosted links). */
export const m0006: Migration = {
  version: 6,
  name: 'card',
  sql: `
CREATE TABLE stripe_customers (
  payer_id TEXT PRIMARY KEY REFERENCES payers (id),
  customer_id TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

-- One row per card payment the desk asked for. The id is derived from the request id, so a
-- retry after a crash reuses the same Stripe idempotency key and gets the same intent or link.
CREATE TABLE card_requests (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('intent', 'link')),
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  item_ids_json TEXT NOT NULL CHECK (json_valid(item_ids_json)),
  amount INTEGER NOT NULL CHECK (amount > 0 AND amount <= 1000000000),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  payment_intent_id TEXT UNIQUE,
  checkout_session_id TEXT UNIQUE,
  url TEXT,
  status TEXT NOT NULL CHECK (status IN ('creating', 'open', 'paid', 'failed')),
  failure_message TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX card_requests_enrollment ON card_requests (enrollment_id, created_at);
`,
};
