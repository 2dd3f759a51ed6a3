import type { Migration } from '../migrationTypes';

/**
 * Indexes the office journal's conflict rules read by when a desk applies remote entries
 * (issue 13: ≥ 5,000 entries/s). Without them each applied entry scanned what the desk had
 * applied before, so a week's backlog took time growing with its square.
 *
 * - `office_row_origin_entry`: the rows an entry originated (flagRules.ts,
 *   cancelledEnrollment.ts ask this of every entry); the key is (tbl, pk).
 * - `office_allocations_void`: this desk's voids the office has not ordered yet, looked up each
 *   time one of its own entries comes back (officeJournal.ts); voids are few.
 * - `office_entries_unordered`: this desk's entries without a place in the office order yet
 *   (pushed or not), which the unique (desk, desk_seq) key can only filter one by one.
 */
export const m0023: Migration = {
  version: 23,
  name: 'office-apply-indexes',
  sql: `
CREATE INDEX office_row_origin_entry ON office_row_origin (entry_id, tbl);
CREATE INDEX office_allocations_void ON office_allocations (entry_id) WHERE event = 'void';
CREATE INDEX office_entries_unordered ON office_entries (desk, desk_seq) WHERE cursor IS NULL;
`,
};
