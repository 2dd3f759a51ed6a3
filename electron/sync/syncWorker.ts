import { sql } from '../store/sql';
import type { Store } from '../store/store';
import type { StripeGateway } from '../stripe/gateway';
import { MalformedEventError, applyEvent, parseEvent } from './applyEvent';
import type { EventHandlers } from './eventHandlers';
import { pullEvents } from './relayClient';
import type { RelayConfig } from './relayClient';
import { readCursor, readSyncState, writeSyncState } from './syncState';
import type { KeyedWords } from '../../shared/result';

export type SyncStatus = {
  relayConfigured: boolean;
  online: boolean;
  running: boolean;
  lastSyncAt: string | null;
  lastError: string | null;
  /** `lastError` by key: the window words it in the office's language (the text is the log's). */
  lastErrorWords: KeyedWords | null;
  cursor: number;
  /** The relay said more events are waiting beyond the last page. */
  eventsWaiting: boolean;
  lastCatchupAt: string | null;
};

export type SyncWorkerOptions = {
  store: Store;
  handlers: EventHandlers;
  now: () => Date;
  relay: () => RelayConfig | null;
  stripe: () => StripeGateway | null;
  /** Called after events were applied, so screens refresh. */
  onApplied: () => void;
  logError: (message: string, error: unknown) => void;
  waitSeconds?: number;
  pageSize?: number;
  catchupEveryMs?: number;
  maxBackoffMs?: number;
};

export type SyncWorker = {
  /** Long-polls the relay until stopped, backing off while offline. */
  start(): void;
  stop(): Promise<void>;
  /** One pass now: drain the relay (no waiting) and run a catch-up from Stripe. */
  syncNow(): Promise<{ applied: number; duplicates: number; caughtUp: number }>;
  status(): SyncStatus;
  /** Wakes the loop from its back-off sleep (the relay settings just changed). */
  kick(): void;
};

