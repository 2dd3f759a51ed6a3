import type { Migration } from '../migrationTypes';

/**
 * OneRoster (SIS) import.
 *
 * - `roster_links` ties a OneRoster `sourcedId` (per kind: course, class, user, enrollment) to
 *   the Bursar row it became, with a digest of the fields last imported (a re-import that
 *   changes nothing is found without reading the entity) and what the import set that Bursar
 *   may change since (`imported_json`: a product's price and default plan), so a price an
 *   admin changed is kept, not overwritten. `flag` marks a link the SIS asked to remove
 *   (`tobedeleted`, or gone from a bulk file) that waits for an admin (an enrollment is never
 *   cancelled silently: money may be involved).
 * - `payer_contacts`: a student's guardians (`agentSourcedIds`), for receipts and mail.
 * - `roster_imports`: the history (who, when, the bundle's digest, the counts).
 * - `roster_mapping`: the one saved mapping, as JSON checked by the contract's schema.
 */
export const m0016: Migration = {
  version: 16,
  name: 'roster',
  sql: `
CREATE TABLE roster_links (
  kind TEXT NOT NULL CHECK (kind IN ('course', 'class', 'user', 'enrollment')),
  sourced_id TEXT NOT NULL CHECK (length(sourced_id) BETWEEN 1 AND 255),
  entity_id TEXT,
  digest TEXT NOT NULL,
  imported_json TEXT CHECK (imported_json IS NULL OR json_valid(imported_json)),
  flag TEXT CHECK (flag IS NULL OR flag IN ('remove')),
  import_id TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, sourced_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX roster_links_entity ON roster_links (entity_id) WHERE entity_id IS NOT NULL;
CREATE INDEX roster_links_flag ON roster_links (kind, flag) WHERE flag IS NOT NULL;

CREATE TABLE payer_contacts (
  id TEXT PRIMARY KEY,
  payer_id TEXT NOT NULL REFERENCES payers (id),
  source_id TEXT,
  relationship TEXT NOT NULL CHECK (relationship IN ('guardian', 'parent', 'relative')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email TEXT,
  phone TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (payer_id, source_id)
) STRICT;
CREATE INDEX payer_contacts_source ON payer_contacts (source_id) WHERE source_id IS NOT NULL;

CREATE TABLE roster_imports (
  id TEXT PRIMARY KEY,
  request_id TEXT NOT NULL UNIQUE,
  mode TEXT NOT NULL CHECK (mode IN ('bulk', 'delta')),
  source_name TEXT NOT NULL,
  digest TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done', 'cancelled', 'failed')),
  counts_json TEXT NOT NULL CHECK (json_valid(counts_json)),
  actor_id TEXT,
  actor_name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;
CREATE INDEX roster_imports_started ON roster_imports (started_at);

CREATE TABLE roster_mapping (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  mapping_json TEXT NOT NULL CHECK (json_valid(mapping_json)),
  updated_at TEXT NOT NULL
) STRICT;
`,
};
