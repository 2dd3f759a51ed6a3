import type { Migration } from '../migrationTypes';

/**
 * A Stripe subscription set up for one enrollment at two desks at once (issue 13: each desk
 * reached Stripe, neither had heard of the other's yet). Both are real at Stripe, so both rows
 * must stand on every desk; the later in the office order is flagged `duplicate_subscription`
 * for an admin, who cancels one through the usual flow. Before, the unique index on the
 * enrollment's live subscription made the later entry fail to apply and stopped every desk.
 *
 * - `stripe_subscriptions_live` becomes a plain index (one desk still refuses a second live
 *   subscription: the service checks before it asks Stripe).
 * - `office_conflicts` learns the kind (SQLite cannot change a CHECK: rebuilt, rows copied as
 *   they are, as 0018 did).
 */
export const m0029: Migration = {
  version: 29,
  name: 'office-duplicate-subscriptions',
  sql: `
DROP INDEX stripe_subscriptions_live;
CREATE INDEX stripe_subscriptions_live ON stripe_subscriptions (enrollment_id) WHERE status NOT IN ('canceled', 'incomplete_expired');

CREATE TABLE office_conflicts_next (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('same_item_paid', 'duplicate_enrollment', 'payment_on_cancelled_enrollment', 'refunds_exceed_payment',
    'duplicate_value', 'plan_rules_replaced', 'double_cancellation', 'duplicate_subscription')),
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail_json TEXT NOT NULL CHECK (json_valid(detail_json)),
  entry_id TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT
) STRICT;
INSERT INTO office_conflicts_next SELECT id, kind, entity_type, entity_id, detail_json, entry_id, resolved_at, resolved_by FROM office_conflicts;
DROP TABLE office_conflicts;
ALTER TABLE office_conflicts_next RENAME TO office_conflicts;
CREATE INDEX office_conflicts_open ON office_conflicts (kind) WHERE resolved_at IS NULL;
`,
};
