import { AppError } from '../../core/errors';
import type { Store } from '../../store/store';
import { sql } from '../../store/sql';
import type { EventContext, EventHandlers } from '../../sync/eventHandlers';
import { findPaymentByIntent } from '../payments/paymentsRepo';
import { recordCardPayment } from '../payments/cardPayments';
import { refundedOfPayment } from '../refunds/refundsRepo';
import { applyStripeRefund, findCardPayment, refundFactsOf } from '../refunds/stripeRefundEvents';
import type { StripeRefundFacts } from '../refunds/stripeRefundEvents';
import { settleInvoiceByIntent } from '../billing/invoiceSettlement';
import { updateCardRequest } from './cardRequests';

type IntentObject = {
  id: string;
  amount_received?: number;
  currency?: string;
  latest_charge?: string | { id: string } | null;
  metadata?: Record<string, string>;
  last_payment_error?: { message?: string } | null;
};

type ChargeObject = { id: string; payment_intent?: string | null; amount_refunded?: number; currency?: string; refunds?: { data?: unknown[]; has_more?: boolean } | null };

/** Records a Stripe card payment on the desk (webhook, catch-up or a status check): once per intent. */
export function applySucceededIntent(ctx: Pick<EventContext, 'store' | 'now'>, pi: IntentObject, createdSeconds: number): { outcome: 'applied' | 'unmatched'; detail?: string } {
  const enrollmentId = pi.metadata?.bursar_enrollment;
  if (!enrollmentId) {
    // An invoice's intent carries no Bursar metadata: it pays a Stripe invoice the desk sent (billing).
    const invoice = settleInvoiceByIntent(ctx.store, pi.id, { amount: pi.amount_received ?? 0, currency: pi.currency ?? '', paidAtSeconds: createdSeconds }, ctx.now());
    if (invoice) return { outcome: 'applied', detail: invoice };
    return { outcome: 'unmatched', detail: 'payment was not started by Bursar (no enrollment in metadata)' };
  }
  try {
    const { payment, created } = recordCardPayment(
      ctx.store,
      {
        paymentIntentId: pi.id,
        chargeId: typeof pi.latest_charge === 'string' ? pi.latest_charge : (pi.latest_charge?.id ?? null),
        enrollmentId,
        amount: pi.amount_received ?? 0,
        currency: (pi.currency ?? '').toUpperCase(),
        receivedAt: new Date(createdSeconds * 1000),
        itemIds: pi.metadata?.bursar_items ? pi.metadata.bursar_items.split(',').filter(Boolean) : undefined,
      },
      { now: ctx.now() },
    );
    const requestId = pi.metadata?.bursar_card_request;
    if (requestId) updateCardRequest(ctx.store, requestId, { paymentIntentId: pi.id, status: 'paid' }, ctx.now());
    if (created) settleEarlierRefundEvents(ctx.store, pi.id, ctx.now());
    return { outcome: 'applied', detail: created ? `payment ${payment.id}, receipt ${payment.receipt.number}` : `already recorded as ${payment.id}` };
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'VALIDATION')) return { outcome: 'unmatched', detail: e.message };
    throw e;
  }
}

/**
 * Refund events applied before their payment was on the desk (out of order) were kept
 * `unmatched`; now that the payment is recorded, they are brought in (migration 0009 indexes
 * exactly these rows). A `charge.refunded` among them counts only with the refunds it embeds:
 * Stripe cannot be asked inside this transaction, and its refunds' own events do the rest.
 */
function settleEarlierRefundEvents(store: Store, paymentIntentId: string, at: Date): void {
  const rows = store.all<{ event_id: string; type: string; payload_json: string }>(sql`SELECT event_id, type, payload_json FROM processed_events
    WHERE outcome = 'unmatched' AND type IN ('refund.created', 'refund.updated', 'charge.refund.updated', 'charge.refunded')
      AND json_extract(payload_json, '$.data.object.payment_intent') = ${paymentIntentId}
    ORDER BY created, event_id`);
  for (const row of rows) {
    const object: unknown = (JSON.parse(row.payload_json) as { data?: { object?: unknown } }).data?.object;
    const refunds = row.type === 'charge.refunded' ? embeddedRefunds(object as ChargeObject) : [refundFactsOf(object)];
    if (!refunds || refunds.some((r) => r === null)) continue;
    const results = refunds.flatMap((r) => (r ? [applyStripeRefund(store, r, { eventId: row.event_id, at })] : []));
    if (results.length === 0 || results.some((r) => r.outcome === 'unmatched')) continue;
    const detail = `after its payment was recorded: ${results.map((r) => r.detail).join('; ')}`.slice(0, 2000);
    store.run(sql`UPDATE processed_events SET outcome = 'applied', detail = ${detail} WHERE event_id = ${row.event_id}`);
  }
}

function onRefund(ctx: EventContext) {
  const refund = refundFactsOf(ctx.event.data.object);
  if (!refund) return { outcome: 'unmatched' as const, detail: 'the event does not carry a refund' };
  return applyStripeRefund(ctx.store, refund, { eventId: ctx.event.id, at: ctx.now() });
}

