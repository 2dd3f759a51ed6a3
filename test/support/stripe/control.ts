import type Stripe from 'stripe';
import { payCheckoutSession } from './checkout';
import type { Engine } from './engine';
import { invalidParam, invalidRequest, noSuch } from './errors';
import { formatAmount, TEST_PAYMENT_METHODS } from './paymentMethods';
import { completeAuthentication, confirmPaymentIntent, payInvoice } from './payments';
import type { AuthenticationOutcome } from './payments';

export type PayOptions = { paymentMethod?: string; authentication?: AuthenticationOutcome };

const OUTCOMES = ['complete', 'fail', 'leave'] as const;

export function authenticationOutcome(value: string | undefined): AuthenticationOutcome {
  if (value === undefined) return 'complete';
  if (!(OUTCOMES as readonly string[]).includes(value)) throw invalidParam('authentication', 'authentication must be complete, fail or leave', 'parameter_invalid_string');
  return value as AuthenticationOutcome;
}

/**
 * "The student paid on their own device": pays a payment intent, an invoice (hosted page) or a
 * checkout session with a test card. A 3-D Secure card is authenticated unless told otherwise.
 */
export function payAsCustomer(engine: Engine, id: string, options: PayOptions): Stripe.PaymentIntent | Stripe.Invoice | Stripe.Checkout.Session {
  const paymentMethod = options.paymentMethod ?? 'pm_card_visa';
  const authentication = options.authentication ?? 'complete';
  if (id.startsWith('pi_')) {
    const pi = engine.data.paymentIntents[id];
    if (!pi) throw noSuch('payment_intent', id, 'intent');
    if (pi.status === 'requires_action' && options.paymentMethod === undefined) return completeAuthentication(engine, pi, authentication);
    return confirmPaymentIntent(engine, pi, { paymentMethod, authentication });
  }
  if (id.startsWith('in_')) {
    const invoice = engine.data.invoices[id];
    if (!invoice) throw noSuch('invoice', id);
    return payInvoice(engine, invoice, { paymentMethod, authentication, onSession: true });
  }
  if (id.startsWith('cs_')) {
    const session = engine.data.checkoutSessions[id];
    const plan = engine.data.checkoutPlans[id];
    if (!session || !plan) throw noSuch('checkout.session', id, 'session');
    return payCheckoutSession(engine, session, plan, paymentMethod, authentication);
  }
  throw invalidRequest(`The stand-in can pay payment intents (pi_), invoices (in_) and checkout sessions (cs_), not '${id}'.`);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A bare page standing in for Stripe's hosted invoice / Checkout page, so a QR code has somewhere to go. */
export function hostedPage(engine: Engine, id: string): string | null {
  const invoice = id.startsWith('in_') ? engine.data.invoices[id] : undefined;
  const session = id.startsWith('cs_') ? engine.data.checkoutSessions[id] : undefined;
  if (!invoice && !session) return null;
  const amount = invoice ? invoice.amount_remaining : (session?.amount_total ?? 0);
  const currency = invoice ? invoice.currency : (session?.currency ?? 'usd');
  const status = invoice ? String(invoice.status) : `${String(session?.status)} / ${String(session?.payment_status)}`;
  const open = invoice ? invoice.status === 'open' : session?.status === 'open';
  const buttons = open
    ? Object.keys(TEST_PAYMENT_METHODS)
        .map(
          (pm) =>
            `<form method="post" action="/_standin/pay/${escapeHtml(id)}"><input type="hidden" name="payment_method" value="${pm}"><button type="submit">Pay with ${pm}</button></form>`,
        )
        .join('\n')
    : '<p>Nothing to pay.</p>';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Stand-in Stripe — ${escapeHtml(id)}</title></head>
<body><h1>${invoice ? `Invoice ${escapeHtml(invoice.number ?? id)}` : 'Checkout'}</h1>
<p id="amount">${escapeHtml(formatAmount(amount, currency))}</p><p id="status">${escapeHtml(status)}</p>
${buttons}</body></html>`;
}
