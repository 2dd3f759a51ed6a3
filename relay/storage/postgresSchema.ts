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
  `
  -- Stores a batch of deliveries in one statement (one round trip; in autocommit it is its own
  -- transaction, flushed before the answer returns). Org counter rows are locked FOR UPDATE in
  -- sorted order (instances cannot deadlock) and held to COMMIT, so sequences follow commit order.
  -- VOLATILE: each statement inside takes a fresh snapshot, so the duplicate check made after
  -- the lock sees whatever a concurrent writer committed before releasing it.
  CREATE FUNCTION relay_store_events(
    p_org TEXT[], p_event TEXT[], p_type TEXT[], p_created BIGINT[], p_payload TEXT[], p_signature TEXT[], p_received BIGINT[]
  ) RETURNS TABLE (out_status TEXT, out_seq BIGINT)
  LANGUAGE plpgsql VOLATILE
  -- A writer stuck holding an org lock must not stall the others for ever: past this they fail.
  SET lock_timeout = '10s'
  AS $fn$
  DECLARE
    v_orgs TEXT[];
    v_last BIGINT[];
    v_status TEXT[] := '{}';
    v_seq BIGINT[] := '{}';
    v_existing BIGINT;
    v_pos INT;
    v_org TEXT;
  BEGIN
    SELECT array_agg(o ORDER BY o) INTO v_orgs FROM (SELECT DISTINCT unnest(p_org) AS o) d;
    v_last := array_fill(0::BIGINT, ARRAY[coalesce(array_length(v_orgs, 1), 0)]);
    FOR v_pos IN 1 .. coalesce(array_length(v_orgs, 1), 0) LOOP
      SELECT o.last_seq INTO v_existing FROM relay_orgs o WHERE o.id = v_orgs[v_pos] FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'unknown org %', v_orgs[v_pos]; END IF;
      v_last[v_pos] := v_existing;
    END LOOP;
    FOR i IN 1 .. coalesce(array_length(p_event, 1), 0) LOOP
      SELECT e.seq INTO v_existing FROM relay_events e WHERE e.org_id = p_org[i] AND e.event_id = p_event[i];
      IF FOUND THEN
        v_status := v_status || 'duplicate'::TEXT;
        v_seq := v_seq || v_existing;
      ELSE
        v_pos := array_position(v_orgs, p_org[i]);
        v_last[v_pos] := v_last[v_pos] + 1;
        INSERT INTO relay_events (org_id, seq, event_id, type, created, payload, signature, received_at)
        VALUES (p_org[i], v_last[v_pos], p_event[i], p_type[i], p_created[i], p_payload[i], p_signature[i], p_received[i]);
        v_status := v_status || 'stored'::TEXT;
        v_seq := v_seq || v_last[v_pos];
      END IF;
    END LOOP;
    FOR v_pos IN 1 .. coalesce(array_length(v_orgs, 1), 0) LOOP
      v_org := v_orgs[v_pos];
      UPDATE relay_orgs SET last_seq = v_last[v_pos] WHERE id = v_org AND last_seq <> v_last[v_pos];
      -- Delivered at COMMIT to every instance's listener.
      IF FOUND THEN PERFORM pg_notify('relay_events', v_org); END IF;
    END LOOP;
    RETURN QUERY SELECT t.s, t.q FROM unnest(v_status, v_seq) WITH ORDINALITY AS t(s, q, i) ORDER BY t.i;
  END
  $fn$;
  `,
  `
  -- The same contract as step 2, set-based: the org counters are still locked FOR UPDATE in
  -- sorted order and held to COMMIT (sequences follow commit order), but the batch is checked,
  -- numbered and inserted by one statement instead of a row-at-a-time loop, which cost the
  -- database ~0.15 ms of CPU per event. Duplicates (stored before, or twice in the batch) keep
  -- the first sequence; new events take the org's next numbers in batch order, with no gaps.
  CREATE OR REPLACE FUNCTION relay_store_events(
    p_org TEXT[], p_event TEXT[], p_type TEXT[], p_created BIGINT[], p_payload TEXT[], p_signature TEXT[], p_received BIGINT[]
  ) RETURNS TABLE (out_status TEXT, out_seq BIGINT)
  LANGUAGE plpgsql VOLATILE
  SET lock_timeout = '10s'
  AS $fn$
  DECLARE
    v_org TEXT;
    v_status TEXT[];
    v_seq BIGINT[];
    v_touched TEXT[];
  BEGIN
    FOR v_org IN SELECT DISTINCT o FROM unnest(p_org) AS o ORDER BY o LOOP
      PERFORM 1 FROM relay_orgs o WHERE o.id = v_org FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'unknown org %', v_org; END IF;
    END LOOP;
    -- A new snapshot, taken after the locks: whatever another writer committed is visible here.
    WITH input AS (
      SELECT t.i, t.org, t.evt, t.typ, t.cr, t.pl, t.sg, t.rc
      FROM unnest(p_org, p_event, p_type, p_created, p_payload, p_signature, p_received) WITH ORDINALITY AS t(org, evt, typ, cr, pl, sg, rc, i)
    ),
    known AS (
      SELECT i.i, e.seq FROM input i JOIN relay_events e ON e.org_id = i.org AND e.event_id = i.evt
    ),
    firsts AS (
      SELECT DISTINCT ON (i.org, i.evt) i.* FROM input i
      WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.i = i.i)
      ORDER BY i.org, i.evt, i.i
    ),
    numbered AS (
      SELECT f.*, o.last_seq + row_number() OVER (PARTITION BY f.org ORDER BY f.i) AS seq
      FROM firsts f JOIN relay_orgs o ON o.id = f.org
    ),
    -- Data-modifying CTEs run to completion whether or not the query reads them.
    inserted AS (
      INSERT INTO relay_events (org_id, seq, event_id, type, created, payload, signature, received_at)
      SELECT n.org, n.seq, n.evt, n.typ, n.cr, n.pl, n.sg, n.rc FROM numbered n
      RETURNING org_id
    ),
    bumped AS (
      UPDATE relay_orgs o SET last_seq = m.top
      FROM (SELECT n.org, max(n.seq) AS top FROM numbered n GROUP BY n.org) m
      WHERE o.id = m.org
      RETURNING o.id
    ),
    answers AS (
      SELECT i.i,
             CASE WHEN n.i = i.i THEN 'stored' ELSE 'duplicate' END AS status,
             coalesce(k.seq, n.seq) AS seq
      FROM input i
      LEFT JOIN known k ON k.i = i.i
      LEFT JOIN numbered n ON k.i IS NULL AND n.org = i.org AND n.evt = i.evt
    )
    SELECT array_agg(a.status ORDER BY a.i), array_agg(a.seq ORDER BY a.i),
           (SELECT array_agg(DISTINCT b.id) FROM bumped b)
    INTO v_status, v_seq, v_touched
    FROM answers a;
    -- Delivered at COMMIT to every instance's listener.
    IF v_touched IS NOT NULL THEN
      FOREACH v_org IN ARRAY v_touched LOOP PERFORM pg_notify('relay_events', v_org); END LOOP;
    END IF;
    RETURN QUERY SELECT t.s, t.q FROM unnest(v_status, v_seq) WITH ORDINALITY AS t(s, q, i) ORDER BY t.i;
  END
  $fn$;
  `,
  `
  -- Every committed change to an org or its secrets is announced on relay_org_changed with the
  -- org id, whoever makes it (this relay's CLI, an older relay, psql): relay instances cache
  -- orgs and drop one when they hear this (orgCache.ts). A NOTIFY is delivered at commit, and
  -- one transaction's repeats of the same org are folded into one. The per-sequence UPDATEs of
  -- relay_orgs (last_seq, pruned_through) are not changes to the org and stay silent.
  CREATE FUNCTION relay_org_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    IF TG_OP = 'TRUNCATE' THEN
      PERFORM pg_notify('relay_org_changed', '*');
      RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM pg_notify('relay_org_changed', to_jsonb(OLD) ->> TG_ARGV[0]); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM pg_notify('relay_org_changed', to_jsonb(NEW) ->> TG_ARGV[0]); END IF;
    RETURN NULL;
  END
  $fn$;
  CREATE TRIGGER relay_orgs_changed AFTER INSERT OR DELETE OR UPDATE OF id, name, created_at ON relay_orgs
    FOR EACH ROW EXECUTE FUNCTION relay_org_changed('id');
  CREATE TRIGGER relay_orgs_truncated AFTER TRUNCATE ON relay_orgs
    FOR EACH STATEMENT EXECUTE FUNCTION relay_org_changed('id');
  CREATE TRIGGER relay_org_secrets_changed AFTER INSERT OR UPDATE OR DELETE ON relay_org_secrets
    FOR EACH ROW EXECUTE FUNCTION relay_org_changed('org_id');
  CREATE TRIGGER relay_org_secrets_truncated AFTER TRUNCATE ON relay_org_secrets
    FOR EACH STATEMENT EXECUTE FUNCTION relay_org_changed('org_id');
  `,
  `
  -- The office journal (relay/README.md, "Office journal"): the same tables as SQLite step 2.
  CREATE TABLE relay_offices (
    org_id TEXT PRIMARY KEY REFERENCES relay_orgs(id),
    name TEXT NOT NULL,
    -- Per-office journal counter: locked FOR UPDATE by relay_store_journal until COMMIT.
    journal_seq BIGINT NOT NULL DEFAULT 0 CHECK (journal_seq >= 0),
    journal_pruned_through BIGINT NOT NULL DEFAULT 0 CHECK (journal_pruned_through >= 0),
    kdf TEXT,
    key_check TEXT,
    keys_set_by TEXT,
    created_at BIGINT NOT NULL
  );

  CREATE TABLE relay_desks (
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_seen_at BIGINT,
    acked_cursor BIGINT NOT NULL DEFAULT 0 CHECK (acked_cursor >= 0),
    pushed_seq BIGINT NOT NULL DEFAULT 0 CHECK (pushed_seq >= 0),
    pending BIGINT NOT NULL DEFAULT 0 CHECK (pending >= 0),
    PRIMARY KEY (org_id, id)
  );

  ALTER TABLE relay_tokens ADD COLUMN desk_id TEXT;

  CREATE TABLE relay_join_codes (
    code_hash TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    desk_id TEXT
  );

  CREATE TABLE relay_journal (
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    seq BIGINT NOT NULL CHECK (seq > 0),
    id TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    desk_seq BIGINT NOT NULL CHECK (desk_seq > 0),
    ct TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, seq),
    UNIQUE (org_id, id),
    UNIQUE (org_id, desk_id, desk_seq)
  );

  CREATE TABLE relay_snapshots (
    org_id TEXT NOT NULL REFERENCES relay_offices(org_id),
    id TEXT NOT NULL,
    desk_id TEXT NOT NULL,
    through_cursor BIGINT NOT NULL CHECK (through_cursor >= 0),
    chunks INTEGER NOT NULL CHECK (chunks > 0),
    bytes BIGINT NOT NULL CHECK (bytes >= 0),
    created_at BIGINT NOT NULL,
    completed_at BIGINT,
    PRIMARY KEY (org_id, id)
  );

  CREATE TABLE relay_snapshot_chunks (
    org_id TEXT NOT NULL,
    snapshot_id TEXT NOT NULL,
    idx INTEGER NOT NULL CHECK (idx >= 0),
    ct TEXT NOT NULL,
    PRIMARY KEY (org_id, snapshot_id, idx),
    FOREIGN KEY (org_id, snapshot_id) REFERENCES relay_snapshots(org_id, id) ON DELETE CASCADE
  );

  -- A group of pushes in one call (one round trip; in autocommit its own transaction, durable
  -- when it returns), like relay_store_events. The office counters are locked FOR UPDATE in
  -- sorted order and held to COMMIT, so journal cursors follow commit order with no gaps; each
  -- desk row is locked too, so a revocation that committed first is seen and one that comes
  -- later waits for this push. Each push is checked whole before any of it is written: a refused
  -- push leaves nothing and the others of the group still go. Pushes are given as
  -- (org, desk, token, first entry, entry count); entries as parallel arrays.
  -- Answers one row per entry of an accepted push (status 'ok'), or one row for a refused push
  -- (status = the error code, with its message).
  CREATE FUNCTION relay_store_journal(
    p_org TEXT[], p_desk TEXT[], p_token TEXT[], p_first INT[], p_count INT[],
    p_id TEXT[], p_desk_seq BIGINT[], p_ct TEXT[], p_received BIGINT
  ) RETURNS TABLE (out_push INT, out_status TEXT, out_message TEXT, out_id TEXT, out_cursor BIGINT, out_duplicate BOOLEAN)
  LANGUAGE plpgsql VOLATILE
  SET lock_timeout = '10s'
  AS $fn$
  DECLARE
    v_org TEXT;
    v_push INT;
    v_i INT;
    v_j INT;
    v_revoked BIGINT;
    v_tok_revoked BIGINT;
    v_expected BIGINT;
    v_head BIGINT;
    v_err TEXT;
    v_msg TEXT;
    v_row RECORD;
    v_cursor BIGINT[];
    v_dup BOOLEAN[];
    v_new BOOLEAN[];
    v_touched TEXT[] := '{}';
  BEGIN
    FOR v_org IN SELECT DISTINCT o FROM unnest(p_org) AS o ORDER BY o LOOP
      PERFORM 1 FROM relay_offices f WHERE f.org_id = v_org FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'unknown office %', v_org; END IF;
    END LOOP;
    FOR v_push IN 1 .. coalesce(array_length(p_org, 1), 0) LOOP
      v_err := NULL;
      SELECT d.revoked_at, d.pushed_seq INTO v_revoked, v_expected FROM relay_desks d WHERE d.org_id = p_org[v_push] AND d.id = p_desk[v_push] FOR UPDATE;
      IF NOT FOUND OR v_revoked IS NOT NULL THEN
        v_err := 'revoked';
      ELSE
        SELECT t.revoked_at INTO v_tok_revoked FROM relay_tokens t WHERE t.id = p_token[v_push];
        IF NOT FOUND OR v_tok_revoked IS NOT NULL THEN v_err := 'revoked'; END IF;
      END IF;
      IF v_err IS NOT NULL THEN
        RETURN QUERY SELECT v_push, v_err, 'this desk was removed from the office; it can send nothing more'::TEXT, NULL::TEXT, NULL::BIGINT, NULL::BOOLEAN;
        CONTINUE;
      END IF;
      v_cursor := '{}';
      v_dup := '{}';
      v_new := '{}';
      FOR v_j IN 1 .. p_count[v_push] LOOP
        v_i := p_first[v_push] + v_j - 1;
        SELECT e.seq, e.desk_id, e.desk_seq, e.ct INTO v_row FROM relay_journal e WHERE e.org_id = p_org[v_push] AND e.id = p_id[v_i];
        IF FOUND THEN
          IF v_row.desk_id <> p_desk[v_push] OR v_row.desk_seq <> p_desk_seq[v_i] OR v_row.ct <> p_ct[v_i] THEN
            v_err := 'entry_conflict';
            v_msg := format('entry %s is already held with different content; nothing from this push was stored', p_id[v_i]);
            EXIT;
          END IF;
          v_cursor := v_cursor || v_row.seq;
          v_dup := v_dup || TRUE;
          v_new := v_new || FALSE;
          CONTINUE;
        END IF;
        -- The same id earlier in this push: a repeat (same content) or a conflict.
        DECLARE
          v_k INT;
          v_same BOOLEAN := NULL;
        BEGIN
          FOR v_k IN 1 .. v_j - 1 LOOP
            IF p_id[p_first[v_push] + v_k - 1] = p_id[v_i] THEN
              v_same := p_desk_seq[p_first[v_push] + v_k - 1] = p_desk_seq[v_i] AND p_ct[p_first[v_push] + v_k - 1] = p_ct[v_i];
              IF v_same THEN v_cursor := v_cursor || -v_k::BIGINT; END IF;
              EXIT;
            END IF;
          END LOOP;
          IF v_same IS FALSE THEN
            v_err := 'entry_conflict';
            v_msg := format('entry %s is already held with different content; nothing from this push was stored', p_id[v_i]);
            EXIT;
          END IF;
          IF v_same THEN
            v_dup := v_dup || TRUE;
            v_new := v_new || FALSE;
            CONTINUE;
          END IF;
        END;
        IF p_desk_seq[v_i] <= v_expected THEN
          v_err := 'entry_conflict';
          v_msg := format('this desk already sent its entry number %s under another id; nothing from this push was stored', p_desk_seq[v_i]);
          EXIT;
        END IF;
        IF p_desk_seq[v_i] <> v_expected + 1 THEN
          v_err := 'bad_request';
          v_msg := format('this desk''s next entry must be number %s, not %s; nothing from this push was stored', v_expected + 1, p_desk_seq[v_i]);
          EXIT;
        END IF;
        v_expected := p_desk_seq[v_i];
        v_cursor := v_cursor || 0::BIGINT;
        v_dup := v_dup || FALSE;
        v_new := v_new || TRUE;
      END LOOP;
      IF v_err IS NOT NULL THEN
        RETURN QUERY SELECT v_push, v_err, v_msg, NULL::TEXT, NULL::BIGINT, NULL::BOOLEAN;
        CONTINUE;
      END IF;
      -- Checked whole: now number and insert the new entries.
      SELECT f.journal_seq INTO v_head FROM relay_offices f WHERE f.org_id = p_org[v_push];
      FOR v_j IN 1 .. p_count[v_push] LOOP
        IF v_new[v_j] THEN
          v_i := p_first[v_push] + v_j - 1;
          v_head := v_head + 1;
          INSERT INTO relay_journal (org_id, seq, id, desk_id, desk_seq, ct, received_at)
          VALUES (p_org[v_push], v_head, p_id[v_i], p_desk[v_push], p_desk_seq[v_i], p_ct[v_i], p_received);
          v_cursor[v_j] := v_head;
        END IF;
      END LOOP;
      -- A repeat within the push takes the cursor its first copy got.
      FOR v_j IN 1 .. p_count[v_push] LOOP
        IF v_cursor[v_j] < 0 THEN v_cursor[v_j] := v_cursor[-v_cursor[v_j]]; END IF;
      END LOOP;
      UPDATE relay_offices f SET journal_seq = v_head WHERE f.org_id = p_org[v_push] AND f.journal_seq <> v_head;
      IF FOUND THEN v_touched := v_touched || p_org[v_push]; END IF;
      UPDATE relay_desks d SET pushed_seq = v_expected, last_seen_at = p_received WHERE d.org_id = p_org[v_push] AND d.id = p_desk[v_push];
      RETURN QUERY SELECT v_push, 'ok'::TEXT, NULL::TEXT, p_id[p_first[v_push] + t.k - 1], t.c, t.d
        FROM unnest(v_cursor, v_dup) WITH ORDINALITY AS t(c, d, k) ORDER BY t.k;
    END LOOP;
    -- Delivered at COMMIT to every instance's listener.
    FOR v_org IN SELECT DISTINCT o FROM unnest(v_touched) AS o LOOP PERFORM pg_notify('relay_journal', v_org); END LOOP;
  END
  $fn$;
  `,
  `
  -- Sealed payer pages: ciphertext only (the key is in the link's fragment, never sent here).
  CREATE TABLE relay_portal_pages (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES relay_orgs(id),
    ct TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
  );
  CREATE INDEX relay_portal_pages_expiry ON relay_portal_pages (expires_at);
  `,
];
