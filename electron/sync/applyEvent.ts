import { sql } from '../store/sql';
import type { Store } from '../store/store';
import type { EventHandlers, StripeEventLike } from './eventHandlers';
import { readCursor, writeSyncState } from './syncState';

export type ApplyResult = { eventId: string; outcome: 'applied' | 'unmatched' | 'ignored' | 'stale' | 'duplicate' };

export class MalformedEventError extends Error {}

/** Reads the fields the desk needs from an event's JSON text, refusing anything that is not an event. */
export function parseEvent(payload: string): StripeEventLike {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    throw new MalformedEventError('event payload is not JSON');
  }
  const e = value as Partial<StripeEventLike> | null;
  if (!e || typeof e.id !== 'string' || typeof e.type !== 'string' || typeof e.created !== 'number' || typeof e.data?.object !== 'object' || e.data.object === null) {
    throw new MalformedEventError('payload is not a Stripe event');
  }
  return e as StripeEventLike;
}

/**
 * Applies one Stripe event exactly once: the event's effect, its `processed_events` row and
 * (for the relay) the new cursor commit together. A duplicate is a no-op; an event older
 * than one already applied to the same object is recorded as `stale` and changes nothing.
 */
export function applyEvent(
  store: Store,
  handlers: EventHandlers,
  now: () => Date,
  payload: string,
  source: 'relay' | 'catchup',
  relayCursor: number | null,
  prefetched?: unknown,
): ApplyResult {
  const event = parseEvent(payload);
  return store.transaction(() => {
    if (relayCursor !== null && relayCursor > readCursor(store)) writeSyncState(store, 'relay.cursor', String(relayCursor));
    const seen = store.get<{ outcome: string }>(sql`SELECT outcome FROM processed_events WHERE event_id = ${event.id}`);
    if (seen) return { eventId: event.id, outcome: 'duplicate' as const };

    const objectId = typeof event.data.object.id === 'string' ? event.data.object.id : null;
    const version = objectId ? store.get<{ last_created: number }>(sql`SELECT last_created FROM stripe_object_versions WHERE object_id = ${objectId}`) : undefined;
    const newest = !version || event.created >= version.last_created;
    let outcome: ApplyResult['outcome'];
    let detail: string | null = null;
    const handler = handlers.get(event.type);
    if (!handler) {
      outcome = 'ignored';
      detail = 'no handler for this event type';
    } else {
      const result = handler({ store, now, event, newest, prefetched });
      outcome = result.outcome;
      detail = result.detail ?? null;
    }
    if (objectId && newest) {
      // Stripe's `created` has one-second resolution: for a tie the larger event id is kept, so
      // the row ends the same whatever order the events came in. (Handlers whose result depends
      // on order within a second re-read the object from Stripe.)
      store.run(sql`INSERT INTO stripe_object_versions (object_id, last_created, last_event_id) VALUES (${objectId}, ${event.created}, ${event.id})
        ON CONFLICT (object_id) DO UPDATE SET last_created = excluded.last_created, last_event_id = excluded.last_event_id
        WHERE excluded.last_created > stripe_object_versions.last_created
           OR (excluded.last_created = stripe_object_versions.last_created AND excluded.last_event_id > stripe_object_versions.last_event_id)`);
    }
    store.run(sql`INSERT INTO processed_events (event_id, type, object_id, created, source, relay_cursor, outcome, detail, payload_json, applied_at)
      VALUES (${event.id}, ${event.type}, ${objectId}, ${event.created}, ${source}, ${relayCursor}, ${outcome}, ${detail}, ${payload}, ${now().toISOString()})`);
    return { eventId: event.id, outcome };
  });
}
