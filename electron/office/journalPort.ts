import type Database from 'better-sqlite3';

/**
 * The seam between the office journal's two halves (`../shared/design/offices.md`):
 *
 * - what an entry holds and how it is applied (capture inside each mutation's transaction,
 *   facts merged by union, fields last-writer-wins by HLC, money conflicts resolved by
 *   deterministic adjustment entries) — implemented by `electron/office/journal/`;
 * - how entries travel (sealed with the office key, pushed to the hub, pulled by cursor,
 *   applied a page per transaction with the cursor saved in that transaction) — implemented by
 *   `electron/office/transport/`.
 *
 * Bodies are plaintext bytes here: the transport seals them before they leave the desk and opens
 * them before `applyPage`, so the journal half never sees ciphertext and the transport never
 * reads the books.
 */

/** One entry this desk wrote, as the transport pushes it (`desk_seq` 1, 2, 3… with no gap). */
export type OutgoingEntry = { id: string; desk: string; deskSeq: number; body: Uint8Array };

/** One entry in the hub's order (`cursor`), opened; the desk's own entries come back too. */
export type IncomingEntry = { cursor: number; id: string; desk: string; deskSeq: number; body: Uint8Array };

/** What one applied page changed, for change notices and the Status screen. */
export type ApplyOutcome = { applied: number; skipped: number; conflicts: number; channels: string[] };

/** A restore's applying time by part (ms): parsing, each table's inserts, the derived tables filled by GROUP BY, the indexes and triggers made again after the rows. */
export type RestoreApplySplit = { parseMs: number; insertMs: Record<string, number>; rowsBy: Record<string, number>; derivedMs: number; derivedBy: Record<string, number>; indexMs: number };

/**
 * Snapshots, the journal's half: what a snapshot's plaintext holds and how it is applied
 * (`journal/officeSnapshot.ts`); the transport seals, cuts and ships the lines.
 */
export type OfficeSnapshots = {
  /**
   * The lines of a snapshot through `through`, read through `reader` (a read transaction the
   * caller holds, on which `through` was read too); null while this desk has entries the office
   * has not ordered yet (their rows would be in the snapshot ahead of their place).
   */
  lines(reader: Database.Database, header: { office: string; through: number }): Iterable<string> | null;
  /** This desk holds no other desk's entry yet: a new desk, which starts from the office's newest snapshot. */
  startsEmpty(): boolean;
  /** Applies a snapshot inside the caller's open transaction; throws (and the caller rolls back) when it is not whole or not this office's. */
  restore(lines: Iterable<string>, expected: { office: string; through: number }): { rows: number; split?: RestoreApplySplit };
};

export type OfficeJournal = {
  /** Snapshots of the books; absent for a journal that has none (the transport's own tests). */
  snapshots?: OfficeSnapshots;
  /** Entries this desk made that the hub has not yet acknowledged, oldest first. */
  unsent(limit: number): OutgoingEntry[];
  /** How many entries this desk has not pushed yet. */
  unsentCount(): number;
  /** The hub durably holds these entries at these cursors (idempotent). */
  markSent(acks: ReadonlyArray<{ id: string; cursor: number }>): void;
  /**
   * Applies one page, synchronously, inside the caller's open transaction (the transport saves
   * its cursor in the same one). Applying an entry twice is a no-op; an entry that cannot be
   * applied throws and the whole page rolls back.
   */
  applyPage(entries: readonly IncomingEntry[]): ApplyOutcome;
};
