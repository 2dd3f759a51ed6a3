import { afterAll, beforeAll, expect, it } from 'vitest';
import { RelayEventsPage } from '../../../../shared/relay/wire';
import { eventBody } from '../../../support/relay';
import { startHostileRelay, waitFor } from '../../../support/hostileRelay';
import type { HostileRelay } from '../../../support/hostileRelay';
import { relaySuites } from '../../../support/relaySuites';

/**
 * Hostile traffic at the desks' endpoint of a real relay process behind one (simulated) trusted
 * proxy: X-Forwarded-For is what that proxy would send, the client-supplied part on the left
 * and the address the proxy saw appended on the right.
 */
const SECRET = 'whsec_hostile_auth';
const via = (...hops: string[]): Record<string, string> => ({ 'x-forwarded-for': hops.join(', ') });
/** A wrong token whose 12-character prefix is its own (tag and number), so only the address limit applies. */
const guess = (i: number, tag = 'aa'): string => `brly_${tag}${String(i).padStart(5, '0')}_not_a_token_at_all_xxxxxxxxxxx`;

relaySuites('hostile desk traffic', ({ kind, pg }) => {
  let relay: HostileRelay;
  beforeAll(async () => {
    relay = await startHostileRelay(kind, kind === 'postgres' ? pg() : null, { RELAY_TRUSTED_PROXIES: '1', RELAY_AUTH_MAX_FAILURES: '10', RELAY_AUTH_WINDOW_SECONDS: '600' });
    await relay.createOrg('north', [SECRET]);
    await relay.createOrg('south', ['whsec_hostile_south']);
  });
  afterAll(async () => {
    await relay?.stop();
  });

  it('keeps a valid desk working while another address fails 1,000 times, and serves a valid token even from that address', { timeout: 60_000 }, async () => {
    const desk = await relay.token('north', 'front-desk');
    const attackerToo = await relay.token('north', 'shared-nat');
    const statuses = new Map<number, number>();
    let next = 0;
    const attacker = async (): Promise<void> => {
      while (next < 1000) {
        const i = next++;
        const res = await relay.events(guess(i), {}, via('203.0.113.9'));
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    const deskStatuses: number[] = [];
    const attack = Promise.all(Array.from({ length: 8 }, attacker));
    let done = false;
    void attack.then(() => (done = true));
    while (!done) {
      deskStatuses.push((await relay.events(desk.token, {}, via('198.51.100.7'))).status);
      deskStatuses.push((await relay.events(attackerToo.token, {}, via('203.0.113.9'))).status);
    }
    await attack;
    expect(statuses.get(401)).toBe(10);
    expect(statuses.get(429)).toBe(990);
    expect(deskStatuses.length).toBeGreaterThan(0);
    expect(new Set(deskStatuses)).toEqual(new Set([200]));
  });

  it('takes the rightmost untrusted hop: rotating the client-supplied X-Forwarded-For does not escape the limit, and naming another address does not lock it out', async () => {
    const rotated: number[] = [];
    for (let i = 0; i < 30; i++) rotated.push((await relay.events(guess(i, 'ro'), {}, via(`10.9.${i}.1`, '203.0.113.66'))).status);
    expect(rotated.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(rotated.slice(10))).toEqual(new Set([429]));

    // 30 failures that name 198.51.100.20 on the left: that address's own budget is untouched.
    for (let i = 0; i < 30; i++) await relay.events(guess(i, 'fr'), {}, via('198.51.100.20', '203.0.113.67'));
    expect((await relay.events(guess(0, 'ow'), {}, via('198.51.100.20'))).status).toBe(401);
  });

  it('throttles failures per token prefix as well as per address', async () => {
    // Variations on one token from ever-new addresses: the prefix runs out of its budget.
    const res: number[] = [];
    for (let i = 0; i < 14; i++) res.push((await relay.events(`brly_PrEfIx7_${String(i).padStart(40, 'q')}`, {}, via(`192.0.2.${i + 1}`))).status);
    expect(res.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(new Set(res.slice(10))).toEqual(new Set([429]));
    // Another prefix from a fresh address is not affected, and a valid token never is.
    expect((await relay.events(guess(1, 'ot'), {}, via('192.0.2.200'))).status).toBe(401);
    const desk = await relay.token('north', 'prefix-desk');
    expect((await relay.events(desk.token, {}, via('192.0.2.1'))).status).toBe(200);
  });

  it('refuses token misuse (in the query, as Basic auth, with junk after it); a token reads only its own org', async () => {
    const north = await relay.token('north', 'misuse-north');
    const south = await relay.token('south', 'misuse-south');
    const from = via('198.51.100.30');
    expect((await relay.events(null, { access_token: north.token }, from)).status).toBe(401);
    expect((await relay.events(null, {}, { ...from, authorization: `Basic ${Buffer.from(`x:${north.token}`).toString('base64')}` })).status).toBe(401);
    expect((await relay.events(null, {}, { ...from, authorization: `Bearer ${north.token} ${south.token}` })).status).toBe(401);
    expect((await relay.events(null, {}, { ...from, authorization: `Bearer ${north.token}x` })).status).toBe(401);

    const body = eventBody();
    expect((await relay.postSigned('/stripe/webhook/north', body, SECRET)).status).toBe(200);
    const northHead = (await relay.admin.cursorState('north'))?.headSeq ?? 0;
    const own = RelayEventsPage.parse(await (await relay.events(north.token, { after: northHead - 1 }, from)).json());
    expect(own.events.map((e) => e.payload)).toEqual([body]);
    // South has no events: north's cursors are not south's to read.
    expect((await relay.events(south.token, { after: 0 }, from)).status).toBe(200);
    expect(RelayEventsPage.parse(await (await relay.events(south.token, { after: 0 }, from)).json()).events).toEqual([]);
    expect((await relay.events(south.token, { after: northHead }, from)).status).toBe(410);
  });

  it('answers 401, not the event, to a long poll held across a revocation', { timeout: 30_000 }, async () => {
    const laptop = await relay.token('north', 'stolen-laptop');
    const after = (await relay.admin.cursorState('north'))?.headSeq ?? 0;
    const poll = relay.events(laptop.token, { after, wait: 25 }, via('198.51.100.40'));
    await waitFor('the poll to be held', async () => (await relay.metric('relay_long_polls_held')) === 1);
    expect(await relay.admin.revokeToken('stolen-laptop', Date.now(), 'north')).toHaveLength(1);
    expect((await relay.postSigned('/stripe/webhook/north', eventBody(), SECRET)).status).toBe(200);
    const res = await poll;
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain('evt_');
  });
});
