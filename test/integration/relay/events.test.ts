import { expect, it } from 'vitest';
import { RelayCursorGone, RelayEventsPage } from '../../../shared/relay/wire';
import type { TestRelay } from '../../support/relay';
import { eventBody } from '../../support/relay';
import { relaySuites } from '../../support/relaySuites';

const SECRET = 'whsec_events_suite';
const DAY = 86_400_000;

async function page(relay: TestRelay, token: string, query: Record<string, string | number>): Promise<RelayEventsPage> {
  const res = await relay.events(token, query);
  expect(res.status).toBe(200);
  return RelayEventsPage.parse(await res.json());
}

/** Delivers `count` signed events one by one; `atMs` signs them at that time (for a relay on a test clock). */
async function deliver(relay: TestRelay, org: string, count: number, secret = SECRET, atMs?: number): Promise<string[]> {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const body = eventBody();
    const res = await relay.postSigned(org, body, secret, atMs === undefined ? undefined : Math.floor(atMs / 1000));
    expect(res.status).toBe(200);
    bodies.push(body);
  }
  return bodies;
}

relaySuites('cursor pull', ({ make }) => {
  it('serves events in relay order with limit, has_more and next_cursor, each with its exact payload', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const { token } = await relay.token('acme', 'front-desk');
    const bodies = await deliver(relay, 'acme', 7);

    const p1 = await page(relay, token, { after: 0, limit: 3 });
    expect(p1.events.map((e) => e.cursor)).toEqual([1, 2, 3]);
    expect(p1).toMatchObject({ next_cursor: 3, has_more: true });
    const p2 = await page(relay, token, { after: p1.next_cursor, limit: 3 });
    expect(p2.events.map((e) => e.cursor)).toEqual([4, 5, 6]);
    expect(p2.has_more).toBe(true);
    const p3 = await page(relay, token, { after: p2.next_cursor, limit: 3 });
    expect(p3.events.map((e) => e.cursor)).toEqual([7]);
    expect(p3).toMatchObject({ next_cursor: 7, has_more: false });
    const p4 = await page(relay, token, { after: 7 });
    expect(p4).toEqual({ events: [], next_cursor: 7, has_more: false });

    const all = [...p1.events, ...p2.events, ...p3.events];
    expect(all.map((e) => e.payload)).toEqual(bodies);
    expect(all.map((e) => e.id)).toEqual(bodies.map((b) => (JSON.parse(b) as { id: string }).id));
    expect(all.every((e) => e.type === 'payment_intent.succeeded' && e.created === 1_700_000_000)).toBe(true);
  });

  it('rejects a bad query with 400 and caps limit at 500', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const { token } = await relay.token('acme', 'desk');
    const bad: Record<string, string | number>[] = [{ after: -1 }, { after: 'abc' }, { limit: 0 }, { wait: '1.5' }, { cursor: 1 }];
    for (const q of bad) {
      expect((await relay.events(token, q)).status, JSON.stringify(q)).toBe(400);
    }

    // 501 stored events: a page asking for 10,000 gets 500 and has_more.
    await Promise.all(
      Array.from({ length: 501 }, (_, i) =>
        relay.store.insertEvent({ orgId: 'acme', eventId: `evt_cap_${i}`, type: 'charge.refunded', created: 1, payload: eventBody(`evt_cap_${i}`), signature: 't=1,v1=x', receivedAt: Date.now() }),
      ),
    );
    const capped = await page(relay, token, { after: 0, limit: 10_000 });
    expect(capped.events).toHaveLength(500);
    expect(capped).toMatchObject({ next_cursor: 500, has_more: true });
  });

  // The parked poll waits up to 25 s and the store is re-read only every 60 s in tests: only the
  // commit wake-up can finish this inside the 10 s test timeout.
  it('long-polls: an arriving event wakes the request, and an idle wait ends empty', { timeout: 60_000 }, async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const { token } = await relay.token('acme', 'desk');
    await deliver(relay, 'acme', 1);

    const parked = page(relay, token, { after: 1, wait: 25 });
    // Let the request reach the relay and park before the event arrives.
    await new Promise((r) => setTimeout(r, 150));
    const [body] = await deliver(relay, 'acme', 1);
    const woken = await parked;
    expect(woken.events.map((e) => e.payload)).toEqual([body]);
    expect(woken.next_cursor).toBe(2);

    const idle = await page(relay, token, { after: 2, wait: 1 });
    expect(idle).toEqual({ events: [], next_cursor: 2, has_more: false });
  });

  it('keeps orgs apart: a token sees only its own org, whatever cursor it asks for', async () => {
    const relay = await make();
    await relay.createOrg('north', [SECRET]);
    await relay.createOrg('south', ['whsec_south']);
    const north = await relay.token('north', 'desk');
    const south = await relay.token('south', 'desk');
    const northBodies = await deliver(relay, 'north', 3);
    const southBodies = await deliver(relay, 'south', 2, 'whsec_south');

    expect((await page(relay, north.token, { after: 0 })).events.map((e) => e.payload)).toEqual(northBodies);
    expect((await page(relay, south.token, { after: 0 })).events.map((e) => e.payload)).toEqual(southBodies);
    // South holds only 2: asking past that is a cursor this org never issued, not a peek at north.
    expect((await relay.events(south.token, { after: 2 })).status).toBe(200);
    expect((await relay.events(south.token, { after: 3 })).status).toBe(410);
  });

  it('refuses a missing, unknown or revoked token with 401, the revoked one at once', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const t = await relay.token('acme', 'lost-laptop');
    expect((await relay.events(null)).status).toBe(401);
    expect((await relay.events('brly_not_a_real_token_at_all')).status).toBe(401);
    expect((await relay.events(t.token)).status).toBe(200);

    expect(await relay.store.revokeToken('lost-laptop', Date.now(), 'acme')).toHaveLength(1);
    const after = await relay.events(t.token);
    expect(after.status).toBe(401);
  });

  it('throttles an address after repeated failures (429) without ever refusing a valid token, until the window passes', async () => {
    let clock = Date.now();
    const relay = await make({ limits: { authMaxFailures: 3, authWindowSeconds: 60 }, now: () => clock });
    await relay.createOrg('acme', [SECRET]);
    const good = await relay.token('acme', 'desk');
    for (let i = 0; i < 3; i++) expect((await relay.events(`brly_guess_number_${i}_xxxxxxxx`)).status).toBe(401);
    const limited = await relay.events('brly_guess_number_4_xxxxxxxx');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Same address, others' failures: the valid token is still served.
    expect((await relay.events(good.token)).status).toBe(200);

    clock += 61_000;
    expect((await relay.events('brly_guess_number_5_xxxxxxxx')).status).toBe(401);
  });

  it('prunes past retention (90 days by default) and answers a cursor from before the cut with 410', async () => {
    let clock = Date.now();
    const relay = await make({ now: () => clock });
    await relay.createOrg('acme', [SECRET]);
    const { token } = await relay.token('acme', 'desk');
    await deliver(relay, 'acme', 3, SECRET, clock);
    clock += 10 * DAY;
    await deliver(relay, 'acme', 2, SECRET, clock);

    clock += 85 * DAY; // the first three are 95 days old, the last two 85
    expect(await relay.relay.prune()).toBe(3);
    expect(await relay.relay.prune()).toBe(0);

    const gone = await relay.events(token, { after: 0 });
    expect(gone.status).toBe(410);
    expect(RelayCursorGone.parse(await gone.json())).toMatchObject({ error: 'cursor_gone', resume_cursor: 5 });
    expect((await relay.events(token, { after: 2 })).status).toBe(410);
    // A desk that had applied through the cut loses nothing and carries on.
    expect((await page(relay, token, { after: 3 })).events.map((e) => e.cursor)).toEqual([4, 5]);
    // A cursor the relay never issued is refused the same way.
    expect((await relay.events(token, { after: 6 })).status).toBe(410);
  });

  it('answers 410, never a silent gap, when pruning lands between the cursor check and the read', async () => {
    let pruneNext = false;
    const relay = await make({}, (store) => ({
      ...store,
      async cursorState(orgId) {
        const state = await store.cursorState(orgId);
        if (pruneNext) {
          pruneNext = false;
          await store.prune(Date.now() + 1); // everything so far goes, after the check has passed
          await store.insertEvent({ orgId, eventId: 'evt_after_prune', type: 'x', created: 1, payload: eventBody('evt_after_prune'), signature: 's', receivedAt: Date.now() + 10 });
        }
        return state;
      },
    }));
    await relay.createOrg('acme', [SECRET]);
    const { token } = await relay.token('acme', 'desk');
    await deliver(relay, 'acme', 3);
    pruneNext = true;
    const res = await relay.events(token, { after: 1 });
    expect(res.status).toBe(410);
    expect(RelayCursorGone.parse(await res.json()).resume_cursor).toBe(4);
  });

  it('reports health, ingest counts, last event age and per-device lag from the recorded cursor', async () => {
    const relay = await make();
    await relay.createOrg('acme', [SECRET]);
    const front = await relay.token('acme', 'front');
    await relay.token('acme', 'back-office');
    await deliver(relay, 'acme', 4);
    await relay.postSigned('acme', eventBody(), 'whsec_wrong');
    await page(relay, front.token, { after: 3 });

    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, storage: relay.kind });

    const metrics = await fetch(`${relay.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    const text = await metrics.text();
    expect(text).toContain('relay_webhooks_total{outcome="stored"} 4');
    expect(text).toContain('relay_webhooks_total{outcome="rejected",reason="bad_signature"} 1');
    expect(text).toContain('relay_events_ingested_total{org="acme"} 4');
    expect(text).toContain('relay_device_lag_events{org="acme",device="front"} 1');
    expect(text).toContain('relay_device_lag_events{org="acme",device="back-office"} 4');
    expect(text).toMatch(/relay_last_event_age_seconds\{org="acme"\} \d/);

    const tokens = await relay.store.listTokens('acme');
    expect(tokens.find((t) => t.device === 'front')?.lastCursor).toBe(3);
  });

  it('guards /metrics with a bearer token when one is configured', async () => {
    const relay = await make({ metricsToken: 'metrics_secret_token' });
    expect((await fetch(`${relay.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${relay.url}/metrics`, { headers: { authorization: 'Bearer metrics_wrong_token' } })).status).toBe(401);
    const ok = await fetch(`${relay.url}/metrics`, { headers: { authorization: 'Bearer metrics_secret_token' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE relay_webhooks_total counter');
  });
});
