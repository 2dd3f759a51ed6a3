import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanTerms } from '../../../shared/contract/plans';
import { rid } from '../../support/core';
import { auditRows, count, createPlan, createProduct, makeCashier, makeCatalogCore, payInFull, snapshot, threeMonthly } from './fixtures';
import type { CatalogCore } from './fixtures';

describe('plans through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it('creates each kind of plan, reads it back exactly and lists it per product', async () => {
    const product = await createProduct(core, { startDate: '2025-04-01' });
    const other = await createProduct(core, { name: 'Other' });
    const kinds: PlanTerms[] = [
      payInFull,
      { kind: 'installments', deposit: { kind: 'percent', basisPoints: 1_000 }, count: 4, interval: 'biweekly', firstDue: { rule: 'days_after_enrollment', days: 2 } },
      { kind: 'installments', deposit: { kind: 'amount', amount: 100_00 }, dueDates: ['2025-05-01', '2025-06-01'], firstDue: { rule: 'enrollment_date' } },
      { kind: 'subscription', interval: 'monthly', periodAmount: 99_00, count: null, firstDue: { rule: 'product_start' } },
    ];
    const created = [];
    for (const terms of kinds) created.push(await createPlan(core, product.id, terms, { lateFee: { amount: 15_00, graceDays: 5 } }));
    await createPlan(core, other.id);
    expect(created.map((p) => p.terms)).toEqual([kinds[0], kinds[1], { ...kinds[2], count: 2 }, kinds[3]]);
    expect(created.every((p) => p.currency === 'USD' && p.lateFee?.amount === 15_00 && p.id.startsWith('pln_'))).toBe(true);
    expect((await core.ok('plans:list', { productId: product.id })).plans.map((p) => p.id)).toEqual(created.map((p) => p.id));
    expect((await core.ok('plans:list', {})).plans).toHaveLength(5);
    expect(auditRows(core, 'plan.create')).toHaveLength(5);
  });

  it('updates a plan, hides inactive plans and audits before/after', async () => {
    const product = await createProduct(core);
    const plan = await createPlan(core, product.id);
    const updated = await core.ok('plans:update', { requestId: rid(), planId: plan.id, patch: { name: 'Renamed', active: false, terms: { ...threeMonthly, count: 6 } as PlanTerms } });
    expect(updated).toMatchObject({ name: 'Renamed', active: false, terms: { count: 6 } });
    expect((await core.ok('plans:list', { productId: product.id })).plans).toHaveLength(0);
    expect((await core.ok('plans:list', { productId: product.id, includeInactive: true })).plans).toHaveLength(1);
    const [audit] = auditRows(core, 'plan.update');
    expect(JSON.parse(audit?.before_json ?? '{}').terms.count).toBe(3);
    expect(JSON.parse(audit?.after_json ?? '{}').terms.count).toBe(6);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a deposit larger than the price', { terms: { ...threeMonthly, deposit: { kind: 'amount', amount: 5_000_00 } } }, 'plan.terms.deposit.amount'],
    ['0 installments', { terms: { ...threeMonthly, count: 0 } }, 'plan.terms.count'],
    ['a plan in another currency', { currency: 'EUR' }, 'plan.currency'],
    ['an unknown currency', { currency: 'ABC' }, 'plan.currency'],
    ['a fixed date that does not exist', { terms: { kind: 'full', firstDue: { rule: 'fixed_date', date: '2025-02-29' } } }, 'plan.terms.firstDue.date'],
    ['product_start on a product with no start', { terms: { kind: 'full', firstDue: { rule: 'product_start' } } }, 'plan.terms.firstDue.rule'],
    ['explicit dates out of order', { terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, dueDates: ['2025-06-01', '2025-05-01'], firstDue: { rule: 'enrollment_date' } } }, 'plan.terms.dueDates.1'],
    ['a negative late fee', { lateFee: { amount: -1, graceDays: 3 } }, 'plan.lateFee.amount'],
    ['an unknown product', { productId: 'prd_missing' }, ''],
  ])('refuses %s and writes nothing', async (_label, over, field) => {
    const product = await createProduct(core);
    const before = snapshot(core);
    const error = await core.fail('plans:create', { requestId: rid(), plan: { productId: product.id, name: 'Bad', terms: threeMonthly, ...over } });
    if (field) {
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toHaveProperty(field);
      expect(error.message).toContain(field);
    } else {
      expect(error.code).toBe('NOT_FOUND');
    }
    expect(snapshot(core)).toBe(before);
  });

  it('previews a schedule with a discount without writing anything', async () => {
    const product = await createProduct(core, { price: 1_000_00 });
    const plan = await createPlan(core, product.id);
    const before = snapshot(core);
    const preview = await core.ok('plans:preview', { productId: product.id, planId: plan.id, enrollmentDate: '2025-01-31', discount: { kind: 'percent', basisPoints: 1_250, reason: 'Scholarship' } });
    expect(preview).toMatchObject({ listPrice: 100_000, discountAmount: 12_500, total: 87_500, currency: 'USD', requiresImmediatePayment: true, detection: null });
    expect(preview.items.map((i) => [i.dueDate, i.amount])).toEqual([['2025-01-31', 29_166], ['2025-02-28', 29_166], ['2025-03-31', 29_168]]);
    const bad = await core.fail('plans:preview', { productId: product.id, planId: plan.id, discount: { kind: 'fixed', amount: 1_000_00, reason: 'too much' } });
    expect(bad.fields).toHaveProperty('discount.amount');
    expect(snapshot(core)).toBe(before);
  });

  it('stores ordered auto-detect rules and previews the detected plan with its reason', async () => {
    const program = await createProduct(core, { type: 'program', price: 6_000_00, startDate: '2025-06-01' });
    const full = await createPlan(core, program.id, payInFull);
    const inst = await createPlan(core, program.id, threeMonthly);
    const { rules } = await core.ok('plans:setRules', {
      requestId: rid(),
      rules: [
        { name: 'Programs starting later pay in installments', productType: 'program', daysUntilStartAtLeast: 30, planKind: 'installments', payerChoiceAllowed: false },
        { name: 'Otherwise pay in full', planKind: 'full', payerChoiceAllowed: true },
      ],
    });
    expect(rules.map((r) => [r.position, r.name])).toEqual([[1, 'Programs starting later pay in installments'], [2, 'Otherwise pay in full']]);
    expect((await core.ok('plans:rules', {})).rules).toEqual(rules);

    const early = await core.ok('plans:preview', { productId: program.id, enrollmentDate: '2025-03-15' });
    expect(early.plan?.id).toBe(inst.id);
    expect(early.detection).toMatchObject({ ruleId: rules[0]?.id, payerChoiceAllowed: false });
    expect(early.detection?.reason).toContain('78 days until start ≥ 30');
    const late = await core.ok('plans:preview', { productId: program.id, enrollmentDate: '2025-05-20' });
    expect(late.plan?.id).toBe(full.id);
    expect(late.detection?.reason).toContain('Rule 2 "Otherwise pay in full"');

    const bad = await core.fail('plans:setRules', { requestId: rid(), rules: [{ name: 'Dear', priceAtLeast: 100, planKind: 'full', payerChoiceAllowed: true }] });
    expect(bad.fields).toHaveProperty('rules.0.currency');
    expect(count(core, 'plan_rules')).toBe(2);
    expect(auditRows(core, 'plan_rules.replace')).toHaveLength(1);
  });

  it('keeps plan and rule changes for admins', async () => {
    const cashier = makeCashier(core);
    const product = await createProduct(core);
    const plan = await createPlan(core, product.id);
    expect((await core.ok('plans:list', { productId: product.id }, cashier)).plans).toHaveLength(1);
    expect((await core.ok('plans:preview', { productId: product.id, planId: plan.id }, cashier)).items).toHaveLength(3);
    expect((await core.ok('plans:rules', {}, cashier)).rules).toEqual([]);
    const before = snapshot(core);
    expect((await core.fail('plans:create', { requestId: rid(), plan: { productId: product.id, name: 'X', terms: payInFull } }, cashier)).code).toBe('FORBIDDEN');
    expect((await core.fail('plans:update', { requestId: rid(), planId: plan.id, patch: { name: 'Y' } }, cashier)).code).toBe('FORBIDDEN');
    expect((await core.fail('plans:setRules', { requestId: rid(), rules: [] }, cashier)).code).toBe('FORBIDDEN');
    expect(snapshot(core)).toBe(before);
  });

  it('replays plans:create for a repeated requestId', async () => {
    const product = await createProduct(core);
    const input = { requestId: rid(), plan: { productId: product.id, name: 'Once', terms: payInFull } };
    const first = await core.ok('plans:create', input);
    expect(await core.ok('plans:create', input)).toEqual(first);
    expect(count(core, 'payment_plans')).toBe(1);
    expect(auditRows(core, 'plan.create')).toHaveLength(1);
  });
});
