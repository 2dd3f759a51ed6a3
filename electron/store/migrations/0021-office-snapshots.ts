import type { Migration } from '../migrationTypes';

/**
 * Office snapshots, the desk's side (issue 13; electron/office/transport/snapshots.ts):
 *
 * - `office_snapshot_work`: a snapshot on its way, at most one each way. `up`: this desk's
 *   upload (the pieces wait in a file beside the store until the hub holds them all). `down`: a
 *   new desk's restore (pieces fetched and opened so far; applied in one transaction once all
 *   are here). A kill at any instant resumes from this row; nothing is applied half.
 * - `office_membership` learns when this desk last uploaded or restored a snapshot (the upload
 *   policy counts entries and time from there), whether the desk started from one, and whether
 *   the office's first desk still owes the hub its seed snapshot (its books were too large for
 *   one journal entry).
 */
export const m0021: Migration = {
  version: 21,
  name: 'office-snapshots',
  sql: `
CREATE TABLE office_snapshot_work (
  direction TEXT PRIMARY KEY CHECK (direction IN ('up', 'down')),
  -- the hub's id, once it gave one
  snapshot TEXT,
  through_cursor INTEGER NOT NULL CHECK (through_cursor >= 0),
  chunks INTEGER NOT NULL CHECK (chunks >= 1),
  -- byte length of each piece held in the file so far (up: all of them)
  pieces_json TEXT NOT NULL CHECK (json_valid(pieces_json)),
  started_at TEXT NOT NULL
) STRICT;

ALTER TABLE office_membership ADD COLUMN snapshot_cursor INTEGER NOT NULL DEFAULT 0 CHECK (snapshot_cursor >= 0);
ALTER TABLE office_membership ADD COLUMN snapshot_at TEXT;
ALTER TABLE office_membership ADD COLUMN restored INTEGER NOT NULL DEFAULT 0 CHECK (restored IN (0, 1));
ALTER TABLE office_membership ADD COLUMN seed_pending INTEGER NOT NULL DEFAULT 0 CHECK (seed_pending IN (0, 1));
`,
};
