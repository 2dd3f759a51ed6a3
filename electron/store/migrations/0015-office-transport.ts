import type { Migration } from '../migrationTypes';

/**
 * This desk's membership of an office (`../shared/design/offices.md`): which office and hub,
 * who the hub says this desk is, and where the puller stands in the hub's journal.
 *
 * - One row or none (`id = 1`): a desk belongs to at most one office.
 * - `cursor` is the hub cursor through which remote entries are applied; the puller writes it
 *   in the same transaction as the page it applied, so a kill never loses or repeats a page.
 * - `pushed` / `received` count entries the hub acknowledged / entries applied, for Status.
 * - `stopped` records why the transport stopped by itself (the hub revoked this desk, or the
 *   journal was pruned past the cursor), so a restart shows it instead of hammering the hub.
 * - `office_sealed` keeps an entry's sealed bytes from first send until the hub acknowledges
 *   it. Sealing takes a random nonce, so sealing again would give other bytes, and the hub
 *   refuses an id it holds with other bytes (`entry_conflict`): a push retried after a kill or
 *   a dropped answer must resend the very same bytes to be taken as a duplicate.
 * - The desk token and the derived office key are secrets: they live in the secret store
 *   (`electron/secrets`), never here.
 */
export const m0015: Migration = {
  version: 15,
  name: 'office-transport',
  sql: `
CREATE TABLE office_membership (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  office TEXT NOT NULL,
  office_name TEXT NOT NULL,
  desk TEXT NOT NULL,
  desk_name TEXT NOT NULL,
  relay_url TEXT NOT NULL,
  joined_at TEXT NOT NULL,
  seeded INTEGER NOT NULL CHECK (seeded IN (0, 1)),
  cursor INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
  pushed INTEGER NOT NULL DEFAULT 0 CHECK (pushed >= 0),
  received INTEGER NOT NULL DEFAULT 0 CHECK (received >= 0),
  stopped TEXT CHECK (stopped IS NULL OR stopped IN ('revoked', 'cursor_gone'))
) STRICT;

CREATE TABLE office_sealed (
  id TEXT PRIMARY KEY,
  ct TEXT NOT NULL
) STRICT, WITHOUT ROWID;
`,
};
