import type { OfficeKeys } from '../../shared/relay/journalWire';

/**
 * The office journal's storage (`relay/README.md`, "Office journal"). Both adapters implement it
 * with the same behaviour; the relay never reads an entry's `ct`, it only stores and orders it.
 * Times are epoch milliseconds; journal cursors are per-office integers from 1, gap-free, assigned
 * in commit order under the same lock that serialises the office's pushes.
 */

export type Office = {
  orgId: string;
  name: string;
  createdAt: number;
  /** Last journal cursor handed out. */
  headCursor: number;
  /** Highest journal cursor removed by pruning: a desk behind it starts from a snapshot. */
  prunedThrough: number;
  keys: OfficeKeys | null;
  keysSetBy: string | null;
};

export type Desk = {
  id: string;
  orgId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
  lastSeenAt: number | null;
  ackedCursor: number;
  pushedSeq: number;
  pending: number;
};

/** What a bearer token says about its holder, revoked or not (the journal answers `revoked` rather than `unauthorized`). */
export type DeskAuth = {
  tokenId: string;
  orgId: string;
  deskId: string | null;
  revoked: boolean;
};

export type JournalEntryRow = { cursor: number; id: string; desk: string; deskSeq: number; ct: string; receivedAt: number };

export type PushEntry = { id: string; deskSeq: number; ct: string };
export type JournalPushRequest = { orgId: string; deskId: string; tokenId: string; entries: PushEntry[]; receivedAt: number };

export type PushRefusal = 'revoked' | 'entry_conflict' | 'bad_request';
export type PushOutcome =
  | { ok: true; accepted: { id: string; cursor: number; duplicate: boolean }[] }
  | { ok: false; error: PushRefusal; message: string };

export type SnapshotRow = {
  id: string;
  desk: string;
  throughCursor: number;
  chunks: number;
  bytes: number;
  createdAt: number;
  completedAt: number | null;
};

export type KeysOutcome = { ok: true; keys: OfficeKeys; setByYou: boolean } | { ok: false; keys: OfficeKeys };

export type JoinOutcome = { office: Office; desk: Desk } | null;

export type JournalPruneResult = { entries: number; snapshots: number };

export type JournalStore = {
  /** Makes an org an office; creates the org (with no webhook secret) when it does not exist. */
  createOffice(office: { orgId: string; name: string; createdAt: number }): Promise<'created' | 'org_existed' | 'office_existed'>;
  getOffice(orgId: string): Promise<Office | null>;

  createJoinCode(code: { orgId: string; hash: string; createdAt: number; expiresAt: number }): Promise<void>;
  /**
   * Spends a join code: in one transaction the code is marked used (only if unused and not
   * expired), the desk and its token are created. Null when the code cannot be used.
   */
  join(request: { codeHash: string; at: number; desk: { id: string; name: string }; token: { id: string; hash: string } }): Promise<JoinOutcome>;
  /** The office an unused, unexpired join code leads to, without spending it; null otherwise. */
  peekJoinCode(codeHash: string, at: number): Promise<Office | null>;
  listDesks(orgId: string): Promise<Desk[]>;
  /** Revokes the desk and every token it holds, in one transaction. Null for an unknown or already revoked desk. */
  revokeDesk(orgId: string, deskId: string, at: number): Promise<Desk | null>;
  authenticate(tokenHash: string): Promise<DeskAuth | null>;

  /** Compare-and-set: the first desk's keys stay; a second, different set is refused with the keys in force. */
  setKeys(orgId: string, deskId: string, keys: OfficeKeys): Promise<KeysOutcome>;

  /**
   * Stores one push all or nothing and resolves only after the durable commit. Pushes are
   * committed in groups (as webhook deliveries are); each is checked on its own under the write
   * lock: the desk still active, ids idempotent, `desk_seq` continuing the desk's sequence.
   */
  push(request: JournalPushRequest): Promise<PushOutcome>;
  /** Entries with cursor > after, in order, at most `limit` (the caller pages by bytes). */
  readEntries(orgId: string, after: number, limit: number): Promise<JournalEntryRow[]>;
  /** Records a pull: the desk's acknowledged cursor, what it says it has not pushed, when it was seen. */
  recordPull(orgId: string, deskId: string, after: number, pending: number | null, at: number): Promise<void>;

  startSnapshot(snapshot: { orgId: string; id: string; deskId: string; throughCursor: number; chunks: number; bytes: number; createdAt: number }): Promise<void>;
  getSnapshot(orgId: string, snapshotId: string): Promise<SnapshotRow | null>;
  /** Stores one chunk (again: a retried upload replaces it) while the snapshot is not complete; false once it is. */
  putChunk(orgId: string, snapshotId: string, index: number, ct: string): Promise<boolean>;
  /** The indexes of the chunks stored so far. */
  storedChunks(orgId: string, snapshotId: string): Promise<number[]>;
  completeSnapshot(orgId: string, snapshotId: string, at: number): Promise<void>;
  latestSnapshot(orgId: string): Promise<SnapshotRow | null>;
  /**
   * An unfinished snapshot through cursor 0 started by a desk still active: the office's first
   * desk is still sending its books (its seed snapshot), so a joining desk must wait for it
   * rather than start from the journal, which holds none of those books.
   */
  seedUploading(orgId: string): Promise<boolean>;
  getChunk(orgId: string, snapshotId: string, index: number): Promise<string | null>;

  /**
   * Removes journal entries every active desk has acknowledged AND the newest complete snapshot
   * covers, older complete snapshots, and unfinished uploads started before `staleBefore`.
   */
  prune(staleBefore: number): Promise<JournalPruneResult>;

  /** Called after a commit made new journal entries visible for an office (on PG: on any instance). */
  onCommitted(listener: (orgId: string) => void): () => void;
};
