import type Stripe from 'stripe';
import { applyEvent } from '../../../electron/sync/applyEvent';
import type { ApplyResult } from '../../../electron/sync/applyEvent';
import type { TestCore } from '../core';
import { rid } from '../core';
import type { StripeStandin } from '../stripe/server';

/** A product with a monthly subscription plan (`count` periods, or open-ended) and a payer enrolled in it. */
export async function subscribed(core: TestCore, count: number | null = 3, periodAmount = 5_000): Promise<{ enrollmentId: string; payerId: string; itemIds: string[] }> {
  const product = await core.ok('products:create', { requestId: rid('p'), product: { type: 'program', name: 'Gym', price: periodAmount, currency: 'USD' } });
  const plan = await core.ok('plans:create', { requestId: rid('pl'), plan: { productId: product.id, name: 'Monthly', terms: { kind: 'subscription', firstDue: { rule: 'enrollment_date' }, interval: 'monthly', periodAmount, count } } });
  const payer = await core.ok('payers:create', { requestId: rid('y'), payer: { name: 'Sub Payer', email: 'sub.payer@example.org' } });
  const e = await core.ok('enrollments:create', { requestId: rid('e'), payerId: payer.id, productId: product.id, planId: plan.id });
  return { enrollmentId: e.enrollment.id, payerId: payer.id, itemIds: e.items.map((i) => i.id) };
}

/** The stand-in's events about one object (by `data.object.id` or an invoice payment's invoice), oldest first. */
export function eventsAbout(standin: StripeStandin, objectId: string, types?: string[]): Stripe.Event[] {
  return standin.events().filter((e) => {
    const o = e.data.object as { id?: string; invoice?: string };
    return (o.id === objectId || o.invoice === objectId) && (!types || types.includes(e.type));
  });
}

/** Applies events as the sync worker would (relay source), returning each outcome. */
export function applyAll(core: TestCore, events: readonly Stripe.Event[], now: () => Date = () => new Date()): ApplyResult['outcome'][] {
  return events.map((e) => applyEvent(core.store, core.services.eventHandlers, now, JSON.stringify(e), 'relay', null).outcome);
}
