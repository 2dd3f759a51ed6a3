import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import Stripe from 'stripe';
import { openStore } from '../../relay/storage/openStore';
import type { RelayStore } from '../../relay/storage/types';
import { newToken } from '../../relay/tokens';
import { storeLocation } from '../../test/support/relay';
import type { TestPostgres } from '../../test/support/postgres';
import { startRelayProcess } from '../../test/support/relayProcess';
import type { RelayProcess } from '../../test/support/relayProcess';

/**
 * Issue 14's figures, each against a real `relay serve` process on loopback:
 * - ingest (32 closed-loop senders of signed events to the org path) with and without 200
 *   forged requests/s, half at the bare path and half at the org path, alternating rounds, on a relay
 *   holding 2,000 orgs (the bare path used to try every org's secrets);
 * - the relay's RSS while a desk drains 1 MB events (a description full of `"`) asking for 500 a
 *   page, sampled from /proc every 20 ms.
 */
export type HostileBenchOptions = { pg: TestPostgres | null; quick: boolean; log(message: string): void };

const SECRET = 'whsec_bench_hostile';

type Started = { proc: RelayProcess; admin: RelayStore; cleanup(): Promise<void> };

async function startRelay(pg: TestPostgres | null, env: Record<string, string>): Promise<Started> {
  const location = await storeLocation(pg ? 'postgres' : 'sqlite', pg);
  const admin = await openStore({ ...location, ingest: true });
  const args = location.dataDir ? ['--data-dir', location.dataDir] : [];
  const proc = await startRelayProcess(args, { ...(location.databaseUrl ? { RELAY_DATABASE_URL: location.databaseUrl } : {}), RELAY_LOG_LEVEL: 'info', ...env }).catch(async (e: unknown) => {
    await admin.close();
    location.cleanup();
    throw e;
  });
  return {
    proc,
    admin,
    async cleanup() {
      await proc.kill('SIGKILL');
      await admin.close();
      location.cleanup();
    },
  };
}

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

const eventJson = (id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id, object: 'event', api_version: '2025-01-27.acacia', created: 1_700_000_000, type: 'payment_intent.succeeded', livemode: false, data: { object: { id: `pi_${id.slice(4)}`, object: 'payment_intent', amount: 4200, currency: 'usd', ...extra } } });

export type IngestRound = { flood: boolean; msPerEvent: number; latencies: number[]; forgedSent: number; forgedStatuses: Record<string, number> };

/** The relay's ingest with and without the forged flood, alternating, `rounds` of each. */
export async function benchIngestUnderFlood(o: HostileBenchOptions): Promise<IngestRound[]> {
  // The upload cap stays at its default (128): 32 senders plus the flood stay under it.
  const relay = await startRelay(o.pg, {});
  try {
    o.log('relay hostile: 2,000 orgs…');
    await relay.admin.createOrg({ id: 'acme', name: 'Acme', secrets: [SECRET], createdAt: Date.now() });
    // Concurrent creates: PostgreSQL takes them in parallel, SQLite one transaction at a time.
    for (let start = 1; start < 2000; start += 100) {
      await Promise.all(Array.from({ length: Math.min(100, 2000 - start) }, (_, i) => relay.admin.createOrg({ id: `org_${start + i}`, name: 'Other', secrets: [`whsec_other_${start + i}`], createdAt: Date.now() })));
    }
    const port = Number(new URL(relay.proc.url).port);
    const events = o.quick ? 600 : 3000;
    const rounds = o.quick ? 2 : 3;
    const concurrency = 32;
    const per = Math.ceil(events / rounds);
    const signed = (label: string, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const body = eventJson(`evt_hb_${label}_${i}_${Date.now().toString(36)}`);
        return { body, headers: { 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET }) } };
      });
    const forgedBody = eventJson('evt_forged_flood');
    const forgedHeader = `t=${Math.floor(Date.now() / 1000)},v1=${'ab'.repeat(32)}`;

    const load = async (items: { body: string; headers: Record<string, string> }[]): Promise<{ ms: number; latencies: number[] }> => {
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
      const latencies: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let item = items[next++]; item; item = items[next++]) {
            const s = performance.now();
            const status = await post(agent, port, '/stripe/webhook/acme', item.body, item.headers);
            latencies.push(performance.now() - s);
            if (status !== 200) throw new Error(`ingest answered ${status}`);
          }
        }),
      );
      agent.destroy();
      return { ms: performance.now() - t0, latencies };
    };
    /** 200 forged requests/s, half to the bare path and half to the org path, open loop (sent on a clock, not on answers). */
    const flood = (): { stop(): Promise<{ sent: number; statuses: Record<string, number> }> } => {
      const agent = new Agent({ keepAlive: true, maxSockets: 64 });
      const statuses: Record<string, number> = {};
      const pending = new Set<Promise<void>>();
      let sent = 0;
      const started = performance.now();
      const tick = setInterval(() => {
        const due = Math.floor(((performance.now() - started) / 1000) * 100);
        while (sent < due) {
          sent++;
          for (const path of ['/stripe/webhook', '/stripe/webhook/acme']) {
            const p = post(agent, port, path, forgedBody, { 'stripe-signature': forgedHeader }).then(
              (s) => void (statuses[`${path} ${s}`] = (statuses[`${path} ${s}`] ?? 0) + 1),
              () => void (statuses[`${path} error`] = (statuses[`${path} error`] ?? 0) + 1),
            );
            pending.add(p);
            void p.finally(() => pending.delete(p));
          }
        }
      }, 5);
      return {
        async stop() {
          clearInterval(tick);
          await Promise.all(pending);
          agent.destroy();
          return { sent: sent * 2, statuses };
        },
      };
    };

    await load(signed('warm', 200));
    const out: IngestRound[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const withFlood of [false, true]) {
        const items = signed(`${r}_${withFlood ? 'f' : 'q'}`, per);
        const f = withFlood ? flood() : null;
        const { ms, latencies } = await load(items);
        const forged = f ? await f.stop() : { sent: 0, statuses: {} };
        out.push({ flood: withFlood, msPerEvent: ms / items.length, latencies, forgedSent: forged.sent, forgedStatuses: forged.statuses });
        o.log(`relay hostile: round ${r + 1} ${withFlood ? 'with' : 'without'} flood: ${Math.round((items.length / ms) * 1000)} events/s, forged ${JSON.stringify(forged.statuses)}`);
      }
    }
    return out;
  } finally {
    await relay.cleanup();
  }
}

