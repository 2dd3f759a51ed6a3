import type { Migration } from '../migrationTypes';

/**
 * The office's business conflicts, all of them (issue 13, invariant 3; electron/office/journal):
 *
 * - `office_adjustments` learns two rules: `cancelled_enrollment` was already allowed (a payment
 *   for an enrollment cancelled at another desk becomes payer credit) and `refund_excess` (two
 *   refunds at two desks released more than an item held: the shortfall becomes what the payer
 *   owes). A refund's adjustment names its refund; not every refund names a payment, so
 *   `payment_id` may be empty.
 * - `office_conflicts` learns `duplicate_value` (a username, an external id or a Stripe id made at
 *   two desks: the later in office order is renamed) and `plan_rules_replaced` (two desks replaced
 *   the plan rules at once: the later list wins).
 * - `office_resolutions`: an admin's resolution of a flagged conflict, with a note. Office data
 *   (journaled as a fact), so every desk sees the conflict resolved; a conflict resolved at two
 *   desks at once keeps both notes.
 *
 * - `cancellations` may hold two rows for one enrollment: two desks cancelled it without knowing
 *   of each other. Both stand (each may have paid money out); the later in office order is flagged
 *   `double_cancellation`, and what its refunds released beyond what was paid is the payer's to
 *   owe (`refund_excess`). One desk still refuses to cancel twice (the enrollment's status).
 *   The table is rebuilt without its UNIQUE; refunds point at it, so foreign keys are checked at
 *   commit (`defer_foreign_keys`), when every id is back.
 *
 * Both office tables are rebuilt (SQLite cannot change a CHECK); their rows are every desk's own
 * computation and are copied as they are.
 */
export const m0018: Migration = {
  version: 18,
  name: 'office-conflicts',
  sql: `
CREATE TABLE office_adjustments_next (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL CHECK (rule IN ('same_item_paid', 'undo_on_void', 'cancelled_enrollment', 'refund_excess')),
  entry_id TEXT NOT NULL,
  payment_id TEXT,
  refund_id TEXT,
  item_id TEXT,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  moves_json TEXT NOT NULL CHECK (json_valid(moves_json)),
  undoes TEXT REFERENCES office_adjustments_next (id),
  CHECK (payment_id IS NOT NULL OR refund_id IS NOT NULL)
) STRICT;
INSERT INTO office_adjustments_next (id, rule, entry_id, payment_id, item_id, amount, currency, moves_json, undoes)
  SELECT id, rule, entry_id, payment_id, item_id, amount, currency, moves_json, undoes FROM office_adjustments;
DROP TABLE office_adjustments;
ALTER TABLE office_adjustments_next RENAME TO office_adjustments;
CREATE INDEX office_adjustments_payment ON office_adjustments (payment_id);

CREATE TABLE office_conflicts_next (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('same_item_paid', 'duplicate_enrollment', 'payment_on_cancelled_enrollment', 'refunds_exceed_payment',
    'duplicate_value', 'plan_rules_replaced', 'double_cancellation')),
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

CREATE TABLE office_resolutions (
  id TEXT PRIMARY KEY,
  conflict_id TEXT NOT NULL,
  note TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 1000),
  resolved_by TEXT REFERENCES users (id),
  resolved_at TEXT NOT NULL
) STRICT;
CREATE INDEX office_resolutions_conflict ON office_resolutions (conflict_id);

PRAGMA defer_foreign_keys = ON;
CREATE TABLE cancellations_next (
  id TEXT PRIMARY KEY,
  enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
  reason TEXT NOT NULL,
  proposed_amount INTEGER NOT NULL CHECK (proposed_amount >= 0),
  refund_amount INTEGER NOT NULL CHECK (refund_amount >= 0),
  override_reason TEXT,
  basis TEXT NOT NULL,
  created_by TEXT,
  created_at TEXT NOT NULL,
  CHECK (refund_amount = proposed_amount OR override_reason IS NOT NULL)
) STRICT;
INSERT INTO cancellations_next SELECT id, enrollment_id, reason, proposed_amount, refund_amount, override_reason, basis, created_by, created_at FROM cancellations;
DROP TABLE cancellations;
ALTER TABLE cancellations_next RENAME TO cancellations;
CREATE INDEX cancellations_enrollment ON cancellations (enrollment_id);
`,
};