/** What the `charge.refunded` prefetcher hands its handler: Stripe's current refunds of the charge, or why not. */
type ChargeRefundsFetch = { refunds: StripeRefundFacts[] } | { error: string };

const isChargeRefundsFetch = (v: unknown): v is ChargeRefundsFetch =>
  typeof v === 'object' && v !== null && (Array.isArray((v as { refunds?: unknown }).refunds) || typeof (v as { error?: unknown }).error === 'string');

/** The refunds listed inside the charge itself (older API versions embed them), when the list is whole. */
function embeddedRefunds(charge: ChargeObject): StripeRefundFacts[] | null {
  const list = charge.refunds;
  if (!list || !Array.isArray(list.data) || list.has_more) return null;
  const facts = list.data.map(refundFactsOf);
  return facts.every((f): f is StripeRefundFacts => f !== null) ? facts : null;
}

/**
 * A charge was refunded (in full or in part), by Bursar's outbox or in Stripe's Dashboard. The
 * event carries only `amount_refunded`, so each refund is taken from Stripe's current list of the
 * charge's refunds (fetched before the transaction), or from the list the charge embeds, and
 * brought in one by one exactly as its own refund event would be.
 */
function onChargeRefunded(ctx: EventContext) {
  const charge = ctx.event.data.object as unknown as ChargeObject;
  const payment = findCardPayment(ctx.store, { paymentIntentId: typeof charge.payment_intent === 'string' ? charge.payment_intent : null, chargeId: charge.id });
  if (!payment) return { outcome: 'unmatched' as const, detail: `charge ${charge.id} is not a payment on this desk` };
  const atStripe = charge.amount_refunded ?? 0;
  if (atStripe > payment.amount) {
    return { outcome: 'unmatched' as const, detail: `Stripe shows ${atStripe} refunded on charge ${charge.id}, more than payment ${payment.id} received (${payment.amount}): nothing recorded; check the charge in Stripe's Dashboard` };
  }
  const fetched = isChargeRefundsFetch(ctx.prefetched) ? ctx.prefetched : null;
  const refunds = fetched && 'refunds' in fetched ? fetched.refunds : embeddedRefunds(charge);
  if (!refunds) {
    const known = refundedOfPayment(ctx.store, payment.id);
    if (atStripe <= known) return { outcome: 'applied' as const, detail: `refunds of payment ${payment.id} match` };
    const why = fetched && 'error' in fetched ? `could not list the charge's refunds: ${fetched.error}` : 'Stripe is not configured, so its refunds could not be listed';
    return { outcome: 'unmatched' as const, detail: `Stripe shows ${atStripe} refunded on payment ${payment.id}, Bursar knows ${known} (${why}); the refund is recorded when its refund event arrives` };
  }
  const results = refunds.map((r) => applyStripeRefund(ctx.store, r, { eventId: ctx.event.id, at: ctx.now() }));
  const unmatched = results.filter((r) => r.outcome === 'unmatched');
  const detail = results.length === 0 ? `no refunds listed for charge ${charge.id}` : results.map((r) => r.detail).join('; ');
  return { outcome: unmatched.length > 0 ? ('unmatched' as const) : ('applied' as const), detail: detail.slice(0, 2000) };
}

export function registerCardEventHandlers(handlers: EventHandlers): void {
  handlers.register('payment_intent.succeeded', (ctx) => applySucceededIntent(ctx, ctx.event.data.object as unknown as IntentObject, ctx.event.created));
  handlers.register('payment_intent.payment_failed', (ctx) => {
    const pi = ctx.event.data.object as unknown as IntentObject;
    const requestId = pi.metadata?.bursar_card_request;
    if (!requestId || !ctx.store.get(sql`SELECT 1 AS x FROM card_requests WHERE id = ${requestId}`)) return { outcome: 'unmatched', detail: 'payment was not started by Bursar' };
    // A later success (a second try with another card) wins: never mark a paid request failed.
    if (findPaymentByIntent(ctx.store, pi.id)) return { outcome: 'stale', detail: 'already paid' };
    updateCardRequest(ctx.store, requestId, { paymentIntentId: pi.id, status: 'failed', failureMessage: pi.last_payment_error?.message ?? 'The card payment failed' }, ctx.now());
    return { outcome: 'applied', detail: pi.last_payment_error?.message ?? 'payment failed' };
  });
  handlers.register('refund.created', onRefund);
  handlers.register('refund.updated', onRefund);
  handlers.register('charge.refund.updated', onRefund);
  handlers.register('charge.refunded', onChargeRefunded);
  handlers.registerPrefetch('charge.refunded', async (event, { store, stripe }) => {
    const charge = event.data.object as unknown as ChargeObject;
    // Only a charge of this desk is worth a call to Stripe.
    if (!findCardPayment(store, { paymentIntentId: typeof charge.payment_intent === 'string' ? charge.payment_intent : null, chargeId: charge.id })) return undefined;
    try {
      const listed = await stripe.listChargeRefunds(charge.id);
      return { refunds: listed.map(refundFactsOf).filter((f): f is StripeRefundFacts => f !== null) } satisfies ChargeRefundsFetch;
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) } satisfies ChargeRefundsFetch;
    }
  });
}
