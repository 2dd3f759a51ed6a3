import type { Migration } from '../migrationTypes';

/**
 * Stripe webhook events applied on this desk. An event id is applied once (the primary key
 * is the guard), together with the relay cursor that delivered it, in one transaction.
 */
export const m0004: Migration = {
  version: 4,
  name: 'sync',
  sql: `
CREATE TABLE processed_events (
  event_id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  object_id TEXT,
  created INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('relay', 'catchup')),
  relay_cursor INTEGER,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'unmatched', 'ignored', 'stale')),
  detail TEXT,
  payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
  applied_at TEXT NOT NULL
) STRICT;
CREATE INDEX processed_events_created ON processed_events (created, event_id);
CREATE INDEX processed_events_applied ON processed_events (applied_at);
CREATE INDEX processed_events_outcome ON processed_events (outcome, applied_at);

-- The newest event applied per Stripe object: an older event never regresses newer state.
CREATE TABLE stripe_object_versions (
  object_id TEXT PRIMARY KEY,
  last_created INTEGER NOT NULL,
  last_event_id TEXT NOT NULL
) STRICT;

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`,
};
