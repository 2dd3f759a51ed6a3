import type { Migration } from '../migrationTypes';

/**
 * Payer pages published from the desk (issue 15): the relay keeps each page sealed; the desk
 * keeps the links it made and their keys, and what still has to reach the relay.
 *
 * - `portal_links`: one row per link. `id` is the relay's page id (128 random bits) and `key`
 *   the page key (256 bits), both base64url: the key is what the link's fragment carries, kept
 *   here so a republish seals the new statement under the same key and the payer's link keeps
 *   working. The store is the desk's private file (0600), like the books the page is made from.
 *   `request_id` makes a publish idempotent even if the desk stops between the row and its
 *   request record.
 * - The outbox is the row itself. `dirty = 1` means the page on the relay is older than the
 *   books: the portal worker builds the statement as it is then, seals it and PUTs it, and
 *   clears `dirty` only if nothing marked it again meanwhile (`version`). So any number of
 *   changes before the upload cost one upload (coalesced), and a relay that cannot be reached
 *   leaves the row waiting. `revoke_pending = 1`: revoked at the desk, not yet at the relay.
 * - The triggers mark a payer's live links dirty whenever money moves for them (a ledger row:
 *   payments, voids, refunds, credit) or their schedule changes (an item added, paid, paused,
 *   waived, moved or cancelled) or an enrollment's status changes — from the counter, a Stripe
 *   event, a job or another desk's journal alike, in the same transaction as the change — and
 *   when a Stripe invoice of theirs opens or closes (the page's Pay buttons are those invoices).
 */
export const m0019: Migration = {
  version: 19,
  name: 'payer-pages',
  sql: `
CREATE TABLE portal_links (
  id TEXT PRIMARY KEY CHECK (length(id) = 22),
  key TEXT NOT NULL CHECK (length(key) = 43),
  payer_id TEXT NOT NULL REFERENCES payers (id),
  -- the relay the link points at (the payer's URL), as set when the link was made
  relay_url TEXT NOT NULL,
  request_id TEXT NOT NULL UNIQUE,
  created_by TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  revoked_by TEXT,
  dirty INTEGER NOT NULL DEFAULT 1 CHECK (dirty IN (0, 1)),
  version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  revoke_pending INTEGER NOT NULL DEFAULT 0 CHECK (revoke_pending IN (0, 1)),
  published_at TEXT,
  published_version INTEGER,
  tries INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
  last_error TEXT,
  next_try_at TEXT,
  CHECK (revoke_pending = 0 OR revoked_at IS NOT NULL)
) STRICT;

CREATE INDEX portal_links_payer ON portal_links (payer_id, created_at);
CREATE INDEX portal_links_work ON portal_links (dirty, revoke_pending) WHERE dirty = 1 OR revoke_pending = 1;

CREATE TRIGGER portal_links_dirty_ledger AFTER INSERT ON ledger_entries WHEN NEW.payer_id IS NOT NULL
BEGIN
  UPDATE portal_links SET dirty = 1, version = version + 1 WHERE payer_id = NEW.payer_id AND revoked_at IS NULL;
END;

CREATE TRIGGER portal_links_dirty_item_insert AFTER INSERT ON schedule_items
BEGIN
  UPDATE portal_links SET dirty = 1, version = version + 1 WHERE payer_id = NEW.payer_id AND revoked_at IS NULL;
END;

CREATE TRIGGER portal_links_dirty_item_update AFTER UPDATE OF due_date, amount, state, paid_amount ON schedule_items
BEGIN
  UPDATE portal_links SET dirty = 1, version = version + 1 WHERE payer_id = NEW.payer_id AND revoked_at IS NULL;
END;

CREATE TRIGGER portal_links_dirty_invoice_insert AFTER INSERT ON stripe_invoices
BEGIN
  UPDATE portal_links SET dirty = 1, version = version + 1 WHERE payer_id = NEW.payer_id AND revoked_at IS NULL;
END;

CREATE TRIGGER portal_links_dirty_invoice_update AFTER UPDATE OF status, hosted_url ON stripe_invoices
BEGIN
  UPDATE portal_links SET dirty = 1, version = version + 1 WHERE payer_id = NEW.payer_id AND revoked_at IS NULL;
END;

CREATE TRIGGER portal_links_dirty_enrollment AFTER UPDATE OF status ON enrollments
BEGIN
  UPDATE portal_links SET dirty = 1, version = version + 1 WHERE payer_id = NEW.payer_id AND revoked_at IS NULL;
END;
`,
};
