import type { Migration } from '../migrationTypes';

/**
 * The office journal's desk-side books (electron/office/journal, design in
 * ../shared/design/offices.md). Every table here is this desk's own bookkeeping except the
 * three that every desk computes the same way (`office_audit_log` holds the other desks'
 * chains verbatim; `office_adjustments` and `office_conflicts` are derived in office order):
 *
 * - `office_desk`: one row once the desk is in an office (its id, the office's, its HLC);
 *   with no row nothing is captured and the journal costs nothing.
 * - `office_entries`: every entry this desk made or applied, once (idempotence by id), with
 *   its hub cursor once known; the desk's own unsent entries keep their body until acked.
 * - `office_field_clock`: the HLC of the write each mutable field holds (last writer wins).
 * - `office_allocations`: each entry's allocations per item, so rule 3 reads what an item
 *   held at a point of the office order without replaying the ledger.
 * - `enrollments_one_active` becomes a plain index: two desks offline may each enroll the
 *   same student in the same product; both enrollments are kept and flagged (the service
 *   still refuses a duplicate made at one desk).
 */
export const m0014: Migration = {
  version: 14,
  name: 'office-journal',
  sql: `
DROP INDEX enrollments_one_active;
CREATE INDEX enrollments_active_pair ON enrollments (payer_id, product_id) WHERE status = 'active';

CREATE TABLE office_desk (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  office_id TEXT NOT NULL,
  desk_id TEXT NOT NULL CHECK (length(desk_id) BETWEEN 1 AND 64),
  clock TEXT NOT NULL,
  joined_at TEXT NOT NULL
) STRICT;

CREATE TABLE office_entries (
  id TEXT PRIMARY KEY,
  desk TEXT NOT NULL,
  desk_seq INTEGER NOT NULL CHECK (desk_seq >= 1),
  -- its place in the office order, set when the entry is applied (this desk's own: when it comes back)
  cursor INTEGER UNIQUE,
  -- this desk's own entries: the cursor the hub acknowledged (pushed, not yet pulled back)
  sent_cursor INTEGER,
  -- the highest cursor the making desk had applied: entries after it were concurrent with this one
  seen INTEGER NOT NULL DEFAULT 0,
  body BLOB,
  created_at TEXT NOT NULL,
  UNIQUE (desk, desk_seq)
) STRICT;
CREATE INDEX office_entries_unsent ON office_entries (desk, desk_seq) WHERE cursor IS NULL AND sent_cursor IS NULL;

CREATE TABLE office_field_clock (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  col TEXT NOT NULL,
  hlc TEXT NOT NULL,
  PRIMARY KEY (tbl, pk, col)
) STRICT, WITHOUT ROWID;

CREATE TABLE office_allocations (
  entry_id TEXT NOT NULL,
  item_id TEXT NOT NULL,
  payment_id TEXT,
  event TEXT NOT NULL,
  amount INTEGER NOT NULL
) STRICT;
CREATE INDEX office_allocations_item ON office_allocations (item_id);
CREATE INDEX office_allocations_entry ON office_allocations (entry_id);

-- The entry that created an enrollment or a payment, or cancelled an enrollment: the conflict
-- rules compare those entries' places in the office order.
CREATE TABLE office_row_origin (
  tbl TEXT NOT NULL,
  pk TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  PRIMARY KEY (tbl, pk)
) STRICT, WITHOUT ROWID;

-- Other desks' audit chains, row for row as their desk wrote them (hash over the same fields).
CREATE TABLE office_audit_log (
  desk TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  override_by TEXT,
  action TEXT NOT NULL,
  entity_type TEXT NOT NULL,
  entity_id TEXT,
  request_id TEXT,
  before_json TEXT,
  after_json TEXT,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (desk, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER office_audit_log_no_update BEFORE UPDATE ON office_audit_log
BEGIN SELECT RAISE(ABORT, 'office_audit_log is append-only'); END;
CREATE TRIGGER office_audit_log_no_delete BEFORE DELETE ON office_audit_log
BEGIN SELECT RAISE(ABORT, 'office_audit_log is append-only'); END;

-- Money conflicts resolved in office order; the id derives from what is adjusted.
CREATE TABLE office_adjustments (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL CHECK (rule IN ('same_item_paid', 'undo_on_void', 'cancelled_enrollment')),
  entry_id TEXT NOT NULL,
  payment_id TEXT NOT NULL,
  item_id TEXT,
  amount INTEGER NOT NULL CHECK (amount > 0),
  currency TEXT NOT NULL,
  moves_json TEXT NOT NULL CHECK (json_valid(moves_json)),
  undoes TEXT REFERENCES office_adjustments (id)
) STRICT;
CREATE INDEX office_adjustments_payment ON office_adjustments (payment_id);

CREATE TABLE office_conflicts (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('same_item_paid', 'duplicate_enrollment', 'payment_on_cancelled_enrollment', 'refunds_exceed_payment')),
  entity_type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  detail_json TEXT NOT NULL CHECK (json_valid(detail_json)),
  entry_id TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT
) STRICT;
CREATE INDEX office_conflicts_open ON office_conflicts (kind) WHERE resolved_at IS NULL;
`,
};
