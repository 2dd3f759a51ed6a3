/**
 * Deterministic Stripe event payloads for the harness (the desk-apply bench and the
 * desk-killed-mid-apply crash test): the i-th event of a stream labelled `label`, shaped like
 * Stripe's (`object: 'event'`, `data.object` a payment intent, a charge or a subscription with
 * the usual fields), about 1.5 kB like the real ones. Objects repeat now and then, so some
 * events are older than one already applied for the same object.
 */
const TYPES = ['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded', 'customer.subscription.updated', 'invoice.paid'] as const;

export function stripeEventPayload(label: string, i: number, createdBase = 1_760_000_000): string {
  const type = TYPES[i % TYPES.length] ?? 'payment_intent.succeeded';
  const objectNo = i % 7 === 6 ? i - 3 : i;
  const created = createdBase + i;
  const amount = 1_000 + ((i * 7_919) % 90_000);
  const object =
    type.startsWith('payment_intent')
      ? { id: `pi_${label}_${objectNo}`, object: 'payment_intent', amount, amount_received: type.endsWith('succeeded') ? amount : 0, currency: 'usd', status: type.endsWith('succeeded') ? 'succeeded' : 'requires_payment_method', customer: `cus_${label}_${objectNo % 1_000}`, latest_charge: `ch_${label}_${objectNo}`, payment_method_types: ['card'], capture_method: 'automatic', confirmation_method: 'automatic', created, livemode: false, metadata: { bursar_enrollment_id: `enr_${label}_${objectNo % 5_000}`, bursar_item_ids: `itm_${label}_${objectNo}`, desk: 'FRONT1' }, last_payment_error: type.endsWith('failed') ? { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' } : null }
      : type === 'charge.refunded'
        ? { id: `ch_${label}_${objectNo}`, object: 'charge', amount, amount_refunded: Math.floor(amount / 2), currency: 'usd', payment_intent: `pi_${label}_${objectNo}`, refunded: false, status: 'succeeded', created, livemode: false, metadata: {}, billing_details: { address: { city: null, country: 'US', line1: null, line2: null, postal_code: '94107', state: null }, email: null, name: null, phone: null } }
        : type === 'invoice.paid'
          ? { id: `in_${label}_${objectNo}`, object: 'invoice', amount_due: amount, amount_paid: amount, amount_remaining: 0, currency: 'usd', customer: `cus_${label}_${objectNo % 1_000}`, status: 'paid', subscription: `sub_${label}_${objectNo % 500}`, hosted_invoice_url: `https://invoice.stripe.com/i/acct_test/${label}${objectNo}`, created, livemode: false, metadata: { bursar_enrollment_id: `enr_${label}_${objectNo % 5_000}` } }
          : { id: `sub_${label}_${objectNo % 500}`, object: 'subscription', status: 'active', customer: `cus_${label}_${objectNo % 1_000}`, current_period_start: created, current_period_end: created + 2_592_000, cancel_at_period_end: false, created, livemode: false, metadata: { bursar_enrollment_id: `enr_${label}_${objectNo % 5_000}` }, items: { object: 'list', data: [{ id: `si_${label}_${objectNo % 500}`, object: 'subscription_item', price: { id: `price_${label}_1`, object: 'price', unit_amount: amount, currency: 'usd', recurring: { interval: 'month', interval_count: 1 } }, quantity: 1 }], has_more: false } };
  return JSON.stringify({ id: `evt_${label}_${i}`, object: 'event', api_version: '2025-01-27.acacia', created, livemode: false, pending_webhooks: 1, request: { id: `req_${label}_${i}`, idempotency_key: `bursar-${label}-${i}` }, type, data: { object } });
}
