import type Stripe from 'stripe';
import { newId } from '../ids';

/** The event types the stand-in emits; each maps to its SDK event type so `data.object` is checked. */
export const EMITTED_EVENT_TYPES = [
  'customer.created',
  'customer.updated',
  'product.created',
  'price.created',
  'payment_intent.created',
  'payment_intent.requires_action',
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'charge.succeeded',
  'charge.failed',
  'charge.refunded',
  'refund.created',
  'refund.updated',
  'charge.refund.updated',
  'invoiceitem.created',
  'invoice.created',
  'invoice.finalized',
  'invoice.sent',
  'invoice.updated',
  'invoice.paid',
  'invoice.payment_succeeded',
  'invoice.payment_failed',
  'invoice.payment_action_required',
  'invoice_payment.paid',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'checkout.session.completed',
  'checkout.session.expired',
] as const;

export type EmittedEventType = (typeof EMITTED_EVENT_TYPES)[number];
export type EventOf<T extends EmittedEventType> = Extract<Stripe.Event, { type: T }>;
export type EventObjectOf<T extends EmittedEventType> = EventOf<T>['data']['object'];

export function buildEvent<T extends EmittedEventType>(
  type: T,
  object: EventObjectOf<T>,
  previousAttributes: Record<string, unknown> | undefined,
  meta: { created: number; apiVersion: string; pendingWebhooks: number; request: { id: string | null; idempotency_key: string | null } },
): EventOf<T> {
  const event = {
    id: newId('evt'),
    object: 'event',
    api_version: meta.apiVersion,
    created: meta.created,
    data: previousAttributes ? { object, previous_attributes: previousAttributes } : { object },
    livemode: false,
    pending_webhooks: meta.pendingWebhooks,
    request: meta.request,
    type,
  } satisfies Stripe.EventBase;
  // The union member for T cannot be narrowed from a generic literal; the `satisfies` above checks the shape.
  return event as unknown as EventOf<T>;
}
