import { timeIterations } from '../runner';
import { bareFastifyBaseline } from '../baselines/bareFastify';
import type { BenchCase, BenchSuite } from '../types';

/**
 * The relay's floor, measured now so the figure is on record; the relay work (issue 6)
 * adds its cases here as `benchRelay(ctx)`: ingest of signed webhooks with durable commit
 * (baseline: this route, same body size) and ack latency, plus the desk's apply rate.
 */
export const relaySuite: BenchSuite = {
  name: 'relay',
  async prepare(ctx) {
    const iterations = ctx.quick ? 300 : 3_000;
    const bare = bareFastifyBaseline({ bodyBytes: 2_000, iterations });
    const cases: BenchCase[] = [
      {
        kind: 'sampled',
        name: 'bare Fastify 200 route, 2 kB POST, sequential (relay floor)',
        unit: 'ms',
        sample: async () => {
          const fn = await bare.setup();
          try {
            return await timeIterations(fn, iterations, 50);
          } finally {
            await bare.teardown?.();
          }
        },
      },
      // ...(await benchRelay(ctx)),  ← relay ingest / ack cases, each with `baseline: bareFastifyBaseline(...)`
    ];
    return { cases };
  },
};
