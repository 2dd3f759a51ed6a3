import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Discount, PlanTerms } from '../../../shared/contract/plans';
import { rid } from '../../support/core';
import { count, createPayer, createPlan, createProduct, makeCashier, makeCatalogCore, snapshot, threeMonthly } from './fixtures';
import type { CatalogCore } from './fixtures';

type Shape = { label: string; terms: PlanTerms; price?: number; startDate?: string; enrollmentDate: string; discount?: Discount };

const scholarship: Discount = { kind: 'percent', basisPoints: 1_250, reason: 'Scholarship' };

/** One of each plan shape the form can make, with awkward prices so remainder cents show. */
const shapes: Shape[] = [
  { label: 'pay in full on a set date', terms: { kind: 'full', firstDue: { rule: 'fixed_date', date: '2025-04-10' } }, enrollmentDate: '2025-03-15' },
  { label: 'installments with a deposit amount', terms: { ...threeMonthly, deposit: { kind: 'amount', amount: 100_00 } }, price: 1_000_01, enrollmentDate: '2025-03-15' },
  { label: 'installments with a deposit percent, biweekly', terms: { kind: 'installments', deposit: { kind: 'percent', basisPoints: 1_500 }, count: 4, interval: 'biweekly', firstDue: { rule: 'days_after_enrollment', days: 3 } }, price: 999_99, enrollmentDate: '2025-03-15' },
  { label: 'installments on explicit dates', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 50_00 }, dueDates: ['2025-05-01', '2025-06-15', '2025-08-01'], firstDue: { rule: 'enrollment_date' } }, enrollmentDate: '2025-03-15' },
  { label: 'monthly installments clamped at month end', terms: { ...threeMonthly, count: 4 }, price: 1_000_03, enrollmentDate: '2024-01-31' },
  { label: 'monthly from the product start', terms: { ...threeMonthly, firstDue: { rule: 'product_start' } }, startDate: '2025-05-31', enrollmentDate: '2025-03-15' },
  { label: 'a subscription with a fixed count', terms: { kind: 'subscription', interval: 'monthly', periodAmount: 75_00, count: 6, firstDue: { rule: 'enrollment_date' } }, enrollmentDate: '2025-01-31' },
  { label: 'an open-ended subscription at the product price', terms: { kind: 'subscription', interval: 'weekly', periodAmount: null, count: null, firstDue: { rule: 'enrollment_date' } }, price: 40_00, enrollmentDate: '2025-03-15' },
  { label: 'installments with a deposit and a discount', terms: { ...threeMonthly, deposit: { kind: 'percent', basisPoints: 2_000 } }, price: 1_234_56, enrollmentDate: '2025-03-15', discount: scholarship },
  { label: 'pay in full with a fixed discount', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } }, enrollmentDate: '2025-03-15', discount: { kind: 'fixed', amount: 200_00, reason: 'Early bird' } },
];

