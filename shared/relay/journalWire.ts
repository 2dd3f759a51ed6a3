import { z } from 'zod';

/**
 * The office hub's wire format: what desks and the relay say to each other about an office's
 * journal (`../shared/design/offices.md`). Shared by the relay's routes and the desk's pusher
 * and puller, so both ends parse the same shapes.
 *
 * The relay stores and orders; it never reads office data. Everything about the books travels
 * as `ct`: base64url of `nonce (12 bytes) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)`, sealed by
 * the desk with the office key (scrypt of the office passphrase and the office's `kdf.salt`),
 * with `journalAad(office, entry)` as associated data. The relay sees only ids, desk ids, the
 * desk's own sequence, sizes and its order.
 *
 * Authentication: every route but `POST /v1/office/join` takes `Authorization: Bearer <desk
 * token>`; a desk token belongs to one org (the office) and one desk, and a desk may push only
 * entries whose `desk` is its own.
 */

/** Ids: the desk's time-ordered ids (letters, digits, `_`, `-`), globally unique. */
const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const Base64Url = z.string().regex(/^[A-Za-z0-9_-]*$/);

/** A journal entry as a desk pushes it. `desk_seq` counts the desk's own entries 1, 2, 3… with no gap. */
export const JournalEntryIn = z.strictObject({
  id: Id,
  desk: Id,
  desk_seq: z.number().int().positive(),
  ct: Base64Url.min(1),
});
export type JournalEntryIn = z.infer<typeof JournalEntryIn>;

/** `POST /v1/journal` body. Answered only after the entries are durably committed. */
export const JournalPush = z.strictObject({
  entries: z.array(JournalEntryIn).min(1),
});
export type JournalPush = z.infer<typeof JournalPush>;

/**
 * `POST /v1/journal` answer, one row per entry in the order sent. `duplicate` is true for an id
 * the relay already held with the same bytes (a retried push); the same id with other bytes is
 * refused as a whole push (409 `entry_conflict`), nothing stored.
 */
export const JournalPushResult = z.strictObject({
  accepted: z.array(z.strictObject({ id: Id, cursor: z.number().int().positive(), duplicate: z.boolean() })),
});
export type JournalPushResult = z.infer<typeof JournalPushResult>;

/** One entry as the relay serves it: `cursor` is the relay's per-org journal sequence, gap-free, in commit order. */
export const JournalEntryOut = z.strictObject({
  cursor: z.number().int().positive(),
  id: Id,
  desk: Id,
  desk_seq: z.number().int().positive(),
  ct: Base64Url.min(1),
  received_at: z.number().int(),
});
export type JournalEntryOut = z.infer<typeof JournalEntryOut>;

/**
 * `GET /v1/journal?after=<cursor>&limit=<1..JOURNAL_MAX_LIMIT>&wait=<0..30 s>&pending=<n>`.
 * A page holds at most `limit` entries and about JOURNAL_PAGE_MAX_BYTES of `ct` (always at least
 * one entry, so one large entry can never stall a desk). `after` is recorded as the desk's
 * acknowledged cursor; `pending` (optional) is how many entries the desk has not pushed yet,
 * shown to the other desks on their Status screens.
 */
export const JournalPage = z.strictObject({
  entries: z.array(JournalEntryOut),
  next_cursor: z.number().int().nonnegative(),
  has_more: z.boolean(),
});
export type JournalPage = z.infer<typeof JournalPage>;

/** The office's key parameters: set once by the first desk, read by every desk that joins. */
export const OfficeKdf = z.strictObject({
  alg: z.literal('scrypt'),
  salt: Base64Url.min(16),
  N: z.number().int().positive(),
  r: z.number().int().positive(),
  p: z.number().int().positive(),
});
export type OfficeKdf = z.infer<typeof OfficeKdf>;

/**
 * `key_check` is `ct` of the fixed text KEY_CHECK_PLAINTEXT sealed with the office key and
 * `keyCheckAad(office)`: a joining desk that cannot open it has the wrong passphrase and stops
 * before it writes anything.
 */
export const OfficeKeys = z.strictObject({
  kdf: OfficeKdf,
  key_check: Base64Url.min(1),
});
export type OfficeKeys = z.infer<typeof OfficeKeys>;

/** `POST /v1/office/join` (no bearer token): a one-time join code, from `relay desk code`, for a new desk token. */
export const OfficeJoinRequest = z.strictObject({
  code: z.string().min(1).max(200),
  desk_name: z.string().min(1).max(100),
});
export const OfficeJoinResult = z.strictObject({
  office: Id,
  office_name: z.string(),
  desk: Id,
  /** Shown once; the desk keeps it as its relay token. */
  token: z.string(),
  /** null until the first desk has set the office's key (that desk then seeds the office). */
  keys: OfficeKeys.nullable(),
});
export type OfficeJoinResult = z.infer<typeof OfficeJoinResult>;

/**
 * `POST /v1/office/join/check` (no bearer token): what a join code leads to, without spending
 * it. A desk reads the office's keys here and checks the passphrase against `key_check` before
 * it joins, so a mistyped passphrase neither uses up the code nor leaves a desk at the hub.
 * An unknown, used or expired code is 403 `code_invalid`, counted like a failed join.
 */
export const OfficeJoinCheckRequest = z.strictObject({ code: z.string().min(1).max(200) });
export const OfficeJoinCheckResult = z.strictObject({
  office: Id,
  office_name: z.string(),
  /** null while the office has no key yet: this desk will be its first. */
  keys: OfficeKeys.nullable(),
});
export type OfficeJoinCheckResult = z.infer<typeof OfficeJoinCheckResult>;

