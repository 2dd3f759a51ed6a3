import type { JournalStore } from './journalTypes';
import type { PortalStore } from './portalTypes';

/**
 * The relay's one storage interface. Two adapters implement it with the same behaviour:
 * embedded SQLite (one process) and PostgreSQL (several relay instances behind a load balancer).
 * Times are epoch milliseconds; sequences are per-org integers starting at 1.
 */

export type Org = {
  id: string;
  name: string;
  /** Webhook signing secrets accepted for this org; more than one during a rotation. */
  secrets: string[];
  createdAt: number;
};

export type NewEvent = {
  orgId: string;
  eventId: string;
  type: string;
  created: number;
  /** The exact body Stripe signed. */
  payload: string;
  /** The Stripe-Signature header as received, kept for audit. */
  signature: string;
  receivedAt: number;
};

export type StoredEvent = {
  seq: number;
  eventId: string;
  type: string;
  created: number;
  payload: string;
  receivedAt: number;
};

export type InsertResult = { status: 'stored'; seq: number } | { status: 'duplicate'; seq: number };

export type Token = {
  id: string;
  orgId: string;
  device: string;
  createdAt: number;
  revokedAt: number | null;
  lastCursor: number | null;
  lastSeenAt: number | null;
};

/** Where an org's sequence stands: what exists, and what retention has removed. */
export type OrgCursorState = { headSeq: number; prunedThrough: number };

export type OrgStats = {
  orgId: string;
  headSeq: number;
  prunedThrough: number;
  storedEvents: number;
  lastReceivedAt: number | null;
};

export type ReadPage = { events: StoredEvent[]; hasMore: boolean };

export type RelayStore = {
  readonly kind: 'sqlite' | 'postgres';
  /** Sealed payer pages (relay/portal). */
  readonly portal: PortalStore;

  createOrg(org: { id: string; name: string; secrets: string[]; createdAt: number }): Promise<void>;
  /**
   * Adds and/or removes one signing secret as one read-modify-write under the org's lock, so
   * two rotations at once (two admins, two instances) both land. Resolves to the secrets now
   * accepted, null for an unknown org; refuses (`OrgSecretsError`) to leave none.
   */
  changeOrgSecrets(orgId: string, change: { add?: string | undefined; remove?: string | undefined }): Promise<string[] | null>;
  getOrg(orgId: string): Promise<Org | null>;
  listOrgs(): Promise<Org[]>;
  /**
   * The org, when the relay holds exactly one; null when it holds none or several. Reads at most
   * two org ids: the bare webhook path uses it, so its cost must not grow with the orgs.
   */
  soleOrg(): Promise<Org | null>;

  /**
   * Stores one event idempotently by (org, Stripe event id) and resolves only once the row is
   * durably committed. The sequence is assigned serially per org at commit, so a reader that has
   * seen sequence N has already been able to see every sequence below N.
   */
  insertEvent(event: NewEvent): Promise<InsertResult>;
  /**
   * Events with seq > after, in sequence order: at most `limit`, and at most `maxBytes` of
   * payload (octets as stored) but never fewer than one (relay/pageStream.ts `pageCut`). Only the
   * payloads of the page are read, never those of the rows beyond the cut.
   */
  readEvents(orgId: string, after: number, limit: number, maxBytes?: number): Promise<ReadPage>;
  cursorState(orgId: string): Promise<OrgCursorState | null>;
  /** One stored event with the Stripe-Signature header it arrived with (audit). */
  findEvent(orgId: string, eventId: string): Promise<(StoredEvent & { signature: string }) | null>;

  createToken(token: { id: string; orgId: string; device: string; hash: string; createdAt: number }): Promise<void>;
  /** The active (not revoked) token with this hash. */
  findActiveToken(hash: string): Promise<Token | null>;
  /** Revokes by token id, or by device name (optionally within one org); returns the tokens revoked. */
  revokeToken(idOrDevice: string, at: number, orgId?: string): Promise<Token[]>;
  listTokens(orgId?: string): Promise<Token[]>;
  recordCursor(tokenId: string, cursor: number, at: number): Promise<void>;

  /** Deletes events received before `before`; returns how many went. */
  prune(before: number): Promise<number>;
  stats(): Promise<OrgStats[]>;
  ping(): Promise<void>;

  /** The office journal beside the events (journalTypes.ts). */
  readonly journal: JournalStore;

  /** Called after a commit made new events visible for an org (in this process or, on PG, any instance). */
  onCommitted(listener: (orgId: string) => void): () => void;
  close(): Promise<void>;
};

/** A secrets change that would leave an org accepting no webhook at all. */
export class OrgSecretsError extends Error {}

/** The secrets after one change, in order, a secret added only once. */
export function changedSecrets(secrets: readonly string[], change: { add?: string | undefined; remove?: string | undefined }): string[] {
  let next = [...secrets];
  if (change.add && !next.includes(change.add)) next = [...next, change.add];
  if (change.remove) next = next.filter((s) => s !== change.remove);
  if (next.length === 0) throw new OrgSecretsError('an org must keep at least one secret');
  return next;
}
