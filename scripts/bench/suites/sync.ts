import { performance } from 'node:perf_hooks';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { readCursor } from '../../../electron/sync/syncState';
import { encodeCursor } from '../../../electron/core/pageCursor';
import { stripeEventPayload } from '../../lib/stripeEvents';
import { benchStoreDir, openBenchCore } from '../fixture';
import type { BenchSuite } from '../types';

const PAGE = 500;

/**
 * Issue 6, the desk side: `applyEvent` (the event's effect, its `processed_events` row and
 * the relay cursor in one transaction) on the bench store, with the event handlers the core
 * registers. Measured one event per transaction (each an fsync at synchronous=FULL) and in
 * pages of 500 (the relay's page size; each event a savepoint of the page's transaction,
 * still exactly once), plus a 50k-event catch-up in pages. Targets: ≥ 10,000 events/s;
 * 50k events ≤ 10 s. Also the Status screen's event log read deep by its keyset cursor (what
 * its export and "Load older events" do), beside the same page by OFFSET.
 */
export const syncSuite: BenchSuite = {
  name: 'sync',
  async prepare(ctx) {
    const dataDir = await benchStoreDir(ctx);
    const { core, admin } = await openBenchCore(dataDir);
    const { store, services } = core;
    // A cursor 90 % of the way down the event log as seeded: events applied by the cases
    // below are newer, so it keeps pointing at the same place.
    const events = store.raw.prepare('SELECT count(*) AS n FROM processed_events').get() as { n: number };
    const depth = Math.max(0, Math.floor(events.n * 0.9) - 1);
    const at = store.raw.prepare('SELECT applied_at, event_id FROM processed_events ORDER BY applied_at DESC, event_id DESC LIMIT 1 OFFSET ?').get(depth) as { applied_at: string; event_id: string } | undefined;
    const deepCursor = at ? encodeCursor('sync:events', { at: at.applied_at, id: at.event_id }) : undefined;
    const byOffset = store.raw.prepare('SELECT event_id, type, object_id, created, source, outcome, detail, applied_at FROM processed_events ORDER BY applied_at DESC, event_id DESC LIMIT 501 OFFSET ?');
    const now = () => new Date();
    const label = `bench${Date.now().toString(36)}`;
    let cursor = readCursor(store);
    let next = 0;
    const apply = () => {
      cursor += 1;
      applyEvent(store, services.eventHandlers, now, stripeEventPayload(label, next++), 'relay', cursor);
    };
    const page = (size: number) => store.transaction(() => {
      for (let k = 0; k < size; k++) apply();
    });
    return {
      cases: [
        {
          kind: 'timed',
          name: `desk: sync:events, a page of ${PAGE} after a cursor ${depth + 1} events deep, through invoke`,
          source: 'issue 3',
          iterations: ctx.quick ? 50 : 200,
          run: async () => {
            const r = await core.invoke('sync:events', { limit: PAGE, ...(deepCursor ? { cursor: deepCursor } : {}) }, admin);
            if (!r.ok) throw new Error(r.error.message);
          },
          baseline: { name: `the same page by OFFSET ${depth + 1} (bare SQL)`, iterations: ctx.quick ? 50 : 200, setup: () => () => byOffset.all(depth + 1) },
          targets: [{ kind: 'maxMs', stat: 'p99', ms: 50 }],
          notes: `keyset on (applied_at, event_id): the same cost at any depth; the log holds ${events.n} events`,
        },
        {
          kind: 'timed',
          name: 'desk: applyEvent, one event per transaction (one fsync each)',
          source: 'issue 6',
          iterations: ctx.quick ? 300 : 2_000,
          run: apply,
          notes: 'one event per commit, for comparison: electron/sync/syncWorker.ts commits a page of 500 per transaction',
        },
        {
          kind: 'sampled',
          name: `desk: applyEvent in pages of ${PAGE}, one transaction a page (ms per event)`,
          source: 'issue 6',
          unit: 'ms',
          sample: () => {
            const out: number[] = [];
            for (let p = 0; p < (ctx.quick ? 10 : 40); p++) {
              const t0 = performance.now();
              page(PAGE);
              out.push((performance.now() - t0) / PAGE);
            }
            return Promise.resolve(out);
          },
          targets: [{ kind: 'minOpsPerSec', ops: 10_000 }],
        },
        {
          kind: 'sampled',
          name: `desk: 50k-event catch-up in pages of ${PAGE} (total ms)`,
          source: 'issue 6',
          unit: 'ms',
          sample: () => {
            const out: number[] = [];
            for (let run = 0; run < (ctx.quick ? 1 : 3); run++) {
              const t0 = performance.now();
              for (let done = 0; done < 50_000; done += PAGE) page(PAGE);
              out.push(performance.now() - t0);
            }
            return Promise.resolve(out);
          },
          targets: [{ kind: 'maxMs', stat: 'median', ms: 10_000 }],
        },
      ],
      cleanup: () => core.close(),
    };
  },
};