export function createSyncWorker(options: SyncWorkerOptions): SyncWorker {
  const { store, handlers, now } = options;
  const pageSize = options.pageSize ?? 500;
  const catchupEveryMs = options.catchupEveryMs ?? 5 * 60_000;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  let online = false;
  let running = false;
  let lastError: string | null = null;
  let lastErrorWords: KeyedWords | null = null;
  const UNREACHABLE: KeyedWords = { key: 'sync.unreachable', params: {} };
  let eventsWaiting = false;
  let lastCatchup = 0;
  let loop: Promise<void> | null = null;
  let abort: AbortController | null = null;
  let wake: (() => void) | null = null;

  const stamp = () => writeSyncState(store, 'lastSyncAt', now().toISOString());

  async function applyAll(payloads: { payload: string; cursor: number | null }[], source: 'relay' | 'catchup'): Promise<{ applied: number; duplicates: number }> {
    let applied = 0;
    let duplicates = 0;
    // One commit per page (each event is still its own savepoint with its processed_events row
    // and cursor): one fsync for 500 events instead of 500, and a crash loses the page whole or not at all.
    const PAGE = 500;
    for (let start = 0; start < payloads.length; start += PAGE) {
      const page = payloads.slice(start, start + PAGE);
      const prefetched = await prefetchPage(page);
      store.transaction(() => {
        for (const [i, { payload, cursor }] of page.entries()) {
          try {
            const r = applyEvent(store, handlers, now, payload, source, cursor, prefetched.get(i));
            if (r.outcome === 'duplicate') duplicates += 1;
            else applied += 1;
          } catch (e) {
            if (!(e instanceof MalformedEventError)) throw e;
            // The relay verified Stripe's signature, so this cannot normally happen; skip it, but
            // move the cursor so one bad row cannot stop the desk.
            options.logError('skipped a malformed event', e);
            if (cursor !== null && cursor > readCursor(store)) writeSyncState(store, 'relay.cursor', String(cursor));
          }
        }
      });
    }
    if (applied > 0) options.onApplied();
    return { applied, duplicates };
  }

  /**
   * Runs the prefetchers of a page's events (reads from Stripe a handler needs) before its
   * transaction: handlers are synchronous and the store's lock is never held across the network.
   * Only events of a prefetched type that are not yet applied are parsed here.
   */
  async function prefetchPage(page: { payload: string }[]): Promise<Map<number, unknown>> {
    const found = new Map<number, unknown>();
    const types = handlers.prefetchTypes();
    if (types.length === 0) return found;
    const gateway = options.stripe();
    if (!gateway) return found;
    for (const [i, { payload }] of page.entries()) {
      if (!types.some((t) => payload.includes(`"${t}"`))) continue;
      let event: ReturnType<typeof parseEvent>;
      try {
        event = parseEvent(payload);
      } catch {
        continue;
      }
      const prefetcher = handlers.prefetcher(event.type);
      if (!prefetcher || store.get(sql`SELECT 1 AS x FROM processed_events WHERE event_id = ${event.id}`)) continue;
      found.set(i, await prefetcher(event, { store, stripe: gateway }));
    }
    return found;
  }

  /** Fetches from Stripe's Events API what the relay never delivered (relay down too long). */
  async function catchUp(): Promise<number> {
    const gateway = options.stripe();
    if (!gateway) return 0;
    const newest = store.get<{ event_id: string; created: number }>(sql`SELECT event_id, created FROM processed_events ORDER BY created DESC, event_id DESC LIMIT 1`);
    const since = Number(readSyncState(store, 'catchup.since') ?? Math.floor(now().getTime() / 1000));
    const events = await gateway.eventsAfter(newest?.event_id ?? null, newest ? newest.created : since);
    const { applied } = await applyAll(events.map((e) => ({ payload: JSON.stringify(e), cursor: null })), 'catchup');
    lastCatchup = now().getTime();
    writeSyncState(store, 'lastCatchupAt', now().toISOString());
    return applied;
  }

  async function drain(waitSeconds: number, signal?: AbortSignal): Promise<{ applied: number; duplicates: number }> {
    const relay = options.relay();
    let applied = 0;
    let duplicates = 0;
    if (!relay) return { applied, duplicates };
    for (;;) {
      const result = await pullEvents(relay, readCursor(store), pageSize, applied + duplicates > 0 ? 0 : waitSeconds, signal);
      online = true;
      if (result.kind === 'refused') {
        lastError = `The relay refused this desk (${result.status}): ${result.message}`;
        lastErrorWords = { key: 'sync.refused', params: {} };
        throw Object.assign(new Error(lastError), { refused: true });
      }
      if (result.kind === 'cursor_gone') {
        // Older than the relay keeps: take what is missing from Stripe, then continue from the relay's resume point.
        await catchUp();
        store.transaction(() => writeSyncState(store, 'relay.cursor', String(result.resumeCursor)));
        continue;
      }
      const r = await applyAll(result.events.map((e) => ({ payload: e.payload, cursor: e.cursor })), 'relay');
      applied += r.applied;
      duplicates += r.duplicates;
      if (result.nextCursor > readCursor(store)) store.transaction(() => writeSyncState(store, 'relay.cursor', String(result.nextCursor)));
      eventsWaiting = result.hasMore;
      lastError = null;
      lastErrorWords = null;
      stamp();
      if (!result.hasMore) return { applied, duplicates };
    }
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  async function run(): Promise<void> {
    let backoff = 1000;
    while (running) {
      if (!options.relay()) {
        online = false;
        await sleep(5000);
        continue;
      }
      try {
        if (now().getTime() - lastCatchup >= catchupEveryMs) await catchUp().catch((e: unknown) => options.logError('catch-up failed', e));
        abort = new AbortController();
        await drain(options.waitSeconds ?? 25, abort.signal);
        backoff = 1000;
      } catch (e) {
        if (!running) break;
        online = false;
        // A refusal (revoked token) already said why; anything else is the network.
        if (!(e as { refused?: boolean }).refused) {
          lastError = `The relay is not reachable: ${(e as Error).message}`;
          lastErrorWords = UNREACHABLE;
        }
        if (now().getTime() - lastCatchup >= catchupEveryMs) await catchUp().catch((err: unknown) => options.logError('catch-up failed', err));
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      abort?.abort();
      wake?.();
      await loop;
      loop = null;
    },
    async syncNow() {
      let drained = { applied: 0, duplicates: 0 };
      let relayFailure: unknown = null;
      try {
        drained = await drain(0);
      } catch (e) {
        relayFailure = e;
        // Refused (a revoked token) means the relay answered: the desk is online but not allowed.
        if (!(e as { refused?: boolean }).refused) {
          online = false;
          lastError = `The relay is not reachable: ${(e as Error).message}`;
          lastErrorWords = UNREACHABLE;
        }
      }
      // Stripe may be reachable while the relay is not: its Events API fills the gap either way.
      const caughtUp = options.stripe() ? await catchUp() : 0;
      if (relayFailure && !options.stripe()) throw relayFailure;
      return { ...drained, caughtUp };
    },
    kick() {
      wake?.();
    },
    status: () => ({
      relayConfigured: options.relay() !== null,
      online,
      running,
      lastSyncAt: readSyncState(store, 'lastSyncAt'),
      lastError,
      lastErrorWords,
      cursor: readCursor(store),
      eventsWaiting,
      lastCatchupAt: readSyncState(store, 'lastCatchupAt'),
    }),
  };
}
