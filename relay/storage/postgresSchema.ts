/** Relay schema steps for PostgreSQL, tracked in `relay_schema`. Same tables and rules as SQLite. Never edit a landed step. */
export const postgresSchema: readonly string[] = [
  `
  CREATE TABLE relay_orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- Per-org sequence counter; the insert transaction holds this row's lock until commit,
    -- so sequences are handed out in commit order and a reader can never skip a late commit.
    last_seq BIGINT NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    pruned_through BIGINT NOT NULL DEFAULT 0 CHECK (pruned_through >= 0),
    created_at BIGINT NOT NULL
  );

  CREATE TABLE relay_org_secrets (
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    secret TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (org_id, secret)
  );

  CREATE TABLE relay_events (
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    seq BIGINT NOT NULL CHECK (seq > 0),
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    created BIGINT NOT NULL,
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, event_id)
  );
  CREATE INDEX relay_events_received ON relay_events (received_at);

  CREATE TABLE relay_tokens (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    device TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_cursor BIGINT,
    last_seen_at BIGINT
  );
  CREATE UNIQUE INDEX relay_tokens_active_device ON relay_tokens (org_id, device) WHERE revoked_at IS NULL;
  `,
];