describe('plans:preview of draft terms through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it.each(shapes)('previews $label exactly as saving the plan and enrolling produces it', async (shape) => {
    const product = await createProduct(core, { price: shape.price ?? 1_200_00, ...(shape.startDate ? { startDate: shape.startDate } : {}) });
    const discount = shape.discount ?? null;
    const before = snapshot(core);
    const preview = await core.ok('plans:preview', { productId: product.id, terms: shape.terms, enrollmentDate: shape.enrollmentDate, discount });
    expect(snapshot(core)).toBe(before);
    expect(preview.plan).toBeNull();
    expect(preview.detection).toBeNull();
    expect(preview.items.length).toBeGreaterThan(0);
    expect(preview.items.every((i) => i.amount > 0)).toBe(true);
    expect(preview.items.reduce((sum, i) => sum + i.amount, 0)).toBe(preview.total);

    const plan = await createPlan(core, product.id, shape.terms);
    const payer = await createPayer(core);
    const enrolled = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id, enrollmentDate: shape.enrollmentDate, discount });
    expect(preview.items).toEqual(enrolled.items.map((i) => ({ seq: i.seq, kind: i.kind, dueDate: i.dueDate, amount: i.amount })));
    expect({ listPrice: preview.listPrice, discountAmount: preview.discountAmount, total: preview.total, openEnded: preview.openEnded, currency: preview.currency }).toEqual({
      listPrice: enrolled.enrollment.listPrice,
      discountAmount: enrolled.enrollment.discountAmount,
      total: enrolled.enrollment.totalAmount,
      openEnded: enrolled.enrollment.openEnded,
      currency: enrolled.enrollment.currency,
    });
    expect(preview.requiresImmediatePayment).toBe(enrolled.requiresImmediatePayment);
    // The saved plan previews the same schedule as its draft did.
    const saved = await core.ok('plans:preview', { productId: product.id, planId: plan.id, enrollmentDate: shape.enrollmentDate, discount });
    expect({ ...saved, plan: null }).toEqual(preview);
  });

  it('puts the remainder cents on the last installment and clamps month ends', async () => {
    const product = await createProduct(core, { price: 1_000_00 });
    const preview = await core.ok('plans:preview', { productId: product.id, terms: { ...threeMonthly, deposit: { kind: 'amount', amount: 100_00 } }, enrollmentDate: '2024-01-31' });
    expect(preview.items.map((i) => [i.kind, i.dueDate, i.amount])).toEqual([
      ['deposit', '2024-01-31', 100_00],
      ['installment', '2024-02-29', 300_00],
      ['installment', '2024-03-31', 300_00],
      ['installment', '2024-04-30', 300_00],
    ]);
    const odd = await core.ok('plans:preview', { productId: product.id, terms: { ...threeMonthly, deposit: { kind: 'amount', amount: 100_01 } }, enrollmentDate: '2025-03-15' });
    expect(odd.items.map((i) => i.amount)).toEqual([100_01, 299_99, 299_99, 300_01]);
  });

  // Each bad draft: the field plans:create names (under `plan.`), and the one preview names.
  it.each<[string, PlanTerms | Record<string, unknown>, string]>([
    ['a deposit larger than the price', { ...threeMonthly, deposit: { kind: 'amount', amount: 5_000_00 } }, 'terms.deposit.amount'],
    ['a deposit percent that leaves nothing', { ...threeMonthly, deposit: { kind: 'percent', basisPoints: 9_999 }, count: 120 }, 'terms.count'],
    ['0 installments', { ...threeMonthly, count: 0 }, 'terms.count'],
    ['no installment count', { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, interval: 'monthly', firstDue: { rule: 'enrollment_date' } }, 'terms.count'],
    ['a fixed date that does not exist', { kind: 'full', firstDue: { rule: 'fixed_date', date: '2025-02-29' } }, 'terms.firstDue.date'],
    ['an explicit date that does not exist', { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, dueDates: ['2025-05-01', '2025-06-31'], firstDue: { rule: 'enrollment_date' } }, 'terms.dueDates.1'],
    ['explicit dates out of order', { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, dueDates: ['2025-06-01', '2025-05-01'], firstDue: { rule: 'enrollment_date' } }, 'terms.dueDates.1'],
    ['product_start on a product with no start', { kind: 'full', firstDue: { rule: 'product_start' } }, 'terms.firstDue.rule'],
    ['a count that is not a number (an empty field)', { ...threeMonthly, count: Number.NaN }, 'terms.count'],
    ['an unknown field in the terms', { ...threeMonthly, extra: 1 }, 'terms.extra'],
  ])('refuses a draft with %s naming the field as plans:create does, writing nothing', async (_label, terms, field) => {
    const product = await createProduct(core);
    const before = snapshot(core);
    const plansBefore = count(core, 'payment_plans');
    const error = await core.fail('plans:preview', { productId: product.id, terms, enrollmentDate: '2025-03-15' });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toHaveProperty(field);
    const created = await core.fail('plans:create', { requestId: rid(), plan: { productId: product.id, name: 'Bad', terms } });
    expect(created.fields?.[`plan.${field}`]).toBe(error.fields?.[field]);
    expect(count(core, 'payment_plans')).toBe(plansBefore);
    expect(snapshot(core)).toBe(before);
  });

  it('refuses planId and terms together, an unknown product, and a discount that leaves nothing', async () => {
    const product = await createProduct(core, { price: 300_00 });
    const plan = await createPlan(core, product.id);
    const before = snapshot(core);
    const both = await core.fail('plans:preview', { productId: product.id, planId: plan.id, terms: threeMonthly });
    expect(both.code).toBe('VALIDATION');
    expect(both.fields).toHaveProperty('terms');
    expect((await core.fail('plans:preview', { productId: 'prd_missing', terms: threeMonthly })).code).toBe('NOT_FOUND');
    const tooMuch = await core.fail('plans:preview', { productId: product.id, terms: threeMonthly, discount: { kind: 'fixed', amount: 300_00, reason: 'All of it' } });
    expect(tooMuch.fields).toHaveProperty('discount.amount');
    expect(snapshot(core)).toBe(before);
  });

  it('lets a cashier preview a draft (a read), and defaults the date to today', async () => {
    const product = await createProduct(core, { price: 900_00 });
    const preview = await core.ok('plans:preview', { productId: product.id, terms: threeMonthly }, makeCashier(core));
    expect(preview.items.map((i) => [i.dueDate, i.amount])).toEqual([['2025-03-15', 300_00], ['2025-04-15', 300_00], ['2025-05-15', 300_00]]);
  });
});
