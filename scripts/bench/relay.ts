import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import Stripe from 'stripe';
import { createRelayServer } from '../../relay/server';
import { openStore } from '../../relay/storage/openStore';

export type BenchRelayOptions = {
  /** Signed events sent to the relay (and as many requests to the bare route). */
  events?: number;
  /** Requests in flight at once (closed loop: each sender waits for its answer). */
  concurrency?: number;
  /** Requests sent first and not counted (JIT, connection set-up). */
  warmup?: number;
  /** The bare and relay loads alternate this many times, so machine noise hits both alike. */
  rounds?: number;
  /** PostgreSQL instead of a temp SQLite file. */
  databaseUrl?: string;
};

export type LoadFigures = { requests: number; perSecond: number; p50Ms: number; p99Ms: number; maxMs: number };

export type BenchRelayResult = {
  storage: 'sqlite' | 'postgres';
  concurrency: number;
  rounds: number;
  bare: LoadFigures;
  relay: LoadFigures;
  /** Relay throughput as a share of the bare route's (target ≥ 0.5). */
  ratioToBare: number;
  targets: { ratioToBare: boolean; eventsPerSecond: boolean; p99: boolean };
  /** Per round, bare then relay: ms per request (elapsed / requests) and every request's latency, for the bench table. */
  rawRounds: { bare: { msPerRequest: number; latencies: number[] }; relay: { msPerRequest: number; latencies: number[] } }[];
};

const SECRET = 'whsec_bench_relay';

function post(agent: Agent, port: number, path: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.once('error', reject);
    req.end(body);
  });
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

type Sample = { elapsedMs: number; latencies: number[] };

/** Sends every body through `concurrency` closed-loop senders; fails on any non-2xx answer. */
async function load(port: number, path: string, bodies: { body: string; headers: Record<string, string> }[], concurrency: number): Promise<Sample> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const sender = async (): Promise<void> => {
    while (next < bodies.length) {
      const item = bodies[next++];
      if (!item) break;
      const t0 = performance.now();
      const status = await post(agent, port, path, item.body, item.headers);
      latencies.push(performance.now() - t0);
      if (status < 200 || status >= 300) throw new Error(`${path} answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, sender));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { elapsedMs, latencies };
}

function figures(samples: Sample[]): LoadFigures {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const elapsed = samples.reduce((t, s) => t + s.elapsedMs, 0);
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    requests: latencies.length,
    perSecond: Math.round((latencies.length / elapsed) * 1000),
    p50Ms: round(quantile(latencies, 0.5)),
    p99Ms: round(quantile(latencies, 0.99)),
    maxMs: round(latencies.at(-1) ?? 0),
  };
}

function signedEvents(count: number, label: string): { body: string; headers: Record<string, string> }[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `evt_bench_${label}_${i}_${Date.now().toString(36)}`;
    const body = JSON.stringify({ id, object: 'event', api_version: '2025-01-27.acacia', created: 1_700_000_000 + i, type: 'payment_intent.succeeded', livemode: false, pending_webhooks: 1, data: { object: { id: `pi_${i}`, object: 'payment_intent', amount: 4200 + i, currency: 'usd', status: 'succeeded', metadata: { enrollment: `enr_${i}` } } } });
    return { body, headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) } };
  });
}

/**
 * Relay ingest (signature verification with the SDK + durable commit + 2xx) against a bare
 * Fastify route answering 200 to the same bodies, in the same process and run, so the ratio
 * means something on a noisy machine. Signing happens before the clock starts.
 */
export async function benchRelay(options: BenchRelayOptions = {}): Promise<BenchRelayResult> {
  const events = options.events ?? 3000;
  const concurrency = options.concurrency ?? 32;
  const warmup = options.warmup ?? 300;
  const rounds = Math.max(1, options.rounds ?? 5);

  const bare = Fastify({ logger: false });
  bare.removeAllContentTypeParsers();
  bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  bare.post('/bare', async (_request, reply) => reply.code(200).send({ received: true }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const barePort = (bare.server.address() as { port: number }).port;

  const dataDir = options.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'relay-bench-'));
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir });
  const orgId = `bench_${Date.now().toString(36)}`;
  await store.createOrg({ id: orgId, name: 'Bench', secrets: [SECRET], createdAt: Date.now() });
  // Logs are written as in production (one line per webhook), to a sink rather than the terminal.
  const relay = await createRelayServer({ store, logger: pino({ level: 'info' }, pino.destination('/dev/null')), pruneIntervalMs: 0 });
  const { port: relayPort } = await relay.listen();

  try {
    const warm = signedEvents(warmup, 'warm');
    await load(barePort, '/bare', warm, concurrency);
    await load(relayPort, `/stripe/webhook/${orgId}`, warm, concurrency);

    const bodies = signedEvents(events, 'run');
    const per = Math.ceil(events / rounds);
    const bareSamples: Sample[] = [];
    const relaySamples: Sample[] = [];
    for (let r = 0; r < rounds; r++) {
      const chunk = bodies.slice(r * per, (r + 1) * per);
      bareSamples.push(await load(barePort, '/bare', chunk, concurrency));
      relaySamples.push(await load(relayPort, `/stripe/webhook/${orgId}`, chunk, concurrency));
    }
    const bareFigures = figures(bareSamples);
    const relayFigures = figures(relaySamples);

    const stored = (await store.cursorState(orgId))?.headSeq ?? 0;
    if (stored !== warmup + events) throw new Error(`relay stored ${stored} events, expected ${warmup + events}`);
    const ratioToBare = Math.round((relayFigures.perSecond / bareFigures.perSecond) * 100) / 100;
    return {
      storage: store.kind,
      concurrency,
      rounds,
      bare: bareFigures,
      relay: relayFigures,
      ratioToBare,
      targets: { ratioToBare: ratioToBare >= 0.5, eventsPerSecond: relayFigures.perSecond >= 1000, p99: relayFigures.p99Ms <= 50 },
      rawRounds: bareSamples.map((b, r) => {
        const relay = relaySamples[r] ?? { elapsedMs: 0, latencies: [] };
        return { bare: { msPerRequest: b.elapsedMs / b.latencies.length, latencies: b.latencies }, relay: { msPerRequest: relay.elapsedMs / relay.latencies.length, latencies: relay.latencies } };
      }),
    };
  } finally {
    await relay.close();
    await store.close();
    await bare.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
