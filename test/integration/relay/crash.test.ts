import { afterEach, expect, it } from 'vitest';
import { openStore } from '../../../relay/storage/openStore';
import { newToken } from '../../../relay/tokens';
import { RelayEventsPage } from '../../../shared/relay/wire';
import { eventBody, sign, storeLocation } from '../../support/relay';
import type { RelayProcess } from '../../support/relayProcess';
import { startRelayProcess } from '../../support/relayProcess';
import { relaySuites } from '../../support/relaySuites';

const SECRET = 'whsec_crash_suite';
const running: RelayProcess[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.kill('SIGKILL')));
  for (const c of cleanups.splice(0)) c();
});

async function pullAll(url: string, token: string): Promise<RelayEventsPage['events']> {
  const all: RelayEventsPage['events'] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${url}/v1/events?after=${after}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const page = RelayEventsPage.parse(await res.json());
    all.push(...page.events);
    after = page.next_cursor;
    if (!page.has_more) return all;
  }
}

relaySuites('relay process killed mid-burst', ({ kind, pg }) => {
  it('loses no event it answered 2xx for, stores none twice, and takes the retries', { timeout: 45_000 }, async () => {
    const location = await storeLocation(kind, kind === 'postgres' ? pg() : null);
    cleanups.push(location.cleanup);
    const setup = await openStore({ ...location, ingest: false });
    await setup.createOrg({ id: 'acme', name: 'Acme', secrets: [SECRET], createdAt: Date.now() });
    const t = newToken();
    await setup.createToken({ id: t.id, orgId: 'acme', device: 'desk', hash: t.hash, createdAt: Date.now() });
    await setup.close();

    const args = location.dataDir ? ['--data-dir', location.dataDir] : [];
    const env: Record<string, string> = location.databaseUrl ? { RELAY_DATABASE_URL: location.databaseUrl } : {};
    const first = await startRelayProcess(args, env);
    running.push(first);

    const bodies = Array.from({ length: 400 }, () => eventBody());
    const acked = new Set<string>();
    const killAfter = 120;
    let next = 0;
    let killed = false;
    // 16 concurrent senders, like Stripe fanning out a backlog; the relay dies under them.
    const worker = async (): Promise<void> => {
      while (next < bodies.length) {
        const body = bodies[next++] as string;
        try {
          const res = await fetch(`${first.url}/stripe/webhook/acme`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, SECRET) }, body });
          if (res.status === 200) acked.add((JSON.parse(body) as { id: string }).id);
        } catch {
          // Connection refused or reset: the relay is gone, and Stripe would retry this one later.
        }
        if (!killed && acked.size >= killAfter) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(await first.exited).toBe('SIGKILL');
    expect(acked.size).toBeGreaterThanOrEqual(killAfter);
    expect(acked.size).toBeLessThan(bodies.length);

    const second = await startRelayProcess(args, env);
    running.push(second);
    const afterCrash = await pullAll(second.url, t.token);
    const ids = afterCrash.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of acked) expect(ids, `acknowledged ${id} is missing`).toContain(id);
    expect(afterCrash.map((e) => e.cursor)).toEqual(afterCrash.map((_, i) => i + 1));

    // Stripe retries everything it did not see acknowledged (we resend all): each lands exactly once.
    const retries = [...bodies];
    const statuses: number[] = [];
    const retrier = async (): Promise<void> => {
      for (let body = retries.pop(); body !== undefined; body = retries.pop()) {
        const res = await fetch(`${second.url}/stripe/webhook/acme`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, SECRET) }, body });
        statuses.push(res.status);
      }
    };
    await Promise.all(Array.from({ length: 16 }, retrier));
    expect(statuses).toEqual(bodies.map(() => 200));
    const final = await pullAll(second.url, t.token);
    expect(final.map((e) => e.id).sort()).toEqual(bodies.map((b) => (JSON.parse(b) as { id: string }).id).sort());
    expect(final.map((e) => e.cursor)).toEqual(bodies.map((_, i) => i + 1));
    expect(final.map((e) => e.payload).sort()).toEqual([...bodies].sort());

    expect(await second.kill('SIGTERM')).toBe('0');
  });
});
