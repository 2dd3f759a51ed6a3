import { benchRelay } from '../relay';
import type { BenchCase, BenchSuite } from '../types';

/**
 * Issue 6, the relay: ingest of signed webhooks (the SDK's signature check + durable commit +
 * 2xx) from 32 closed-loop senders, against a bare Fastify route answering 200 to the same
 * bodies in the same process, the two loads alternating round by round (`benchRelay`).
 * Targets: ≥ 50 % of bare (ratio ≤ 2), ≥ 1,000 events/s, ack p99 ≤ 50 ms.
 */
export const relaySuite: BenchSuite = {
  name: 'relay',
  async prepare(ctx) {
    ctx.log('relay: sending signed events to the relay and the bare route…');
    const r = await benchRelay({ events: ctx.quick ? 1_000 : 5_000, warmup: ctx.quick ? 200 : 500, rounds: 5, concurrency: 32 });
    const how = `${r.storage}, ${r.concurrency} in flight, ${r.rounds} alternating rounds; ${r.relay.requests} events stored and counted`;
    const cases: BenchCase[] = [
      {
        kind: 'sampled',
        name: 'relay ingest: signed webhook → verify → durable commit → 2xx (ms per event, per round)',
        source: 'issue 6',
        unit: 'ms',
        sample: () => Promise.resolve(r.rawRounds.map((x) => x.relay.msPerRequest)),
        targets: [{ kind: 'minOpsPerSec', ops: 1_000 }],
        notes: how,
      },
      {
        kind: 'sampled',
        name: 'relay ingest / bare Fastify 200 route, time per event (per round)',
        source: 'issue 6',
        unit: '×',
        sample: () => Promise.resolve(r.rawRounds.map((x) => x.relay.msPerRequest / x.bare.msPerRequest)),
        targets: [{ kind: 'maxValue', value: 2 }],
        notes: `≤ 2× the bare route's time per event ≡ ≥ 50 % of its rate; bare: ${r.bare.perSecond.toLocaleString('en-US')}/s, relay: ${r.relay.perSecond.toLocaleString('en-US')}/s`,
      },
      {
        kind: 'sampled',
        name: 'relay ack latency (each request, under the same load)',
        source: 'issue 6',
        unit: 'ms/req',
        sample: () => Promise.resolve(r.rawRounds.flatMap((x) => x.relay.latencies)),
        targets: [{ kind: 'maxMs', stat: 'p99', ms: 50 }],
      },
      {
        kind: 'sampled',
        name: 'bare Fastify 200 route latency, same bodies and load (the floor)',
        unit: 'ms/req',
        sample: () => Promise.resolve(r.rawRounds.flatMap((x) => x.bare.latencies)),
      },
    ];
    return { cases };
  },
};
