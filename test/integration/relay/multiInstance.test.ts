import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createRelayServer } from '../../../relay/server';
import { openPostgresStore } from '../../../relay/storage/postgresStore';
import type { NewEvent, RelayStore } from '../../../relay/storage/types';
import { newToken } from '../../../relay/tokens';
import { RelayEventsPage } from '../../../shared/relay/wire';
import { eventBody, evtId, sign } from '../../support/relay';
import { postgresUnavailableReason, startTestPostgres } from '../../support/postgres';
import type { TestPostgres } from '../../support/postgres';

const reason = postgresUnavailableReason();

const newEvent = (orgId: string, eventId: string): NewEvent => ({
  orgId,
  eventId,
  type: 'payment_intent.succeeded',
  created: 1_700_000_000,
  payload: eventBody(eventId),
  signature: 't=1,v1=test',
  receivedAt: Date.now(),
});

/**
 * Two relay instances write to one PostgreSQL. Instance A is handed sequence 1 and is slow to
 * commit; instance B stores the next event meanwhile; a desk polls in between. With a sequence
 * handed out before commit (nextval, identity), B would commit 2 first, the desk would see 2 and
 * move its cursor past 1 for ever. The relay must give the desk both.
 */
describe.skipIf(reason !== null)(`several relay instances on one PostgreSQL${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let server: TestPostgres;
  const stores: RelayStore[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  let releaseGate = (): void => undefined;
  afterAll(async () => {
    releaseGate();
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  it('a reader polling while a lower sequence is still uncommitted gets it afterwards, in order', async () => {
    const url = await server.freshSchemaUrl();
    const slowId = evtId('slow');
    const fastId = evtId('fast');
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    releaseGate = () => release();
    let reportHeld = (_seq: number): void => undefined;
    const held = new Promise<number>((r) => (reportHeld = r));

    const instanceA = await openPostgresStore({
      url,
      faults: {
        beforeCommit: async (event, seq) => {
          if (event.eventId !== slowId) return;
          reportHeld(seq);
          await gate;
        },
      },
    });
    const instanceB = await openPostgresStore({ url });
    stores.push(instanceA, instanceB);
    await instanceB.createOrg({ id: 'acme', name: 'Acme', secrets: ['whsec_x'], createdAt: Date.now() });
    const t = newToken();
    await instanceB.createToken({ id: t.id, orgId: 'acme', device: 'desk', hash: t.hash, createdAt: Date.now() });
    const reader = await createRelayServer({ store: instanceB, logLevel: 'silent', pruneIntervalMs: 0 });
    const { url: readerUrl } = await reader.listen();
    const poll = async (after: number): Promise<RelayEventsPage> => {
      const res = await fetch(`${readerUrl}/v1/events?after=${after}`, { headers: { authorization: `Bearer ${t.token}` } });
      expect(res.status).toBe(200);
      return RelayEventsPage.parse(await res.json());
    };

    const slowInsert = instanceA.insertEvent(newEvent('acme', slowId));
    expect(await held).toBe(1);
    const fastInsert = instanceB.insertEvent(newEvent('acme', fastId));
    let fastSettled = false;
    void fastInsert.finally(() => (fastSettled = true)).catch(() => undefined);

    // Poll only once B is really in flight: queued behind A's lock (this design), or already
    // committed (a design that hands out sequences before commit, which this test must catch).
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    for (let i = 0; !fastSettled; i++) {
      const { rows } = await probe.query<{ n: string }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%relay_store_events%'`);
      if (Number(rows[0]?.n) >= 1) break;
      if (i > 500) throw new Error('instance B neither queued nor committed');
      await new Promise((r) => setTimeout(r, 10));
    }
    await probe.end();

    const seen: RelayEventsPage['events'] = [];
    const mid = await poll(0);
    seen.push(...mid.events);

    release();
    expect(await slowInsert).toEqual({ status: 'stored', seq: 1 });
    expect(await fastInsert).toEqual({ status: 'stored', seq: 2 });

    const later = await poll(mid.next_cursor);
    seen.push(...later.events);
    expect(seen.map((e) => [e.cursor, e.id])).toEqual([
      [1, slowId],
      [2, fastId],
    ]);
    await reader.close();
  });

  // Long polls re-read only every 60 s here and wait up to 25 s: only the NOTIFY from the other
  // instance's commit can finish this inside the 10 s test timeout.
  it('a long poll parked on one instance wakes when another instance stores an event', { timeout: 60_000 }, async () => {
    const url = await server.freshSchemaUrl();
    const instanceA = await openPostgresStore({ url });
    const instanceB = await openPostgresStore({ url });
    stores.push(instanceA, instanceB);
    await instanceA.createOrg({ id: 'acme', name: 'Acme', secrets: ['whsec_x'], createdAt: Date.now() });
    const t = newToken();
    await instanceA.createToken({ id: t.id, orgId: 'acme', device: 'desk', hash: t.hash, createdAt: Date.now() });
    const relayA = await createRelayServer({ store: instanceA, logLevel: 'silent', pruneIntervalMs: 0, longPollRecheckMs: 60_000 });
    const relayB = await createRelayServer({ store: instanceB, logLevel: 'silent', pruneIntervalMs: 0, longPollRecheckMs: 60_000 });
    const { url: urlA } = await relayA.listen();
    const { url: urlB } = await relayB.listen();

    const parked = fetch(`${urlB}/v1/events?after=0&wait=25`, { headers: { authorization: `Bearer ${t.token}` } });
    await new Promise((r) => setTimeout(r, 200));
    const body = eventBody(evtId('via_a'));
    const delivered = await fetch(`${urlA}/stripe/webhook/acme`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, 'whsec_x') }, body });
    expect(delivered.status).toBe(200);
    const page = RelayEventsPage.parse(await (await parked).json());
    expect(page.events.map((e) => e.payload)).toEqual([body]);
    await relayA.close();
    await relayB.close();
  });

  it('the same event delivered to two instances at once is stored once, both answered with its cursor', async () => {
    const url = await server.freshSchemaUrl();
    const instanceA = await openPostgresStore({ url });
    const instanceB = await openPostgresStore({ url });
    stores.push(instanceA, instanceB);
    await instanceA.createOrg({ id: 'acme', name: 'Acme', secrets: ['whsec_x'], createdAt: Date.now() });
    const ids = Array.from({ length: 40 }, () => evtId('twice'));
    // Each event goes to both instances at the same moment, many at once: Stripe retrying while
    // the first delivery is still in flight, behind a load balancer.
    const answers = await Promise.all(ids.flatMap((id) => [instanceA.insertEvent(newEvent('acme', id)), instanceB.insertEvent(newEvent('acme', id))]));
    for (let i = 0; i < ids.length; i++) {
      const [a, b] = [answers[2 * i], answers[2 * i + 1]];
      expect([a?.status, b?.status].sort()).toEqual(['duplicate', 'stored']);
      expect(a?.seq).toBe(b?.seq);
    }
    const page = await instanceA.readEvents('acme', 0, 500);
    expect(page.events.map((e) => e.seq)).toEqual(ids.map((_, i) => i + 1));
    expect(new Set(page.events.map((e) => e.eventId))).toEqual(new Set(ids));
  });
});
