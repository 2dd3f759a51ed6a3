import type { Migration } from '../migrationTypes';

/**
 * Refund receipts and credit notes (issue 17): a refund operation gets a number of its own
 * desk series, `DESK1-R000001`, gap-free like receipt numbers.
 *
 * - `desk_counters` learns the series `refund`. SQLite cannot change a CHECK in place, so the
 *   table is rebuilt with its rows (a handful: one per desk and series).
 * - `refund_receipts`: one row per refund operation, written in the refund's transaction, never
 *   changed or deleted (the refunds it names keep their own history).
 */
export const m0020: Migration = {
  version: 20,
  name: 'refund-receipts',
  sql: `
CREATE TABLE desk_counters_next (
  desk_code TEXT NOT NULL,
  series TEXT NOT NULL CHECK (series IN ('receipt', 'zreport', 'deposit', 'refund')),
  last_value INTEGER NOT NULL CHECK (last_value >= 0),
  PRIMARY KEY (desk_code, series)
) STRICT, WITHOUT ROWID;
INSERT INTO desk_counters_next (desk_code, series, last_value) SELECT desk_code, series, last_value FROM desk_counters;
DROP TABLE desk_counters;
ALTER TABLE desk_counters_next RENAME TO desk_counters;

CREATE TABLE refund_receipts (
  id TEXT PRIMARY KEY,
  desk_code TEXT NOT NULL,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  number TEXT NOT NULL UNIQUE,
  operation_id TEXT NOT NULL UNIQUE,
  payer_id TEXT NOT NULL REFERENCES payers (id),
  kind TEXT NOT NULL CHECK (kind IN ('refund', 'credit_note')),
  issued_at TEXT NOT NULL,
  UNIQUE (desk_code, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER refund_receipts_no_update BEFORE UPDATE ON refund_receipts
BEGIN SELECT RAISE(ABORT, 'refund receipts never change'); END;

CREATE TRIGGER refund_receipts_no_delete BEFORE DELETE ON refund_receipts
BEGIN SELECT RAISE(ABORT, 'refund receipts are never deleted'); END;
`,
};
