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
  -- The office journal (relay/README.md, "Office journal"). An office is an org with a row here;
  -- journal_seq is its own per-office sequence, bumped inside the push transaction like last_seq.
  CREATE TABLE relay_offices (
    org_id TEXT PRIMARY KEY REFERENCES relay_orgs(id),
    name TEXT NOT NULL,
    journal_seq INTEGER NOT NULL DEFAULT 0 CHECK (journal_seq >= 0),
    journal_pruned_through INTEGER NOT NULL DEFAULT 0 CHECK (journal_pruned_through >= 0),
    -- OfficeKeys, set once by the first desk (compare-and-set).
    kdf TEXT,
    key_check TEXT,
    keys_set_by TEXT,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE relay_desks (
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_seen_at INTEGER,
    acked_cursor INTEGER NOT NULL DEFAULT 0 CHECK (acked_cursor >= 0),
    pushed_seq INTEGER NOT NULL DEFAULT 0 CHECK (pushed_seq >= 0),
    pending INTEGER NOT NULL DEFAULT 0 CHECK (pending >= 0),
    PRIMARY KEY (org_id, id)
  ) STRICT;

  -- A desk's tokens are device tokens tied to it; tokens from 'token create' have none.
  ALTER TABLE relay_tokens ADD COLUMN desk_id TEXT;

  CREATE TABLE relay_join_codes (
    code_hash TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    desk_id TEXT
  ) STRICT;

  CREATE TABLE relay_journal (
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    seq INTEGER NOT NULL CHECK (seq > 0),
    id TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    desk_seq INTEGER NOT NULL CHECK (desk_seq > 0),
    ct TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, id),
    UNIQUE (org_id, desk_id, desk_seq)
  ) STRICT;

  CREATE TABLE relay_snapshots (
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    id TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    through_cursor INTEGER NOT NULL CHECK (through_cursor >= 0),
    chunks INTEGER NOT NULL CHECK (chunks > 0),
    bytes INTEGER NOT NULL CHECK (bytes >= 0),
    created_at INTEGER NOT NULL,
    completed_at INTEGER,
    PRIMARY KEY (org_id, id)
  ) STRICT;

  CREATE TABLE relay_snapshot_chunks (
    org_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL,
    idx INTEGER NOT NULL CHECK (idx >= 0),
    ct TEXT NOT NULL,
    PRIMARY KEY (org_id, snapshot_id, idx),
    FOREIGN KEY (org_id, snapshot_id) REFERENCES relay_snapshots(org_id, id) ON DELETE CASCADE
  ) STRICT;
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
