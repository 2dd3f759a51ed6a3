import QRCode from 'qrcode';
import { refuseAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import type { HandlerContext } from '../../core/handlers';
import type { StripeGateway } from '../../stripe/gateway';
import { getPayer } from '../payers/payersRepo';
import { readSettings } from '../settings/settingsRepo';
import { cardMetadata, cardRequestId, findCardRequest, getCardRequest, insertCardRequest, payableItems, rememberCustomer, storedCustomerId, toCardView, updateCardRequest } from './cardRequests';
import type { CardRequestRow } from './cardRequests';
import { applySucceededIntent } from './stripeEvents';

/** Where a student lands after paying on Stripe's page (Stripe needs one; the desk itself has no web page). */
const SUCCESS_URL = process.env.BURSAR_PAYMENT_SUCCESS_URL ?? 'https://stripe.com/payments/checkout';

function gatewayOf(ctx: HandlerContext): StripeGateway {
  const gateway = ctx.services.stripe();
  if (!gateway) throw refuseAs('UNAVAILABLE', 'stripe.cardsOff', {});
  return gateway;
}

/**
 * The local row first (its id comes from the request id), then Stripe with a key derived
 * from it: a retry after a crash or a lost answer reaches the same intent or link.
 */
async function prepare(ctx: HandlerContext, kind: 'intent' | 'link', input: { requestId: string; enrollmentId: string; itemIds?: string[] | undefined }): Promise<{ row: CardRequestRow; gateway: StripeGateway; customerId: string }> {
  const gateway = gatewayOf(ctx);
  const id = cardRequestId(input.requestId);
  if (!findCardRequest(ctx.store, id)) {
    const target = payableItems(ctx.store, input.enrollmentId, input.itemIds);
    ctx.store.transaction(() => {
      insertCardRequest(ctx.store, { id, kind, enrollment_id: input.enrollmentId, payer_id: target.payerId, amount: target.amount, currency: target.currency, itemIds: target.itemIds }, ctx.now());
      ctx.audit({ action: `card.${kind}`, entityType: 'enrollment', entityId: input.enrollmentId, after: { cardRequest: id, amount: target.amount, currency: target.currency, items: target.itemIds } });
    });
  }
  const row = getCardRequest(ctx.store, id);
  const payer = getPayer(ctx.store, row.payer_id);
  const customerId = await gateway.getOrCreateCustomer(payer, storedCustomerId(ctx.store, payer.id));
  ctx.store.transaction(() => rememberCustomer(ctx.store, payer.id, customerId, ctx.now()));
  return { row, gateway, customerId };
}

const metadataOf = (ctx: HandlerContext, row: CardRequestRow) =>
  cardMetadata({ id: row.id, enrollmentId: row.enrollment_id, itemIds: JSON.parse(row.item_ids_json) as string[], desk: readSettings(ctx.store).deskCode });

export const cardHandlers = defineHandlers({
  'card:createIntent': {
    kind: 'action',
    access: 'staff',
    run: async (input, ctx) => {
      const { row, gateway, customerId } = await prepare(ctx, 'intent', input);
      const intent = await gateway.createPaymentIntent({ key: `bursar-intent-${row.id}`, customerId, amount: row.amount, currency: row.currency, description: `Bursar ${row.enrollment_id}`, metadata: metadataOf(ctx, row) });
      ctx.store.transaction(() => updateCardRequest(ctx.store, row.id, { paymentIntentId: intent.id, status: row.status === 'creating' ? 'open' : row.status }, ctx.now()));
      return toCardView(ctx.store, getCardRequest(ctx.store, row.id));
    },
  },
  'card:paymentLink': {
    kind: 'action',
    access: 'staff',
    run: async (input, ctx) => {
      const { row, gateway, customerId } = await prepare(ctx, 'link', input);
      const name = `Tuition ${row.enrollment_id}`;
      const session = await gateway.createCheckoutSession({ key: `bursar-link-${row.id}`, customerId, amount: row.amount, currency: row.currency, name, metadata: metadataOf(ctx, row), successUrl: SUCCESS_URL });
      ctx.store.transaction(() => updateCardRequest(ctx.store, row.id, { checkoutSessionId: session.id, url: session.url, status: row.status === 'creating' ? 'open' : row.status }, ctx.now()));
      const qrSvg = await QRCode.toString(session.url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { ...toCardView(ctx.store, getCardRequest(ctx.store, row.id)), qrSvg };
    },
  },
  'card:intentStatus': {
    kind: 'action',
    access: 'staff',
    run: async (input, ctx) => {
      const row = getCardRequest(ctx.store, input.cardRequestId);
      const view = toCardView(ctx.store, row);
      if (view.status === 'paid') return view;
      const gateway = gatewayOf(ctx);
      let intentId = row.payment_intent_id;
      if (!intentId && row.checkout_session_id) intentId = (await gateway.retrieveCheckoutSession(row.checkout_session_id)).paymentIntentId;
      if (!intentId) return view;
      const intent = await gateway.retrievePaymentIntent(intentId);
      ctx.store.transaction(() => {
        if (intent.status === 'succeeded') {
          // The same path as the webhook: recorded once, whichever comes first.
          applySucceededIntent({ store: ctx.store, now: ctx.now }, { id: intent.id, amount_received: intent.amountReceived, currency: intent.currency, latest_charge: intent.latestChargeId, metadata: intent.metadata }, Math.floor(ctx.now().getTime() / 1000));
        } else if (intent.failureMessage) {
          updateCardRequest(ctx.store, row.id, { paymentIntentId: intent.id, status: 'failed', failureMessage: intent.failureMessage }, ctx.now());
        } else {
          updateCardRequest(ctx.store, row.id, { paymentIntentId: intent.id, status: 'open' }, ctx.now());
        }
      });
      const after = toCardView(ctx.store, getCardRequest(ctx.store, row.id));
      // A payment recorded by this check changes balances on every open screen.
      if (after.status === 'paid') ctx.services.notify('card:intentStatus');
      return after;
    },
  },
});
