import { notFound, refuseAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import type { HandlerContext } from '../../core/handlers';
import { sql } from '../../store/sql';
import type { BillingInterval, StripeGateway } from '../../stripe/gateway';
import { getPayer } from '../payers/payersRepo';
import { getEnrollment } from '../enrollments/enrollmentsRepo';
import { getPlan } from '../plans/plansRepo';
import { getProduct } from '../products/productsRepo';
import { readSettings } from '../settings/settingsRepo';
import { payableItems, rememberCustomer, storedCustomerId } from '../card/cardRequests';
import {
  findInvoiceRow,
  findSubscriptionRow,
  getInvoiceRow,
  insertInvoiceRow,
  insertSubscriptionRow,
  invoiceRowId,
  invoicesOfEnrollment,
  latestSubscriptionOf,
  liveSubscriptionOf,
  noteStripeInvoice,
  subscriptionInvoiceRowId,
  subscriptionRowId,
  toInvoiceView,
  toSubscriptionView,
} from './billingRepo';
import type { SubscriptionRow } from './billingRepo';
import { settleInvoice } from './invoiceSettlement';
import { listDelinquent } from './delinquent';
import { applySubscriptionStatus, isSubscriptionStatus } from './subscriptionStatus';

function gatewayOf(ctx: HandlerContext): StripeGateway {
  const gateway = ctx.services.stripe();
  if (!gateway) throw refuseAs('UNAVAILABLE', 'stripe.billingOff', {});
  return gateway;
}

async function customerFor(ctx: HandlerContext, gateway: StripeGateway, payerId: string): Promise<string> {
  const payer = getPayer(ctx.store, payerId);
  const customerId = await gateway.getOrCreateCustomer(payer, storedCustomerId(ctx.store, payer.id));
  ctx.store.transaction(() => rememberCustomer(ctx.store, payer.id, customerId, ctx.now()));
  return customerId;
}

/** The cached Price for a plan's period amount, made at Stripe the first time. */
async function priceFor(ctx: HandlerContext, gateway: StripeGateway, p: { planId: string; name: string; amount: number; currency: string; interval: BillingInterval }): Promise<string> {
  const cached = ctx.store.get<{ price_id: string }>(sql`SELECT price_id FROM stripe_prices WHERE plan_id = ${p.planId} AND amount = ${p.amount} AND currency = ${p.currency} AND interval = ${p.interval}`);
  if (cached) return cached.price_id;
  const made = await gateway.ensurePrice(p);
  ctx.store.transaction(() =>
    ctx.store.run(sql`INSERT INTO stripe_prices (plan_id, amount, currency, interval, product_id, price_id, created_at)
      VALUES (${p.planId}, ${p.amount}, ${p.currency}, ${p.interval}, ${made.productId}, ${made.priceId}, ${ctx.now().toISOString()})
      ON CONFLICT DO NOTHING`),
  );
  return made.priceId;
}

/**
 * Reads an invoice back from Stripe and records it on the desk: the hosted link, its payment
 * intent, and — if the payer was quicker than this call — the payment, once.
 */
async function syncInvoice(ctx: HandlerContext, gateway: StripeGateway, rowId: string, invoiceId: string): Promise<void> {
  const invoice = await gateway.retrieveInvoice(invoiceId);
  const payments = await gateway.listInvoicePayments(invoiceId);
  const paid = payments.find((p) => p.status === 'paid');
  const intent = paid?.paymentIntentId ?? payments[0]?.paymentIntentId ?? null;
  const status = invoice.status === 'paid' || invoice.status === 'void' || invoice.status === 'uncollectible' ? invoice.status : 'open';
  ctx.store.transaction(() => {
    noteStripeInvoice(ctx.store, rowId, { invoiceId, hostedUrl: invoice.hostedUrl, paymentIntentId: intent, status }, ctx.now());
    if (status === 'paid' && paid) settleInvoice(ctx.store, rowId, { paymentIntentId: paid.paymentIntentId, amount: paid.amountPaid ?? invoice.amountPaid, currency: invoice.currency, paidAtSeconds: Math.floor(ctx.now().getTime() / 1000) }, ctx.now());
  });
}

/**
 * Items already on an open invoice are not invoiced twice (the student could pay both): named
 * ones are refused, and "everything owed" leaves them out.
 */
function withoutInvoiced(ctx: HandlerContext, enrollmentId: string, itemIds: string[] | undefined): string[] | undefined {
  const onOpen = new Map<string, string>();
  for (const r of ctx.store.all<{ item_ids_json: string; invoice_id: string | null; id: string }>(sql`SELECT item_ids_json, invoice_id, id FROM stripe_invoices WHERE enrollment_id = ${enrollmentId} AND status IN ('creating', 'open')`)) {
    for (const item of JSON.parse(r.item_ids_json) as string[]) onOpen.set(item, r.invoice_id ?? r.id);
  }
  if (itemIds) {
    const taken = itemIds.find((i) => onOpen.has(i));
    if (taken) throw refuseAs('CONFLICT', 'invoice.itemOnOpen', {}, { invoiceId: onOpen.get(taken) ?? null });
    return itemIds;
  }
  if (onOpen.size === 0) return undefined;
  const rest = payableItems(ctx.store, enrollmentId, undefined).itemIds.filter((i) => !onOpen.has(i));
  if (rest.length === 0) throw refuseAs('CONFLICT', 'invoice.allOnOpen', {});
  return rest;
}

function subscriptionOf(ctx: HandlerContext, enrollmentId: string): SubscriptionRow {
  const row = liveSubscriptionOf(ctx.store, enrollmentId) ?? latestSubscriptionOf(ctx.store, enrollmentId);
  if (!row) throw notFound('Subscription', enrollmentId);
  return row;
}

export const billingHandlers = defineHandlers({
  'subscriptions:create': {
    kind: 'action',
    access: 'staff',
    run: async (input, ctx) => {
      const gateway = gatewayOf(ctx);
      const enrollment = getEnrollment(ctx.store, input.enrollmentId);
      // A start that never finished (Stripe unreachable) is resumed with its own keys, not blocked.
      const unfinished = liveSubscriptionOf(ctx.store, enrollment.id);
      const id = unfinished?.status === 'creating' ? unfinished.id : subscriptionRowId(input.requestId);
      if (!findSubscriptionRow(ctx.store, id)) {
        const plan = getPlan(ctx.store, enrollment.planId);
        if (plan.terms.kind !== 'subscription') throw refuseAs('CONFLICT', 'subscription.planNotSubscription', { plan: plan.name }, { enrollmentId: enrollment.id });
        if (enrollment.status !== 'active') throw refuseAs('CONFLICT', 'enrollment.noNewSubscription', { status: enrollment.status }, { enrollmentId: enrollment.id });
        const live = liveSubscriptionOf(ctx.store, enrollment.id);
        if (live) throw refuseAs('CONFLICT', 'subscription.exists', {}, { enrollmentId: enrollment.id, status: live.status });
        const periods = plan.terms.count;
        ctx.store.transaction(() => {
          insertSubscriptionRow(ctx.store, { id, enrollmentId: enrollment.id, payerId: enrollment.payerId, periods }, ctx.now());
          ctx.audit({ action: 'subscription.create', entityType: 'enrollment', entityId: enrollment.id, after: { subscription: id, plan: plan.id, interval: plan.terms.kind === 'subscription' ? plan.terms.interval : null, periods } });
        });
      }
      const row = findSubscriptionRow(ctx.store, id);
      if (!row) throw notFound('Subscription', id);
      const plan = getPlan(ctx.store, enrollment.planId);
      if (plan.terms.kind !== 'subscription') throw refuseAs('CONFLICT', 'subscription.notSubscriptionPlan', {});
      // The period amount as the enrollment owes it (discounts applied): its first period item.
      const first = payableItems(ctx.store, enrollment.id, undefined);
      const firstItem = ctx.store.get<{ id: string; amount: number }>(sql`SELECT id, amount FROM schedule_items WHERE id IN ${sql.in(first.itemIds)} AND kind = 'period' ORDER BY seq LIMIT 1`);
      if (!firstItem) throw refuseAs('CONFLICT', 'subscription.nothingOwed', {});
      const product = getProduct(ctx.store, enrollment.productId);
      const customerId = await customerFor(ctx, gateway, row.payer_id);
      const priceId = await priceFor(ctx, gateway, { planId: plan.id, name: `${product.name} — ${plan.name}`, amount: firstItem.amount, currency: enrollment.currency, interval: plan.terms.interval });
      const sub = await gateway.createSubscription({ key: `bursar-sub-${id}`, customerId, priceId, metadata: { bursar_enrollment: enrollment.id, bursar_subscription: id, bursar_desk: readSettings(ctx.store).deskCode } });
      const invoiceRow = sub.latestInvoiceId ? subscriptionInvoiceRowId(sub.latestInvoiceId) : null;
      ctx.store.transaction(() => {
        ctx.store.run(sql`UPDATE stripe_subscriptions SET subscription_id = ${sub.id}, price_id = ${priceId}, updated_at = ${ctx.now().toISOString()} WHERE id = ${id}`);
        const current = findSubscriptionRow(ctx.store, id);
        if (current && isSubscriptionStatus(sub.status)) applySubscriptionStatus(ctx.store, current, { status: sub.status, cancelAtPeriodEnd: sub.cancelAtPeriodEnd, at: sub.created }, ctx.now());
        if (invoiceRow && sub.latestInvoiceId && !findInvoiceRow(ctx.store, invoiceRow)) {
          insertInvoiceRow(ctx.store, { id: invoiceRow, source: 'subscription', enrollmentId: enrollment.id, payerId: row.payer_id, subscriptionRowId: id, itemIds: [firstItem.id], amount: firstItem.amount, currency: enrollment.currency, invoiceId: sub.latestInvoiceId, status: 'open' }, ctx.now());
        }
      });
      if (invoiceRow && sub.latestInvoiceId) await syncInvoice(ctx, gateway, invoiceRow, sub.latestInvoiceId);
      const after = findSubscriptionRow(ctx.store, id);
      if (!after) throw notFound('Subscription', id);
      return toSubscriptionView(ctx.store, after);
    },
  },
  'subscriptions:cancel': {
    kind: 'action',
    access: 'admin',
    run: async (input, ctx) => {
      const gateway = gatewayOf(ctx);
      const row = subscriptionOf(ctx, input.enrollmentId);
      if (row.status === 'canceled' || (input.atPeriodEnd && row.cancel_at_period_end === 1)) return toSubscriptionView(ctx.store, row);
      if (!row.subscription_id) throw refuseAs('CONFLICT', 'subscription.neverCreated', {});
      const mode = input.atPeriodEnd ? 'end' : 'now';
      ctx.store.transaction(() => ctx.audit({ action: 'subscription.cancel', entityType: 'enrollment', entityId: row.enrollment_id, before: { subscription: row.id, status: row.status }, after: { subscription: row.id, mode } }));
      // Keyed by the subscription and the mode: a second cancel (another request id) reaches the same result.
      const sub = await gateway.cancelSubscription({ key: `bursar-subcancel-${row.id}-${mode}`, subscriptionId: row.subscription_id, atPeriodEnd: input.atPeriodEnd });
      ctx.store.transaction(() => {
        const current = findSubscriptionRow(ctx.store, row.id);
        // The answer is at least as new as anything Stripe sent before it.
        if (current && isSubscriptionStatus(sub.status)) applySubscriptionStatus(ctx.store, current, { status: sub.status, cancelAtPeriodEnd: sub.cancelAtPeriodEnd, at: Math.max(current.status_at, Math.floor(ctx.now().getTime() / 1000)) }, ctx.now());
      });
      const after = findSubscriptionRow(ctx.store, row.id);
      if (!after) throw notFound('Subscription', row.id);
      return toSubscriptionView(ctx.store, after);
    },
  },
  'invoices:create': {
    kind: 'action',
    access: 'staff',
    run: async (input, ctx) => {
      const gateway = gatewayOf(ctx);
      // A send that never finished (Stripe unreachable) is finished by the next one, with its own keys.
      const unfinished = ctx.store.get<{ id: string }>(sql`SELECT id FROM stripe_invoices WHERE enrollment_id = ${input.enrollmentId} AND source = 'invoice' AND status = 'creating' ORDER BY created_at LIMIT 1`);
      const id = findInvoiceRow(ctx.store, invoiceRowId(input.requestId)) ? invoiceRowId(input.requestId) : (unfinished?.id ?? invoiceRowId(input.requestId));
      if (!findInvoiceRow(ctx.store, id)) {
        const target = payableItems(ctx.store, input.enrollmentId, withoutInvoiced(ctx, input.enrollmentId, input.itemIds));
        ctx.store.transaction(() => {
          insertInvoiceRow(ctx.store, { id, source: 'invoice', enrollmentId: input.enrollmentId, payerId: target.payerId, subscriptionRowId: null, itemIds: target.itemIds, amount: target.amount, currency: target.currency, invoiceId: null, status: 'creating' }, ctx.now());
          ctx.audit({ action: 'invoice.create', entityType: 'enrollment', entityId: input.enrollmentId, after: { invoice: id, amount: target.amount, currency: target.currency, items: target.itemIds } });
        });
      }
      const row = getInvoiceRow(ctx.store, id);
      if (row.invoice_id && row.status !== 'creating') return toInvoiceView(ctx.store, row);
      const customerId = await customerFor(ctx, gateway, row.payer_id);
      const itemIds = JSON.parse(row.item_ids_json) as string[];
      const items = ctx.store.all<{ id: string; seq: number; kind: string; due_date: string; owed: number }>(
        sql`SELECT id, seq, kind, due_date, amount - paid_amount AS owed FROM schedule_items WHERE id IN ${sql.in(itemIds)}`,
      );
      const byId = new Map(items.map((i) => [i.id, i]));
      // The amounts frozen in the local row at the first attempt: a replay sends the same body.
      const shares = splitAmount(row.amount, itemIds.map((i) => byId.get(i)?.owed ?? 0));
      const lines = itemIds.map((itemId, n) => {
        const item = byId.get(itemId);
        return { itemId, amount: shares[n] ?? 0, description: item ? `Item ${item.seq} (${item.kind}) due ${item.due_date}` : `Item ${itemId}` };
      }).filter((l) => l.amount > 0);
      const invoice = await gateway.createInvoice({
        key: `bursar-invoice-${id}`,
        customerId,
        currency: row.currency,
        daysUntilDue: input.daysUntilDue,
        lines,
        metadata: { bursar_invoice: id, bursar_enrollment: row.enrollment_id, bursar_items: itemIds.join(',').slice(0, 500), bursar_desk: readSettings(ctx.store).deskCode },
      });
      await syncInvoice(ctx, gateway, id, invoice.id);
      return toInvoiceView(ctx.store, getInvoiceRow(ctx.store, id));
    },
  },
  'invoices:ofEnrollment': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => {
      getEnrollment(ctx.store, input.enrollmentId);
      const sub = latestSubscriptionOf(ctx.store, input.enrollmentId);
      return { subscription: sub ? toSubscriptionView(ctx.store, sub) : null, invoices: invoicesOfEnrollment(ctx.store, input.enrollmentId).map((r) => toInvoiceView(ctx.store, r)) };
    },
  },
  'schedules:delinquent': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => ({ items: listDelinquent(ctx.store, input.limit) }),
  },
});

/**
 * The row's total over its items, as owed when the row was written; if payments since then
 * changed what is owed, the total still goes out whole (the last line takes the difference) so
 * a replay of the request sends the same invoice.
 */
function splitAmount(total: number, owed: number[]): number[] {
  const shares = owed.map((o) => Math.max(0, o));
  const sum = shares.reduce((a, b) => a + b, 0);
  if (sum === total) return shares;
  const out = shares.map(() => 0);
  let left = total;
  for (let i = 0; i < shares.length && left > 0; i++) {
    const take = i === shares.length - 1 ? left : Math.min(shares[i] ?? 0, left);
    out[i] = take;
    left -= take;
  }
  if (left > 0 && out.length > 0) out[out.length - 1] = (out[out.length - 1] ?? 0) + left;
  return out;
}
