import type { Store } from '../store/store';
import type { StripeGateway } from '../stripe/gateway';

/** The parts of a Stripe event the desk relies on; the full JSON is kept as received. */
export type StripeEventLike = {
  id: string;
  type: string;
  created: number;
  data: { object: { id?: string; object?: string } & Record<string, unknown> };
};

/** `stale`: the handler skipped it because a newer event for the object was applied already. */
export type EventOutcome = 'applied' | 'unmatched' | 'ignored' | 'stale';

export type EventContext = {
  store: Store;
  now(): Date;
  event: StripeEventLike;
  /**
   * True when no newer event for this object was applied (ties count as newer). A handler that
   * sets state (a subscription's status) must not act on an event that is not the newest.
   */
  newest: boolean;
  /**
   * What the type's prefetcher read from Stripe before the transaction began (handlers run
   * synchronously inside it and cannot wait on the network); undefined when none ran.
   */
  prefetched?: unknown;
};

/**
 * Reads from Stripe what a handler needs beyond the event (the refunds of a refunded charge),
 * outside any transaction. Its answer reaches the handler as `ctx.prefetched`; a failure should
 * be returned as data so the handler can say why it could not match.
 */
export type EventPrefetcher = (event: StripeEventLike, deps: { store: Store; stripe: StripeGateway }) => Promise<unknown>;

/** Applies one event inside the caller's transaction. Must be idempotent by the event's object. */
export type EventHandler = (ctx: EventContext) => { outcome: EventOutcome; detail?: string };

export type EventHandlers = {
  register(type: string, handler: EventHandler): void;
  get(type: string): EventHandler | undefined;
  types(): string[];
  registerPrefetch(type: string, prefetcher: EventPrefetcher): void;
  prefetcher(type: string): EventPrefetcher | undefined;
  /** Event types with a prefetcher (the sync worker looks for them before parsing a page). */
  prefetchTypes(): string[];
};

/** Each domain registers the Stripe event types it understands; anything else is stored as `ignored`. */
export function createEventHandlers(): EventHandlers {
  const table = new Map<string, EventHandler>();
  const prefetchers = new Map<string, EventPrefetcher>();
  return {
    register(type, handler) {
      if (table.has(type)) throw new Error(`A handler for ${type} is registered twice`);
      table.set(type, handler);
    },
    get: (type) => table.get(type),
    types: () => [...table.keys()],
    registerPrefetch(type, prefetcher) {
      if (prefetchers.has(type)) throw new Error(`A prefetcher for ${type} is registered twice`);
      prefetchers.set(type, prefetcher);
    },
    prefetcher: (type) => prefetchers.get(type),
    prefetchTypes: () => [...prefetchers.keys()],
  };
}
