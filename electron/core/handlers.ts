import type { Channel, OutputOf, ParsedInputOf } from '../../shared/contract';
import type { Store } from '../store/store';
import type { AuditEntryInput } from '../services/audit/auditLog';
import type { Services } from './services';
import type { Access, ActingSession, SessionData } from './session';

export type HandlerContext = {
  store: Store;
  services: Services;
  now(): Date;
  session: ActingSession | null;
  /** Where the call comes from (one connection, or trusted code in this process): what failed sign-ins are throttled by. */
  source: object;
  /** The request id of the current mutation, when it carries one. */
  requestId: string | null;
  /** Changes who this connection is (login, logout); a no-op for stateless calls. */
  setSession(session: SessionData | null): void;
  /** Lets this connection's signed-in user make one call of `grant.channel` with an admin's approval. */
  grantOverride(grant: OverrideGrant): void;
  /** Appends a hash-chained audit entry naming the caller (and any override approver). */
  audit(entry: AuditEntryInput): void;
};

/** One admin-approved call, held by the connection until used or expired. */
export type OverrideGrant = {
  channel: string;
  forUserId: string;
  by: { userId: string; username: string };
  expiresAt: number;
};

type Base = { access: Access };

/** Reads; may be async. */
export type QueryDef<C extends Channel> = Base & {
  kind: 'query';
  run(input: ParsedInputOf<C>, ctx: HandlerContext): OutputOf<C> | Promise<OutputOf<C>>;
};

/**
 * Local writes: runs synchronously inside one IMMEDIATE transaction together with its
 * audit entries and its idempotency record, so it commits whole or not at all.
 */
export type MutationDef<C extends Channel> = Base & {
  kind: 'mutation';
  run(input: ParsedInputOf<C>, ctx: HandlerContext): OutputOf<C>;
};

/** Work that waits on the outside world (Stripe, the relay); manages its own transactions. */
export type ActionDef<C extends Channel> = Base & {
  kind: 'action';
  run(input: ParsedInputOf<C>, ctx: HandlerContext): Promise<OutputOf<C>>;
};

export type HandlerDef<C extends Channel> = QueryDef<C> | MutationDef<C> | ActionDef<C>;

export type HandlerMap<K extends Channel = Channel> = { [C in K]: HandlerDef<C> };

/** Typed per channel: `input` and the return value are checked against the contract. */
export function defineHandlers<K extends Channel>(handlers: { [C in K]: HandlerDef<C> }): HandlerMap<K> {
  return handlers;
}