/**
 * `PUT /v1/office/keys` with `OfficeKeys`: the first desk sets the key parameters once. A second
 * call with other values is refused (409 `keys_already_set`) and the answer carries the keys in
 * force, so two first desks cannot split an office. `GET /v1/office/keys` reads them.
 */
export const OfficeKeysResult = z.strictObject({ keys: OfficeKeys, set_by_you: z.boolean() });
/** The 409 answer to a `PUT /v1/office/keys` that lost: the error body plus the keys in force. */
export const OfficeKeysConflict = z.strictObject({ error: z.literal('keys_already_set'), message: z.string(), keys: OfficeKeys });

/** `GET /v1/office/desks`: every desk of the office as the relay knows it. */
export const OfficeDesk = z.strictObject({
  desk: Id,
  name: z.string(),
  created_at: z.number().int(),
  revoked_at: z.number().int().nullable(),
  /** Last time the desk pushed or pulled. */
  last_seen_at: z.number().int().nullable(),
  /** The journal cursor the desk last acknowledged (its `after`). */
  acked_cursor: z.number().int().nonnegative(),
  /** The highest `desk_seq` the relay holds from this desk. */
  pushed_seq: z.number().int().nonnegative(),
  /** What the desk last said it had not pushed yet. */
  pending: z.number().int().nonnegative(),
});
export const OfficeDesks = z.strictObject({
  head_cursor: z.number().int().nonnegative(),
  desks: z.array(OfficeDesk),
});
export type OfficeDesks = z.infer<typeof OfficeDesks>;

/**
 * Snapshots: a desk uploads its encrypted copy of the office's books, covering the journal
 * through `through_cursor`, in chunks of at most SNAPSHOT_CHUNK_MAX_BYTES (each chunk its own
 * `ct`, sealed with `snapshotAad(office, snapshot, index)`).
 *   POST /v1/snapshots { through_cursor, chunks, bytes } → { snapshot }
 *   PUT  /v1/snapshots/:snapshot/chunks/:index  (body: the chunk's ct, text/plain) → 200 { snapshot, index };
 *        repeatable until the snapshot is complete, only by the desk that started it
 *   GET  /v1/snapshots/:snapshot → SnapshotStatus (which chunks are stored: resume an upload)
 *   POST /v1/snapshots/:snapshot/complete → 200 once every chunk is stored
 *   GET  /v1/snapshots/latest → SnapshotInfo, or 404 (SnapshotLatestMissing) when none is complete
 *   GET  /v1/snapshots/:snapshot/chunks/:index → the chunk's ct (text/plain)
 */
export const SnapshotStart = z.strictObject({
  through_cursor: z.number().int().nonnegative(),
  chunks: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
});
export const SnapshotInfo = z.strictObject({
  snapshot: Id,
  desk: Id,
  through_cursor: z.number().int().nonnegative(),
  chunks: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  created_at: z.number().int(),
});
export type SnapshotInfo = z.infer<typeof SnapshotInfo>;

/**
 * `GET /v1/snapshots/:snapshot` → the snapshot with the chunk indexes stored so far, so an upload
 * cut short resumes with only the missing chunks.
 */
export const SnapshotStatus = SnapshotInfo.extend({ complete: z.boolean(), stored_chunks: z.array(z.number().int().nonnegative()) });
export type SnapshotStatus = z.infer<typeof SnapshotStatus>;

/**
 * `GET /v1/snapshots/latest` when no snapshot is complete: 404 `not_found`, with `seed_pending`
 * true while the office's first desk is still uploading its seed snapshot (an unfinished
 * snapshot through cursor 0): its books are in that snapshot and in no journal entry, so a
 * joining desk waits for it instead of starting from the journal. false (or absent, from a hub
 * older than the field): the office has no snapshot, and a new desk pulls the journal from its
 * start (a small office is seeded by an entry). A desk that does not know the field reads the
 * 404 as before.
 */
export const SnapshotLatestMissing = z.strictObject({
  error: z.literal('not_found'),
  message: z.string(),
  seed_pending: z.boolean().optional(),
});
export type SnapshotLatestMissing = z.infer<typeof SnapshotLatestMissing>;

/** Error bodies: `{ error, message }`, the message in words an admin can act on. */
export const JournalError = z.strictObject({
  error: z.enum(['unauthorized', 'revoked', 'wrong_desk', 'entry_conflict', 'too_large', 'bad_request', 'cursor_gone', 'keys_already_set', 'code_invalid', 'not_found']),
  message: z.string(),
});

export const JOURNAL_MAX_LIMIT = 1000;
/** Largest `ct` of one entry, in characters (base64url). */
export const JOURNAL_ENTRY_MAX_BYTES = 256 * 1024;
/** Largest push body. */
export const JOURNAL_PUSH_MAX_BYTES = 4 * 1024 * 1024;
/** A page stops adding entries once their `ct` reach this (the first entry always goes). */
export const JOURNAL_PAGE_MAX_BYTES = 2 * 1024 * 1024;
export const SNAPSHOT_CHUNK_MAX_BYTES = 4 * 1024 * 1024;
export const KEY_CHECK_PLAINTEXT = 'bursar office key check v1';

export const journalAad = (office: string, entry: { id: string; desk: string; desk_seq: number }): string =>
  `bursar-journal-v1|${office}|${entry.id}|${entry.desk}|${entry.desk_seq}`;
export const keyCheckAad = (office: string): string => `bursar-keycheck-v1|${office}`;
export const snapshotAad = (office: string, snapshot: string, index: number): string => `bursar-snapshot-v1|${office}|${snapshot}|${index}`;