export type MemoryRun = {
  events: number;
  pageMaxBytes: number;
  baselineMb: number;
  peakMb: number;
  /** Peak RSS over the first and the second half of the drain (flat when bounded by the page, not the backlog). */
  firstHalfPeakMb: number;
  secondHalfPeakMb: number;
  pages: number;
  maxPageMb: number;
  samplesMb: number[];
};

const rssMb = (pid: number): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
};

/** The relay's RSS while a desk drains `events` events of about 1 MB each, 500 asked per page. */
export async function benchPageMemory(o: HostileBenchOptions): Promise<MemoryRun> {
  const events = o.quick ? 120 : 500;
  const pageMaxBytes = 4 * 1024 * 1024;
  const relay = await startRelay(o.pg, { RELAY_PAGE_MAX_BYTES: String(pageMaxBytes) });
  try {
    await relay.admin.createOrg({ id: 'acme', name: 'Acme', secrets: [SECRET], createdAt: Date.now() });
    const t = newToken();
    await relay.admin.createToken({ id: t.id, orgId: 'acme', device: 'desk', hash: t.hash, createdAt: Date.now() });
    o.log(`relay hostile: storing ${events} events of 1 MB…`);
    const quotes = '"'.repeat(500_000);
    for (let start = 0; start < events; start += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, events - start) }, (_, i) => {
          const id = `evt_big_${start + i}`;
          return relay.admin.insertEvent({ orgId: 'acme', eventId: id, type: 'charge.updated', created: 1, payload: eventJson(id, { description: quotes }), signature: 't=1,v1=x', receivedAt: Date.now() });
        }),
      );
    }
    const pid = relay.proc.child.pid ?? 0;
    // Settle: the process has served nothing big yet.
    await fetch(`${relay.proc.url}/healthz`);
    const baselineMb = rssMb(pid);
    const samplesMb: number[] = [];
    const sampler = setInterval(() => samplesMb.push(rssMb(pid)), 20);
    let after = 0;
    let pages = 0;
    let maxPage = 0;
    try {
      for (;;) {
        const res = await fetch(`${relay.proc.url}/v1/events?after=${after}&limit=500`, { headers: { authorization: `Bearer ${t.token}` } });
        if (res.status !== 200) throw new Error(`page after ${after} answered ${res.status}`);
        const text = await res.text();
        maxPage = Math.max(maxPage, Buffer.byteLength(text));
        const page = JSON.parse(text) as { events: unknown[]; next_cursor: number; has_more: boolean };
        pages++;
        after = page.next_cursor;
        if (!page.has_more) break;
      }
    } finally {
      clearInterval(sampler);
    }
    if (after !== events) throw new Error(`the desk reached cursor ${after}, expected ${events}`);
    const half = Math.floor(samplesMb.length / 2);
    return {
      events,
      pageMaxBytes,
      baselineMb,
      peakMb: Math.max(baselineMb, ...samplesMb),
      firstHalfPeakMb: Math.max(0, ...samplesMb.slice(0, half)),
      secondHalfPeakMb: Math.max(0, ...samplesMb.slice(half)),
      pages,
      maxPageMb: maxPage / 1024 / 1024,
      samplesMb,
    };
  } finally {
    await relay.cleanup();
  }
}
