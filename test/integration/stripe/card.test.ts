import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { enrolled, useStandinCore } from '../../support/card/cardFixture';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import type { StripeStandin } from '../../support/stripe/server';

describe('card payments through invoke, against the stand-in Stripe', () => {
  let standin: StripeStandin;
  let core: TestCore;
  useStandinCore({ standin: (s) => (standin = s), core: (c) => (core = c) });

  it('creates one intent per request id for the items owed, records it once paid, and paymentDetails shows it', async () => {
    const { enrollmentId, itemIds } = await enrolled(core);
    const requestId = rid('card');
    const intent = await core.ok('card:createIntent', { requestId, enrollmentId, itemIds: [itemIds[0] ?? ''] });
    expect(intent).toMatchObject({ kind: 'intent', amount: 30_000, currency: 'USD', status: 'open', paymentId: null });
    expect(JSON.stringify(intent)).not.toMatch(/_secret_/);
    const again = await core.ok('card:createIntent', { requestId, enrollmentId, itemIds: [itemIds[0] ?? ''] });
    expect(again.paymentIntentId).toBe(intent.paymentIntentId);
    expect(Object.keys(standin.data().paymentIntents).filter((id) => standin.data().paymentIntents[id]?.metadata.bursar_enrollment === enrollmentId)).toHaveLength(1);

    standin.pay(intent.paymentIntentId ?? '');
    const status = await core.ok('card:intentStatus', { cardRequestId: intent.id });
    expect(status.status).toBe('paid');
    expect(status.receiptNumber).toMatch(/^DESK1-\d{6}$/);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId });
    expect(details.items.find((i) => i.id === itemIds[0])?.status).toBe('paid');
    expect(details.payments).toHaveLength(1);
    expect(details.payments[0]).toMatchObject({ method: 'card', amount: 30_000 });
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);

    // The webhook for the same intent later is a no-op: one payment, not two.
    const event = standin.events().find((e) => e.type === 'payment_intent.succeeded' && (e.data.object as { id: string }).id === intent.paymentIntentId);
    expect(event).toBeDefined();
    const applied = applyEvent(core.store, core.services.eventHandlers, () => new Date(), JSON.stringify(event), 'relay', null);
    expect(applied.outcome).toBe('applied');
    expect((await core.ok('enrollments:paymentDetails', { enrollmentId })).payments).toHaveLength(1);
  });

  it('makes a hosted payment link with a QR code; the student pays on their own device and the webhook records it', async () => {
    const { enrollmentId } = await enrolled(core);
    const link = await core.ok('card:paymentLink', { requestId: rid('link'), enrollmentId });
    expect(link.amount).toBe(90_000);
    expect(link.url).toMatch(/^http/);
    expect(link.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    standin.pay(link.checkoutSessionId ?? '');
    const succeeded = standin.events().filter((e) => e.type === 'payment_intent.succeeded').at(-1);
    const r = applyEvent(core.store, core.services.eventHandlers, () => new Date(), JSON.stringify(succeeded), 'relay', null);
    expect(r.outcome).toBe('applied');
    const status = await core.ok('card:intentStatus', { cardRequestId: link.id });
    expect(status).toMatchObject({ status: 'paid' });
    expect((await core.ok('enrollments:paymentDetails', { enrollmentId })).balance).toBe(0);
  });

  it('refuses clearly: an item that is not owed here, nothing owed at all, no Stripe key', async () => {
    const { enrollmentId } = await enrolled(core);
    const other = await enrolled(core, 1000);
    const wrongItem = await core.fail('card:createIntent', { requestId: rid(), enrollmentId, itemIds: [other.itemIds[0] ?? ''] });
    expect(wrongItem.code).toBe('VALIDATION');
    expect(wrongItem.fields).toHaveProperty('itemIds');

    const all = await core.ok('card:createIntent', { requestId: rid(), enrollmentId });
    standin.pay(all.paymentIntentId ?? '');
    expect((await core.ok('card:intentStatus', { cardRequestId: all.id })).status).toBe('paid');
    const nothing = await core.fail('card:paymentLink', { requestId: rid(), enrollmentId });
    expect(nothing).toMatchObject({ code: 'CONFLICT', message: 'Nothing is owed on this enrollment' });

    const noStripe = await makeCore();
    try {
      const e = await noStripe.fail('card:paymentLink', { requestId: rid(), enrollmentId: 'enr_x' });
      expect(e.code).toBe('UNAVAILABLE');
      expect(e.message).toMatch(/Stripe is not configured/);
    } finally {
      noStripe.dispose();
    }
  });

  it('a payment_intent.succeeded for a payment Bursar did not start is kept as unmatched, not dropped', async () => {
    const payload = JSON.stringify({ id: 'evt_foreign_1', object: 'event', type: 'payment_intent.succeeded', created: 1_800_000_000, data: { object: { id: 'pi_foreign', object: 'payment_intent', amount_received: 100, currency: 'usd', metadata: {} } } });
    expect(applyEvent(core.store, core.services.eventHandlers, () => new Date(), payload, 'relay', null).outcome).toBe('unmatched');
    const events = await core.ok('sync:events', { outcome: 'unmatched' });
    expect(events.events.map((e) => e.eventId)).toContain('evt_foreign_1');
  });
});
