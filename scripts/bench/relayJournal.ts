import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { newJoinCode } from '../../relay/office/joinCodes';
import { createRelayServer } from '../../relay/server';
import { openStore } from '../../relay/storage/openStore';
import { OfficeJoinResult } from '../../shared/relay/journalWire';

export type BenchJournalOptions = {
  /** Desks pushing at once; each pushes its own entries one push at a time, as a desk's pusher does. */
  desks: number;
  entriesPerPush: number;
  /** Entries each desk pushes per round. */
  entriesPerDesk: number;
  rounds: number;
  /** Size of each entry's `ct` (base64url characters); a sealed payment entry is a few hundred. */
  ctBytes?: number;
  databaseUrl?: string;
};

export type JournalRound = { bare: { msPerEntry: number; latencies: number[] }; relay: { msPerEntry: number; latencies: number[] } };
export type BenchJournalResult = { storage: 'sqlite' | 'postgres'; rounds: JournalRound[] };

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

type Desk = { id: string; token: string; seq: number };

/** One closed-loop sender per desk; each request's latency and the wall time for every entry. */
async function load(port: number, path: string, desks: Desk[], opts: BenchJournalOptions, round: string): Promise<{ elapsedMs: number; latencies: number[]; entries: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: desks.length });
  const ctBytes = opts.ctBytes ?? 300;
  // Bodies are built before the clock starts.
  const bodies = desks.map((d) =>
    Array.from({ length: Math.ceil(opts.entriesPerDesk / opts.entriesPerPush) }, (_, p) =>
      JSON.stringify({
        entries: Array.from({ length: opts.entriesPerPush }, (_, i) => ({
          id: `je_${round}_${d.id.slice(5, 17)}_${p}_${i}`,
          desk: d.id,
          desk_seq: d.seq++,
          ct: randomBytes(ctBytes).toString('base64url').slice(0, ctBytes),
        })),
      }),
    ),
  );
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    desks.map(async (d, i) => {
      for (const body of bodies[i] ?? []) {
        const t0 = performance.now();
        const status = await post(agent, port, path, body, { authorization: `Bearer ${d.token}` });
        latencies.push(performance.now() - t0);
        if (status !== 200) throw new Error(`${path} answered ${status}`);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  agent.destroy();
  return { elapsedMs, latencies, entries: bodies.flat().length * opts.entriesPerPush };
}

/**
 * Office journal ingest: desks push sealed entries (`POST /v1/journal`: token check, zod parse,
 * checks under the write lock, durable commit, answer), against a bare Fastify route that parses
 * the same JSON bodies and answers 200, in the same process, alternating round by round so
 * machine noise hits both alike. Every entry is checked stored at the end.
 */
export async function benchJournal(opts: BenchJournalOptions): Promise<BenchJournalResult> {
  const bare = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
  bare.post('/bare', async (_request, reply) => reply.code(200).send({ accepted: [] }));
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const barePort = (bare.server.address() as { port: number }).port;

  const dataDir = opts.databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'relay-journal-bench-'));
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir });
  const orgId = `bench_office_${Date.now().toString(36)}`;
  await store.journal.createOffice({ orgId, name: 'Bench office', createdAt: Date.now() });
  const relay = await createRelayServer({ store, logger: pino({ level: 'info' }, pino.destination('/dev/null')), pruneIntervalMs: 0 });
  const { port, url } = await relay.listen();
  try {
    const desks: Desk[] = [];
    for (let i = 0; i < opts.desks; i++) {
      const { code, hash } = newJoinCode();
      await store.journal.createJoinCode({ orgId, hash, createdAt: Date.now(), expiresAt: Date.now() + 600_000 });
      const res = await fetch(`${url}/v1/office/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, desk_name: `desk ${i}` }) });
      const joined = OfficeJoinResult.parse(await res.json());
      desks.push({ id: joined.desk, token: joined.token, seq: 1 });
    }
    // Warm-up (JIT, connections), not counted; the bare route takes the same desks' bodies.
    const bareDesks = desks.map((d) => ({ ...d }));
    const warm = { ...opts, entriesPerDesk: Math.max(opts.entriesPerPush, Math.floor(opts.entriesPerDesk / 5)) };
    await load(barePort, '/bare', bareDesks, warm, 'warmb');
    await load(port, '/v1/journal', desks, warm, 'warm');
    const rounds: JournalRound[] = [];
    for (let r = 0; r < opts.rounds; r++) {
      const b = await load(barePort, '/bare', bareDesks, opts, `b${r}`);
      const s = await load(port, '/v1/journal', desks, opts, `r${r}`);
      rounds.push({ bare: { msPerEntry: b.elapsedMs / b.entries, latencies: b.latencies }, relay: { msPerEntry: s.elapsedMs / s.entries, latencies: s.latencies } });
    }
    const expected = desks.reduce((t, d) => t + d.seq - 1, 0);
    const head = (await store.journal.getOffice(orgId))?.headCursor ?? 0;
    if (head !== expected) throw new Error(`the relay holds ${head} journal entries, expected ${expected}`);
    return { storage: store.kind, rounds };
  } finally {
    await relay.close();
    await store.close();
    await bare.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}
