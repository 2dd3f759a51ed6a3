import { afterEach, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { enrolled, useStandinCore } from '../../support/card/cardFixture';
import { rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { makeSyncRig } from '../../support/syncRig';
import type { SyncRig } from '../../support/syncRig';
import type { StripeStandin } from '../../support/stripe/server';

type RefundRowSeen = { id: string; amount: number; status: string; method: string; reason: string; stripe_refund_id: string | null; payment_id: string | null; session_id: string | null };

const refundRows = (core: TestCore, paymentId: string) =>
  core.store.raw.prepare('SELECT id, amount, status, method, reason, stripe_refund_id, payment_id, session_id FROM refunds WHERE payment_id = ? ORDER BY rowid').all(paymentId) as RefundRowSeen[];
const ledgerOfRefunds = (core: TestCore, paymentId: string) =>
  core.store.raw.prepare(`SELECT event, account, sum(amount) AS amount FROM ledger_entries WHERE refund_id IN (SELECT id FROM refunds WHERE payment_id = ?) GROUP BY event, account ORDER BY event, account`).all(paymentId);
const outcomes = (core: TestCore, type: string) =>
  (core.store.raw.prepare('SELECT outcome, detail FROM processed_events WHERE type = ? ORDER BY created, event_id').all(type) as { outcome: string; detail: string | null }[]);

const detailOf = (core: TestCore, eventId: string) => (core.store.raw.prepare('SELECT detail FROM processed_events WHERE event_id = ?').get(eventId) as { detail: string } | undefined)?.detail;

const today = () => new Date().toISOString().slice(0, 10);

/** A card payment of the first installment (30,000 of 90,000), paid at the stand-in and recorded at the desk. */
async function paidByCard(core: TestCore, standin: StripeStandin): Promise<{ enrollmentId: string; paymentId: string; intentId: string; chargeId: string }> {
  const { enrollmentId, itemIds } = await enrolled(core);
  const intent = await core.ok('card:createIntent', { requestId: rid('card'), enrollmentId, itemIds: [itemIds[0] ?? ''] });
  standin.pay(intent.paymentIntentId ?? '');
  const status = await core.ok('card:intentStatus', { cardRequestId: intent.id });
  expect(status.status).toBe('paid');
  const payment = core.store.raw.prepare('SELECT id, stripe_charge_id FROM payments WHERE stripe_payment_intent_id = ?').get(intent.paymentIntentId) as { id: string; stripe_charge_id: string };
  return { enrollmentId, paymentId: payment.id, intentId: intent.paymentIntentId ?? '', chargeId: payment.stripe_charge_id };
}

/** The desk's pass over Stripe's Events API (what `sync:now` does when the relay has nothing). */
async function catchUp(core: TestCore): Promise<void> {
  await core.ok('sync:now', {});
}

const eventsOf = (standin: StripeStandin, types: string[]) => standin.events().filter((e) => types.includes(e.type));

const apply = (core: TestCore, e: Stripe.Event, prefetched?: unknown) =>
  applyEvent(core.store, core.services.eventHandlers, () => new Date(), JSON.stringify(e), 'relay', null, prefetched).outcome;

describe("refunds made in Stripe's Dashboard are recorded at the desk", () => {
  let standin: StripeStandin;
  let core: TestCore;
  useStandinCore(
    { standin: (s) => (standin = s), core: (c) => (core = c) },
    {
      reset: true,
      // Catch-up reads Stripe's Events API from the start of this test's stand-in log.
      prepare: (c) => void c.store.raw.prepare(`INSERT INTO sync_state (key, value) VALUES ('catchup.since', '0') ON CONFLICT (key) DO UPDATE SET value = '0'`).run(),
    },
  );

  it('a Dashboard refund becomes a card refund of its payment: payment details, ledger, audit and the revenue report show it', async () => {
    const { enrollmentId, paymentId, chargeId } = await paidByCard(core, standin);
    const refund = standin.dashboardRefund(chargeId, 12_000);
    expect(refund.metadata).toEqual({});
    await catchUp(core);
    // charge.refunded carries only the total: the desk listed the charge's refunds from Stripe.
    expect(standin.counters().requestsByPath['GET /v1/refunds']).toBe(1);

    const rows = refundRows(core, paymentId);
    expect(rows).toEqual([{ id: expect.any(String), amount: 12_000, status: 'succeeded', method: 'card', reason: "refunded in Stripe's Dashboard", stripe_refund_id: refund.id, payment_id: paymentId, session_id: null }]);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId });
    expect(details.refunds).toEqual([expect.objectContaining({ id: rows[0]?.id, method: 'card', amount: 12_000, currency: 'USD', reason: "refunded in Stripe's Dashboard" })]);
    // The refund released the paid installment: 12,000 of its 30,000 is owed again.
    expect(details.balance).toBe(90_000 - 30_000 + 12_000);
    expect(ledgerOfRefunds(core, paymentId)).toEqual([
      { event: 'refund', account: 'allocated', amount: -12_000 },
      { event: 'refund', account: 'refunded', amount: 12_000 },
    ]);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
    expect((await core.ok('audit:verify', {})).ok).toBe(true);
    const audit = core.store.raw.prepare(`SELECT actor_name, entity_id FROM audit_log WHERE action = 'refund.stripe_dashboard'`).all();
    expect(audit).toEqual([{ actor_name: expect.stringMatching(/^stripe event evt_/), entity_id: rows[0]?.id }]);

    const revenue = await core.ok('reports:revenue', { from: today(), to: today(), granularity: 'day' });
    expect(revenue.totals).toEqual([expect.objectContaining({ currency: 'USD', gross: 30_000, refunded: 12_000, net: 18_000 })]);
    expect(revenue.rows.find((r) => r.method === 'card')).toMatchObject({ refunded: 12_000, refunds: 1 });

    // Both events that carry it (refund.created, charge.refunded) were applied, neither unmatched.
    expect(outcomes(core, 'refund.created').map((o) => o.outcome)).toEqual(['applied']);
    expect(outcomes(core, 'charge.refunded').map((o) => o.outcome)).toEqual(['applied']);
  });

  it('counts each refund once whatever the order, duplicates and the event that carries it; a later failure reverses it to payer credit', async () => {
    const { enrollmentId, paymentId, chargeId } = await paidByCard(core, standin);
    const first = standin.dashboardRefund(chargeId, 5_000);
    const second = standin.dashboardRefund(chargeId, 7_000);
    const events = eventsOf(standin, ['refund.created', 'charge.refunded']);
    expect(events).toHaveLength(4);

    // Newest first, every one twice, with the charge's embedded refunds (no Stripe call): each refund once.
    for (const e of [...events].reverse()) expect(['applied', 'unmatched']).toContain(apply(core, e));
    for (const e of events) expect(apply(core, e)).toBe('duplicate');
    // The same refunds again under other events (Stripe's list, fetched), as catch-up brings them.
    await catchUp(core);
    const byId = (a: (string | number | null)[], b: (string | number | null)[]) => String(a[0]).localeCompare(String(b[0]));
    expect(refundRows(core, paymentId).map((r) => [r.stripe_refund_id, r.amount, r.status]).sort(byId)).toEqual(
      [
        [first.id, 5_000, 'succeeded'],
        [second.id, 7_000, 'succeeded'],
      ].sort(byId),
    );
    expect(refundRows(core, paymentId)).toHaveLength(2);
    expect((await core.ok('enrollments:paymentDetails', { enrollmentId })).refunds.reduce((s, r) => s + r.amount, 0)).toBe(12_000);

    // The network returns the first refund: reversed as a failed card refund is (the money goes to payer credit).
    standin.failRefund(first.id);
    await catchUp(core);
    const failed = refundRows(core, paymentId).find((r) => r.stripe_refund_id === first.id);
    expect(failed?.status).toBe('failed');
    const payerId = (core.store.raw.prepare('SELECT payer_id FROM payments WHERE id = ?').get(paymentId) as { payer_id: string }).payer_id;
    const credit = await core.ok('payers:credit', { payerId });
    expect(credit.balances).toEqual([{ currency: 'USD', amount: 5_000 }]);
    // An old "created" snapshot (succeeded) arriving after the failure does not revive it.
    const created = eventsOf(standin, ['refund.created']).find((e) => (e.data.object as { id: string }).id === first.id);
    expect(created).toBeDefined();
    const replay = { ...(created as Stripe.Event), id: `${(created as Stripe.Event).id}_late` } as Stripe.Event;
    expect(apply(core, replay)).toBe('stale');
    expect(refundRows(core, paymentId).find((r) => r.stripe_refund_id === first.id)?.status).toBe('failed');
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
    const revenue = await core.ok('reports:revenue', { from: today(), to: today(), granularity: 'day' });
    expect(revenue.totals).toEqual([expect.objectContaining({ currency: 'USD', gross: 30_000, refunded: 7_000, net: 23_000 })]);
  });

  it("a refund failed at Stripe before the desk ever saw it ends the same as one that failed later", async () => {
    const { paymentId, chargeId } = await paidByCard(core, standin);
    const refund = standin.dashboardRefund(chargeId, 4_000);
    standin.failRefund(refund.id);
    // Only the failure reaches the desk first.
    const [updated] = eventsOf(standin, ['refund.updated']);
    expect(apply(core, updated as Stripe.Event)).toBe('applied');
    expect(refundRows(core, paymentId).map((r) => [r.amount, r.status])).toEqual([[4_000, 'failed']]);
    await catchUp(core);
    expect(refundRows(core, paymentId).map((r) => [r.amount, r.status])).toEqual([[4_000, 'failed']]);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it("Bursar's own refund (through the outbox) is matched, never recorded a second time, even when its events arrive before Stripe's answer", async () => {
    const { enrollmentId, paymentId, intentId } = await paidByCard(core, standin);
    const refund = await core.ok('refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId }, amount: 10_000, reason: 'Goodwill', preview: false, split: [{ method: 'card', amount: 10_000, paymentId }] });
    const localId = refund.refunds[0]?.id ?? '';
    // Stripe makes the refund but the answer is lost on the way back: the outbox row stays pending.
    standin.faults.dropNext(2, { when: 'after', path: '/v1/refunds', method: 'POST' });
    await core.ok('outbox:flush', {});
    expect(refundRows(core, paymentId).map((r) => r.status)).toEqual(['pending']);
    expect(standin.counters().refundsCreated).toBe(1);

    // Its events (refund.created with Bursar's metadata, charge.refunded) settle the pending refund.
    await catchUp(core);
    expect(refundRows(core, paymentId).map((r) => [r.id, r.status, r.reason])).toEqual([[localId, 'succeeded', 'Goodwill']]);
    // The outbox retry gets the same refund back (same key) and changes nothing.
    await core.ok('outbox:flush', {});
    expect(standin.counters().refundsCreated).toBe(1);
    expect(refundRows(core, paymentId)).toHaveLength(1);
    expect(outcomes(core, 'charge.refunded').map((o) => o.outcome)).toEqual(['applied']);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId });
    expect(details.refunds.map((r) => r.amount)).toEqual([10_000]);

    // A Dashboard refund of the rest of the same payment is still recorded, once.
    standin.dashboardRefund(intentId, 20_000);
    await catchUp(core);
    expect(refundRows(core, paymentId).map((r) => [r.amount, r.status])).toEqual([[10_000, 'succeeded'], [20_000, 'succeeded']]);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('a refund whose events come before its payment is recorded when the payment is', async () => {
    const { enrollmentId, itemIds } = await enrolled(core);
    const intent = await core.ok('card:createIntent', { requestId: rid('card'), enrollmentId, itemIds: [itemIds[0] ?? ''] });
    standin.pay(intent.paymentIntentId ?? '');
    const pi = standin.data().paymentIntents[intent.paymentIntentId ?? ''] as Stripe.PaymentIntent;
    const refund = standin.dashboardRefund(pi.id, 6_000);
    const [succeeded] = eventsOf(standin, ['payment_intent.succeeded']);
    const refundEvents = eventsOf(standin, ['refund.created', 'charge.refunded']);
    // The refund's events first: the payment is not on the desk yet.
    for (const e of refundEvents) expect(apply(core, e)).toBe('unmatched');
    const plan = core.store.raw.prepare(`EXPLAIN QUERY PLAN SELECT event_id FROM processed_events
      WHERE outcome = 'unmatched' AND type IN ('refund.created', 'refund.updated', 'charge.refund.updated', 'charge.refunded')
        AND json_extract(payload_json, '$.data.object.payment_intent') = ?`).all(pi.id) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX processed_events_unmatched_refunds/);

    expect(apply(core, succeeded as Stripe.Event)).toBe('applied');
    const paymentId = (core.store.raw.prepare('SELECT id FROM payments WHERE stripe_payment_intent_id = ?').get(pi.id) as { id: string }).id;
    expect(refundRows(core, paymentId).map((r) => [r.stripe_refund_id, r.amount, r.status])).toEqual([[refund.id, 6_000, 'succeeded']]);
    const after = refundEvents.map((e) => core.store.raw.prepare('SELECT outcome, detail FROM processed_events WHERE event_id = ?').get(e.id) as { outcome: string; detail: string });
    expect(after.map((a) => a.outcome)).toEqual(['applied', 'applied']);
    expect(after.every((a) => a.detail.startsWith('after its payment was recorded: '))).toBe(true);
    expect(after.map((a) => a.detail).join(' ')).toMatch(/refund re_\w+ made outside Bursar recorded as rfd_/);
    await catchUp(core);
    expect(refundRows(core, paymentId)).toHaveLength(1);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('says clearly what it cannot record: more refunded than paid, a charge that is not on this desk, Stripe unreachable', async () => {
    const { paymentId, chargeId, intentId } = await paidByCard(core, standin);
    const charge = standin.data().charges[chargeId] as Stripe.Charge;
    const event = (object: unknown, type: string, id: string) => ({ id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } }) as unknown as Stripe.Event;

    // Stripe claims more refunded than the payment received (impossible): unmatched, nothing recorded.
    expect(apply(core, event({ ...charge, amount_refunded: 30_001, refunds: { object: 'list', data: [], has_more: false } }, 'charge.refunded', 'evt_over_1'))).toBe('unmatched');
    // A refund larger than what is left of the payment: unmatched with the figures.
    const tooBig = { id: 're_too_big', object: 'refund', amount: 30_001, currency: 'usd', status: 'succeeded', charge: chargeId, payment_intent: intentId, metadata: {} };
    expect(apply(core, event(tooBig, 'refund.created', 'evt_over_2'))).toBe('unmatched');
    expect(detailOf(core, 'evt_over_2')).toMatch(/more than is left of payment .* \(30000 paid, 0 already refunded\)/);
    // A charge of another account / desk.
    expect(apply(core, event({ ...charge, id: 'ch_elsewhere', payment_intent: 'pi_elsewhere', amount_refunded: 100 }, 'charge.refunded', 'evt_other'))).toBe('unmatched');
    // Only the total (newer API versions) and Stripe could not be asked: unmatched, saying why.
    const bare: Record<string, unknown> = { ...charge, amount_refunded: 1_000 };
    delete bare['refunds'];
    expect(apply(core, event(bare, 'charge.refunded', 'evt_bare'), { error: 'connection refused' })).toBe('unmatched');
    expect(detailOf(core, 'evt_bare')).toMatch(/Stripe shows 1000 refunded on payment .*, Bursar knows 0 \(could not list the charge's refunds: connection refused\)/);
    expect(detailOf(core, 'evt_over_1')).toMatch(/more than payment .* received \(30000\)/);
    expect(refundRows(core, paymentId)).toEqual([]);
    expect((await core.ok('sync:events', { outcome: 'unmatched' })).events.length).toBeGreaterThanOrEqual(4);

    // A refund the desk cancelled (its amount went to payer credit) that Stripe says it made anyway: shown, not hidden.
    const enrollmentId = (core.store.raw.prepare('SELECT enrollment_id FROM payments WHERE id = ?').get(paymentId) as { enrollment_id: string }).enrollment_id;
    const mine = await core.ok('refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId }, amount: 2_000, reason: 'Goodwill', preview: false, split: [{ method: 'card', amount: 2_000, paymentId }] });
    const localId = mine.refunds[0]?.id ?? '';
    const row = core.store.raw.prepare('SELECT id FROM outbox ORDER BY created_at DESC LIMIT 1').get() as { id: string };
    await core.ok('outbox:cancel', { requestId: rid('c'), outboxId: row.id, reason: 'Paid back in cash instead' });
    const ghost = { id: 're_ghost', object: 'refund', amount: 2_000, currency: 'usd', status: 'succeeded', charge: chargeId, payment_intent: intentId, metadata: { bursar_refund_id: localId } };
    expect(apply(core, event(ghost, 'refund.created', 'evt_ghost'))).toBe('unmatched');
    expect(detailOf(core, 'evt_ghost')).toMatch(new RegExp(`re_ghost for refund ${localId}, which the desk had marked failed .* settle the payer's credit by hand`));
    expect(refundRows(core, paymentId).map((r) => [r.id, r.status])).toEqual([[localId, 'failed']]);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });
});

describe("a Dashboard refund through real processes: the stand-in POSTs to a relay process, the desk pulls", () => {
  let rig: SyncRig | undefined;
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
  });

  it('arrives as webhooks (refund.created and charge.refunded, each twice) and is recorded once', { timeout: 60_000 }, async () => {
    rig = await makeSyncRig();
    const { core, standin } = rig;
    const { enrollmentId, paymentId, chargeId } = await paidByCard(core, standin);
    standin.webhooks.configure({ duplicate: 2, shuffle: true, seed: 11 });
    const refund = standin.dashboardRefund(chargeId, 9_000);
    await standin.webhooks.idle();
    const delivered = standin.webhooks.deliveries().filter((d) => d.status === 200).map((d) => d.eventId);
    for (const e of eventsOf(standin, ['refund.created', 'charge.refunded'])) expect(delivered).toContain(e.id);

    for (let i = 0; i < 50 && refundRows(core, paymentId).length === 0; i += 1) {
      await core.ok('sync:now', {});
      if (refundRows(core, paymentId).length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    await core.ok('sync:now', {});
    expect(refundRows(core, paymentId).map((r) => [r.stripe_refund_id, r.amount, r.status])).toEqual([[refund.id, 9_000, 'succeeded']]);
    const relayed = core.store.raw.prepare(`SELECT type, outcome, source FROM processed_events WHERE type IN ('refund.created', 'charge.refunded') ORDER BY type`).all();
    expect(relayed).toEqual([
      { type: 'charge.refunded', outcome: 'applied', source: expect.any(String) },
      { type: 'refund.created', outcome: 'applied', source: expect.any(String) },
    ]);
    expect((relayed as { source: string }[]).some((r) => r.source === 'relay')).toBe(true);
    expect((await core.ok('enrollments:paymentDetails', { enrollmentId })).refunds.map((r) => r.amount)).toEqual([9_000]);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });
});
