import type Stripe from 'stripe';
import { buildEvent } from './objects/event';
import type { EmittedEventType, EventObjectOf } from './objects/event';
import type { StandinData } from './state';
import { snapshot } from './state';

export type RequestInfo = { id: string | null; idempotency_key: string | null };

/** What route handlers and the payment state machine share: the data, the clock and the event log. */
export type Engine = {
  data: StandinData;
  now(): number;
  baseUrl(): string;
  apiVersion: string;
  /** The API request being served, recorded on its events (null for stand-in controls, like Dashboard actions). */
  request: RequestInfo;
  emit<T extends EmittedEventType>(type: T, object: EventObjectOf<T>, previousAttributes?: Record<string, unknown>): Stripe.Event;
  /** Marks the data dirty so a persisting server writes it out after the request. */
  touch(): void;
  /** Finds an event by id without scanning the log (catch-up pages through tens of thousands). */
  eventById(id: string): Stripe.Event | undefined;
};

export type EngineHooks = {
  pendingWebhooks(): number;
  onEvent(event: Stripe.Event): void;
  onTouch(): void;
};

export function createEngine(
  data: StandinData,
  options: { now: () => number; baseUrl: () => string; apiVersion: string },
  hooks: EngineHooks,
): Engine {
  const eventIndex = new Map(data.events.map((e) => [e.id, e]));
  const engine: Engine = {
    data,
    now: options.now,
    baseUrl: options.baseUrl,
    apiVersion: options.apiVersion,
    request: { id: null, idempotency_key: null },
    emit(type, object, previousAttributes) {
      // Events carry a snapshot: later changes to the object must not rewrite history.
      const event: Stripe.Event = buildEvent(type, snapshot(object), previousAttributes ? snapshot(previousAttributes) : undefined, {
        created: engine.now(),
        apiVersion: engine.apiVersion,
        pendingWebhooks: hooks.pendingWebhooks(),
        request: { ...engine.request },
      });
      data.events.push(event);
      eventIndex.set(event.id, event);
      data.counters.eventsCreated += 1;
      hooks.onTouch();
      hooks.onEvent(event);
      return event;
    },
    touch: () => hooks.onTouch(),
    eventById: (id) => eventIndex.get(id),
  };
  return engine;
}

/** The top-level fields whose values differ, with their old values: Stripe's `previous_attributes`. */
export function previousAttributes<T extends object>(before: T, after: T): Record<string, unknown> | undefined {
  const prev: Record<string, unknown> = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) prev[key] = b[key];
  }
  return Object.keys(prev).length > 0 ? prev : undefined;
}
