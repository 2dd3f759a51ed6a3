/** Relay schema steps for SQLite, applied in order and tracked by `user_version`. Never edit a landed step. */
export const sqliteSchema: readonly string[] = [
  `
  CREATE TABLE relay_orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- The per-org sequence counter: bumped inside the insert transaction, so sequences follow commit order.
    last_seq INTEGER NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    -- Highest sequence removed by retention; a cursor below it has missed events (410).
    pruned_through INTEGER NOT NULL DEFAULT 0 CHECK (pruned_through >= 0),
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE relay_org_secrets (
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    secret TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (org_id, secret)
  ) STRICT;

  CREATE TABLE relay_events (
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    seq INTEGER NOT NULL CHECK (seq > 0),
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    created INTEGER NOT NULL,
    payload TEXT NOT NULL,
    signature TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, event_id)
  ) STRICT;
  CREATE INDEX relay_events_received ON relay_events (received_at);

  CREATE TABLE relay_tokens (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    device TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_cursor INTEGER,
    last_seen_at INTEGER
  ) STRICT;
  CREATE UNIQUE INDEX relay_tokens_active_device ON relay_tokens (org_id, device) WHERE revoked_at IS NULL;
  `,
  `
  -- Sealed payer pages: ciphertext only (the key is in the link's fragment, never sent here).
  CREATE TABLE relay_portal_pages (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    ct TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  ) STRICT;
  CREATE INDEX relay_portal_pages_expiry ON relay_portal_pages (expires_at);
  `,
];
