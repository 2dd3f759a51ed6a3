import type { PlanTerms } from '../../shared/contract/plans';
import type { Core, Session } from '../../electron/core';
import { appendAudit } from '../../electron/services/audit/auditLog';
import type { AuditEntryInput } from '../../electron/services/audit/auditLog';
import { createEnrollment } from '../../electron/services/enrollments/createEnrollment';
import { insertPayer } from '../../electron/services/payers/payersRepo';
import { addDays, dateOf } from '../../electron/services/schedules/calendar';
import { pauseItems, waiveItem } from '../../electron/services/schedules/scheduleAdmin';

export type CatalogSeedOptions = {
  enrollments: number;
  /** Distinct products (each with four plans); every payer takes two of them. */
  products?: number;
  /** Enrollments per transaction. */
  batchSize?: number;
  /** Enrollment dates spread over this many days before today, so items are due and overdue. */
  spreadDays?: number;
  /** Share of enrollments paused / with one item waived, in per mille. */
  pausedPerMille?: number;
  waivedPerMille?: number;
  /** Called after each batch with the enrollments written so far. */
  onProgress?: (done: number) => void;
  /** A [0, 1) generator; a fixed LCG by default. The seed command passes its seeded stream. */
  rand?: () => number;
  /** The clock ("today" and timestamps); the wall clock by default. */
  now?: () => Date;
  /** Currency of the p-th product (USD by default), so a store can hold several. */
  currencyOf?: (productIndex: number) => string;
  /** Prefix of the products' and plans' request ids (unique per store). */
  requestPrefix?: string;
};

export type CatalogSeedResult = { products: string[]; payers: number; enrollments: number; items: number; ms: number };

/** Four plan shapes, weighted so an enrollment averages about four schedule items. */
const PLANS: { weight: number; name: string; terms: PlanTerms }[] = [
  { weight: 2, name: 'Pay in full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } },
  { weight: 3, name: '3 monthly', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } },
  { weight: 3, name: '20 % deposit + 4 biweekly', terms: { kind: 'installments', deposit: { kind: 'percent', basisPoints: 2_000 }, count: 4, interval: 'biweekly', firstDue: { rule: 'enrollment_date' } } },
  { weight: 2, name: 'Monthly x6', terms: { kind: 'subscription', interval: 'monthly', periodAmount: null, count: 6, firstDue: { rule: 'enrollment_date' } } },
];
const PLAN_WHEEL = PLANS.flatMap((p, i) => Array.from({ length: p.weight }, () => i));

/** A small deterministic generator, so two runs build the same store. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Builds a realistic store quickly through the same services the handlers use:
 * products and plans through `invoke`, then payers and enrollments (with their schedules,
 * checks and audit entries) through `createEnrollment` in batched transactions — the
 * only difference from the channel is one transaction per batch instead of per call.
 */
export async function seedCatalog(core: Core, admin: Session, options: CatalogSeedOptions): Promise<CatalogSeedResult> {
  const started = performance.now();
  const productCount = options.products ?? 50;
  const batchSize = options.batchSize ?? 1_000;
  const spread = options.spreadDays ?? 365;
  const rand = options.rand ?? lcg(42);
  const now = options.now ?? (() => new Date());
  const today = dateOf(now());
  const prefix = options.requestPrefix ?? `seed-${Date.now()}`;

  const products: string[] = [];
  const planIds: string[][] = [];
  for (let p = 0; p < productCount; p++) {
    const created = await core.invoke('products:create', {
      requestId: `${prefix}-product-${p}`,
      product: { type: p % 3 === 0 ? 'program' : 'course', name: `Seed ${p % 3 === 0 ? 'Program' : 'Course'} ${p}`, externalId: `SEED-${p}`, price: 10_000 + Math.floor(rand() * 500_000), currency: options.currencyOf?.(p) ?? 'USD', startDate: addDays(today, -spread + p * 7) },
    }, admin);
    if (!created.ok) throw new Error(`seed product: ${created.error.message}`);
    products.push(created.value.id);
    const ids: string[] = [];
    for (const plan of PLANS) {
      const r = await core.invoke('plans:create', { requestId: `${prefix}-plan-${p}-${PLANS.indexOf(plan)}`, plan: { productId: created.value.id, name: plan.name, terms: plan.terms, lateFee: { amount: 2_500, graceDays: 7 } } }, admin);
      if (!r.ok) throw new Error(`seed plan: ${r.error.message}`);
      ids.push(r.value.id);
    }
    planIds.push(ids);
  }

  const { store } = core;
  const actor = { id: admin.userId, name: admin.username };
  const ctx = {
    store,
    now,
    session: admin,
    audit: (entry: AuditEntryInput) => appendAudit(store, now(), actor, null, entry),
  };
  const pausedPerMille = options.pausedPerMille ?? 20;
  const waivedPerMille = options.waivedPerMille ?? 10;
  let done = 0;
  let payers = 0;
  let items = 0;
  let payerId = '';
  let firstProduct = -1;
  while (done < options.enrollments) {
    const end = Math.min(options.enrollments, done + batchSize);
    store.transaction(() => {
      for (let n = done; n < end; n++) {
        // Each payer takes two different products.
        let productIndex: number;
        if (n % 2 === 0) {
          payerId = insertPayer(store, { name: `Payer ${n / 2} ${String.fromCharCode(65 + (n % 26))}son`, email: `payer${n / 2}@seed.test`, phone: `+1 555 ${String(n / 2).padStart(7, '0')}`, externalId: `SEEDPAYER-${n / 2}` }, ctx.now()).id;
          payers += 1;
          productIndex = Math.floor(rand() * productCount);
          firstProduct = productIndex;
        } else {
          productIndex = (firstProduct + 1 + Math.floor(rand() * (productCount - 1))) % productCount;
        }
        const plan = planIds[productIndex]?.[PLAN_WHEEL[Math.floor(rand() * PLAN_WHEEL.length)] ?? 0] ?? '';
        const discount = rand() < 0.1 ? { kind: 'percent' as const, basisPoints: 1_000, reason: 'seed scholarship' } : null;
        const result = createEnrollment(ctx, { payerId, productId: products[productIndex] ?? '', planId: plan, enrollmentDate: addDays(today, -Math.floor(rand() * spread)), discount });
        items += result.items.length;
        const roll = rand() * 1000;
        if (roll < pausedPerMille) pauseItems(ctx, { enrollmentId: result.enrollment.id }, 'seed pause');
        else if (roll < pausedPerMille + waivedPerMille) waiveItem(ctx, result.items[0]?.id ?? '', 'seed waiver');
      }
    });
    done = end;
    options.onProgress?.(done);
  }
  return { products, payers, enrollments: done, items, ms: performance.now() - started };
}
