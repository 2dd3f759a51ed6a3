import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { makePayments, makeSyncRig } from '../../support/syncRig';
import type { SyncRig } from '../../support/syncRig';

const processed = (core: TestCore) =>
  core.store.raw.prepare('SELECT event_id, type, outcome FROM processed_events ORDER BY event_id').all() as { event_id: string; type: string; outcome: string }[];
const versions = (core: TestCore) => core.store.raw.prepare('SELECT object_id, last_event_id, last_created FROM stripe_object_versions ORDER BY object_id').all();

/** Pulls until the relay has nothing more (webhook delivery runs in the background). */
async function syncUntil(core: TestCore, expected: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    await core.ok('sync:now', {});
    if (processed(core).length >= expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('webhook sync through a real relay process', () => {
  let rig: SyncRig | undefined;
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
  });

  it('1,000 events delivered three times, shuffled and delayed, end in the same desk state as one ordered delivery', { timeout: 120_000 }, async () => {
    rig = await makeSyncRig();
    rig.standin.webhooks.configure({ duplicate: 3, shuffle: true, delayMs: 20, concurrency: 8, autoDeliver: false, seed: 7 });
    await makePayments(rig.standin, 334);
    const events = rig.standin.events();
    expect(events.length).toBeGreaterThanOrEqual(1000);
    await rig.standin.webhooks.flush();
    await rig.standin.webhooks.idle();
    await syncUntil(rig.core, events.length);

    const shuffled = processed(rig.core);
    expect(shuffled.map((e) => e.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(new Set(shuffled.map((e) => e.event_id)).size).toBe(shuffled.length);

    // A second desk applies the same events once each, in Stripe's order, through catch-up.
    const ordered = await rig.newCore();
    ordered.store.raw.prepare(`UPDATE sync_state SET value = '0' WHERE key = 'catchup.since'`).run();
    await ordered.services.sync.stop();
    await ordered.invoke('settings:relay', { requestId: rid(), url: null }, ordered.admin);
    const result = await ordered.ok('sync:now', {});
    expect(result.caughtUp).toBe(events.length);
    expect(processed(ordered)).toEqual(shuffled);
    expect(versions(ordered)).toEqual(versions(rig.core));

    // Nothing is applied twice when everything comes again.
    const again = await rig.core.ok('sync:now', {});
    expect(again.applied).toBe(0);
  });

  it('forged and stale deliveries are refused by the relay and never reach the desk', { timeout: 60_000 }, async () => {
    rig = await makeSyncRig();
    const body = JSON.stringify({ id: 'evt_forged_1', object: 'event', type: 'payment_intent.succeeded', created: Math.floor(Date.now() / 1000), data: { object: { id: 'pi_forged', object: 'payment_intent' } } });
    const forged = await fetch(`${rig.relay.url}/stripe/webhook/school`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }, body });
    expect(forged.status).toBe(400);

    rig.standin.webhooks.configure({ timestampSkewSeconds: -301 });
    await makePayments(rig.standin, 1);
    await rig.standin.webhooks.idle();
    const stale = rig.standin.webhooks.deliveries().filter((d) => d.status !== undefined);
    expect(stale.length).toBeGreaterThan(0);
    expect(stale.every((d) => d.status === 400)).toBe(true);

    await rig.core.services.sync.stop();
    const r = await rig.core.ok('sync:now', {});
    expect(r.applied).toBe(0);
    expect(processed(rig.core).map((e) => e.event_id)).not.toContain('evt_forged_1');
    const relayEvents = await (await fetch(`${rig.relay.url}/v1/events?after=0`, { headers: { authorization: `Bearer ${rig.token}` } })).json() as { events: unknown[] };
    expect(relayEvents.events).toEqual([]);
  });

  it('while the relay is down, catch-up from the Events API fetches what it missed', { timeout: 60_000 }, async () => {
    rig = await makeSyncRig();
    await makePayments(rig.standin, 2);
    await rig.standin.webhooks.idle();
    await syncUntil(rig.core, rig.standin.events().length);
    const before = processed(rig.core).length;

    await rig.stopRelay();
    await makePayments(rig.standin, 3);
    await rig.standin.webhooks.idle();
    const result = await rig.core.ok('sync:now', {});
    expect(result.status.online).toBe(false);
    expect(result.status.lastError).toMatch(/relay is not reachable/);
    // The window words it from its key, in the office's language.
    expect(result.status.lastErrorWords).toEqual({ key: 'sync.unreachable', params: {} });
    expect(result.caughtUp).toBe(rig.standin.events().length - before);
    expect(processed(rig.core).map((e) => e.event_id).sort()).toEqual(rig.standin.events().map((e) => e.id).sort());
    expect(processed(rig.core).filter((e) => e.event_id)).toHaveLength(rig.standin.events().length);
  });

  it('a revoked or wrong token is reported, and the token never comes back through a channel', { timeout: 60_000 }, async () => {
    rig = await makeSyncRig();
    const saved = await rig.core.ok('settings:relay', { requestId: rid(), url: rig.relay.url, token: 'brly_wrong_token_value_123' });
    expect(saved).toEqual({ url: rig.relay.url, tokenSet: true, tokenLast4: '_123' });
    await rig.core.services.sync.stop();
    const r = await rig.core.ok('sync:now', {});
    expect(r.status.online).toBe(true);
    expect(r.status.lastError).toMatch(/refused this desk \(401\)/);
    expect(r.status.lastErrorWords).toEqual({ key: 'sync.refused', params: {} });
    const everything = JSON.stringify([await rig.core.ok('sync:status', {}), await rig.core.ok('app:info', {}), await rig.core.ok('settings:get', {})]);
    expect(everything).not.toContain(rig.token);
    expect(everything).not.toContain('brly_wrong_token_value_123');
  });
});
