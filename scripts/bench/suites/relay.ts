import { startTestPostgres } from '../../../test/support/postgres';
import type { TestPostgres } from '../../../test/support/postgres';
import { benchRelay } from '../relay';
import { benchJournal } from '../relayJournal';
import type { BenchJournalOptions, BenchJournalResult } from '../relayJournal';
import type { BenchRelayResult } from '../relay';
import type { BenchCase, BenchContext, BenchSuite } from '../types';

/**
 * Which store the relay is measured on. SQLite by default; `BENCH_RELAY_STORAGE=postgres` runs
 * the same load on PostgreSQL (what several relay instances share): a throwaway cluster started
 * for the run and stopped after it (root with Debian's postgresql package), or the database in
 * `RELAY_TEST_DATABASE_URL` (a fresh schema in it, dropped after).
 */
async function relayStorage(ctx: BenchContext): Promise<{ kind: 'sqlite' | 'postgres'; databaseUrl?: string; stop(): Promise<void> }> {
  const wanted = process.env.BENCH_RELAY_STORAGE ?? 'sqlite';
  if (wanted === 'sqlite') return { kind: 'sqlite', stop: () => Promise.resolve() };
  if (wanted !== 'postgres') throw new Error(`BENCH_RELAY_STORAGE must be sqlite or postgres, not ${wanted}`);
  ctx.log('relay: starting a throwaway PostgreSQL…');
  const server: TestPostgres = await startTestPostgres();
  // The cluster is stopped on a normal exit; a Ctrl-C or a kill must not leave it running either.
  const interrupted = (signal: NodeJS.Signals): void => {
    forget();
    void server.stop().finally(() => process.kill(process.pid, signal));
  };
  const forget = (): void => {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const stop = async (): Promise<void> => {
    forget();
    await server.stop();
  };
  try {
    return { kind: 'postgres', databaseUrl: await server.freshSchemaUrl(), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Issue 6, the relay: ingest of signed webhooks (the SDK's signature check + durable commit +
 * 2xx) from 32 closed-loop senders, against a bare Fastify route answering 200 to the same
 * bodies in the same process, the two loads alternating round by round (`benchRelay`).
 * Targets: ≥ 50 % of bare (ratio ≤ 2), ≥ 1,000 events/s, ack p99 ≤ 50 ms.
 */
export const relaySuite: BenchSuite = {
  name: 'relay',
  async prepare(ctx) {
    const storage = await relayStorage(ctx);
    const on = storage.kind === 'postgres' ? ' [PostgreSQL]' : '';
    // One load run feeds every case; started by the first case that runs (`--only` may skip them all).
    let run: Promise<BenchRelayResult> | null = null;
    const result = () => {
      run ??= (ctx.log(`relay: sending signed events to the relay (${storage.kind}) and the bare route…`), benchRelay({ events: ctx.quick ? 1_000 : 5_000, warmup: ctx.quick ? 200 : 500, rounds: 5, concurrency: 32, databaseUrl: storage.databaseUrl }));
      return run;
    };
    const cases: BenchCase[] = [
      {
        kind: 'sampled',
        name: `relay ingest${on}: signed webhook → verify → durable commit → 2xx (ms per event, per round)`,
        source: 'issue 6',
        unit: 'ms',
        sample: async () => (await result()).rawRounds.map((x) => x.relay.msPerRequest),
        targets: [{ kind: 'minOpsPerSec', ops: 1_000 }],
        notes: `${ctx.quick ? 1_000 : 5_000} events, ${storage.kind === 'postgres' ? 'PostgreSQL' : 'SQLite'} storage, 32 in flight, 5 alternating rounds; every event is checked stored`,
      },
      {
        kind: 'sampled',
        name: `relay ingest${on} / bare Fastify 200 route, time per event (per round)`,
        source: 'issue 6',
        unit: '×',
        sample: async () => (await result()).rawRounds.map((x) => x.relay.msPerRequest / x.bare.msPerRequest),
        targets: [{ kind: 'maxValue', value: 2 }],
        notes: '≤ 2× the bare route\'s time per event ≡ ≥ 50 % of its rate',
      },
      {
        kind: 'sampled',
        name: `relay ack latency${on} (each request, under the same load)`,
        source: 'issue 6',
        unit: 'ms/req',
        sample: async () => (await result()).rawRounds.flatMap((x) => x.relay.latencies),
        targets: [{ kind: 'maxMs', stat: 'p99', ms: 50 }],
      },
      {
        kind: 'sampled',
        name: 'bare Fastify 200 route latency, same bodies and load (the floor)',
        unit: 'ms/req',
        sample: async () => (await result()).rawRounds.flatMap((x) => x.bare.latencies),
      },
      ...journalCases(ctx, storage.databaseUrl, on),
    ];
    return { cases, cleanup: () => storage.stop() };
  },
};

/**
 * Issue 13, the office hub: journal ingest with durable commit, in entries/s, beside a bare
 * Fastify route parsing the same bodies (same run, rounds alternating). Two loads from the
 * design note's comparison with Actual's sync server: one entry per push from 8 desks (Actual:
 * 216–338 messages/s), and 100 entries per push from 4 desks (Actual: 8.8k–9.5k messages/s).
 * Target: ≥ 1,000 entries/s on SQLite; the same on PostgreSQL with BENCH_RELAY_STORAGE=postgres.
 */
function journalCases(ctx: BenchContext, databaseUrl: string | undefined, on: string): BenchCase[] {
  const loads: { label: string; options: BenchJournalOptions }[] = [
    { label: '1 entry per push, 8 desks', options: { desks: 8, entriesPerPush: 1, entriesPerDesk: ctx.quick ? 60 : 250, rounds: 5, databaseUrl } },
    { label: '100 entries per push, 4 desks', options: { desks: 4, entriesPerPush: 100, entriesPerDesk: ctx.quick ? 500 : 2_500, rounds: 5, databaseUrl } },
  ];
  return loads.flatMap(({ label, options }): BenchCase[] => {
    let run: Promise<BenchJournalResult> | null = null;
    const result = () => (run ??= (ctx.log(`relay: pushing journal entries (${label})…`), benchJournal(options)));
    const notes = `${options.desks * options.entriesPerDesk} entries of 300 characters per round, ${options.rounds} rounds alternating with the bare route; every entry checked stored`;
    return [
      {
        kind: 'sampled',
        name: `relay journal ingest${on}, ${label}: push → checks → durable commit → 200 (ms per entry, per round)`,
        source: 'issue 13',
        unit: 'ms',
        sample: async () => (await result()).rounds.map((r) => r.relay.msPerEntry),
        targets: [{ kind: 'minOpsPerSec', ops: 1_000 }],
        notes,
      },
      {
        kind: 'sampled',
        name: `relay journal ingest${on}, ${label} / bare Fastify route parsing the same bodies (time per entry)`,
        source: 'issue 13',
        unit: '×',
        sample: async () => (await result()).rounds.map((r) => r.relay.msPerEntry / r.bare.msPerEntry),
      },
      {
        kind: 'sampled',
        name: `relay journal push latency${on}, ${label} (each push)`,
        source: 'issue 13',
        unit: 'ms/req',
        sample: async () => (await result()).rounds.flatMap((r) => r.relay.latencies),
      },
    ];
  });
}
