import type { Migration } from '../migrationTypes';

/**
 * The other desks' audit chains (`office_audit_log`) become an ordinary rowid table, keyed as
 * before by (desk, seq). As a WITHOUT ROWID table each row lived in the key's B-tree, where a
 * row over about 1,000 bytes (4 KiB pages) keeps only its first ~490 bytes in the tree and
 * puts the rest on an overflow page of its own: an audit row is about 1.2 KB (its before and
 * after JSON), so nearly every row took a whole 4 KiB page for its last ~700 bytes. A new desk
 * of the 100k-enrollment office wrote 1.3M such rows: about 6 GB instead of under 2 GB (its
 * WAL grew past 6 GB), and a third of the join's applying transaction (issue 13). A rowid
 * table keeps a row up to ~4,000 bytes in its leaf; the key is a small index beside it.
 * Rows copied in key order, unchanged; the append-only triggers as they were.
 */
export const m0028: Migration = {
  version: 28,
  name: 'office-audit-rowid',
  sql: `
CREATE TABLE office_audit_log_rowid (
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
) STRICT;
INSERT INTO office_audit_log_rowid (desk, seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash)
  SELECT desk, seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash
  FROM office_audit_log ORDER BY desk, seq;
DROP TABLE office_audit_log;
ALTER TABLE office_audit_log_rowid RENAME TO office_audit_log;
CREATE TRIGGER office_audit_log_no_update BEFORE UPDATE ON office_audit_log
BEGIN SELECT RAISE(ABORT, 'office_audit_log is append-only'); END;
CREATE TRIGGER office_audit_log_no_delete BEFORE DELETE ON office_audit_log
BEGIN SELECT RAISE(ABORT, 'office_audit_log is append-only'); END;
`,
};
