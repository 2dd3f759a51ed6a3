import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { auditRows, count, createPayer, createPlan, createProduct, makeCashier, makeCatalogCore, payInFull, snapshot, threeMonthly } from './fixtures';
import type { CatalogCore } from './fixtures';

describe('enrollments through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-01-31');
  });
  afterEach(() => core.dispose());

  it('enrolls a payer in a 3-installment plan in one step, as a cashier', async () => {
    const cashier = makeCashier(core);
    const product = await createProduct(core, { price: 1_000_00 });
    const plan = await createPlan(core, product.id, threeMonthly);
    const payer = await createPayer(core);
    const result = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id, discount: { kind: 'fixed', amount: 1, reason: 'rounding goodwill' } }, cashier);
    expect(result.enrollment).toMatchObject({
      payerId: payer.id, productId: product.id, planId: plan.id, status: 'active', currency: 'USD', enrolledOn: '2025-01-31',
      listPrice: 100_000, discount: { kind: 'fixed', amount: 1, reason: 'rounding goodwill' }, discountAmount: 1, totalAmount: 99_999, detectedRule: null,
    });
    expect(result.enrollment.id).toMatch(/^enr_/);
    expect(result.plan.id).toBe(plan.id);
    expect(result.detection).toBeNull();
    expect(result.requiresImmediatePayment).toBe(true);
    expect(result.items.map((i) => [i.seq, i.dueDate, i.amount, i.status, i.paid])).toEqual([
      [1, '2025-01-31', 33_333, 'due', 0],
      [2, '2025-02-28', 33_333, 'due', 0],
      [3, '2025-03-31', 33_333, 'due', 0],
    ]);
    expect(result.items.every((i) => i.id.startsWith('itm_'))).toBe(true);
    expect(count(core, 'schedule_items')).toBe(3);
    const [audit] = auditRows(core, 'enrollment.create');
    expect(audit?.actor_name).toBe('cashier1');
    expect(JSON.parse(audit?.after_json ?? '{}').items).toHaveLength(3);
  });

  it('refuses a second active enrollment of the same payer in the same product with the existing id', async () => {
    const product = await createProduct(core);
    await createPlan(core, product.id);
    const payer = await createPayer(core);
    const first = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id });
    const before = snapshot(core);
    const error = await core.fail('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { enrollmentId: first.enrollment.id } });
    expect(snapshot(core)).toBe(before);
  });

  it('replays a repeated requestId: same result, no extra rows, one audit entry', async () => {
    const product = await createProduct(core);
    const plan = await createPlan(core, product.id);
    const payer = await createPayer(core);
    const input = { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id };
    const first = await core.ok('enrollments:create', input);
    const rows = [count(core, 'enrollments'), count(core, 'schedule_items'), count(core, 'audit_log')];
    const second = await core.ok('enrollments:create', input);
    expect(second).toEqual(first);
    expect([count(core, 'enrollments'), count(core, 'schedule_items'), count(core, 'audit_log')]).toEqual(rows);
    expect(auditRows(core, 'enrollment.create')).toHaveLength(1);
  });

  it('detects the plan from the rules, records the rule and reason, and enforces "no payer choice"', async () => {
    const product = await createProduct(core, { type: 'program', price: 3_000_00, startDate: '2025-04-01' });
    const full = await createPlan(core, product.id, payInFull);
    const inst = await createPlan(core, product.id, { ...threeMonthly, deposit: { kind: 'percent', basisPoints: 2_000 } });
    await core.ok('plans:setRules', { requestId: rid(), rules: [{ name: 'Programs pay in installments', productType: 'program', planKind: 'installments', payerChoiceAllowed: false }] });
    const payer = await createPayer(core);
    const result = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id });
    expect(result.plan.id).toBe(inst.id);
    expect(result.detection).toMatchObject({ ruleName: 'Programs pay in installments', planId: inst.id });
    expect(result.enrollment.detectedRule).toBe('Programs pay in installments');
    expect(result.enrollment.detectionReason).toBe(result.detection?.reason);
    expect(result.items.map((i) => [i.kind, i.amount])).toEqual([['deposit', 60_000], ['installment', 80_000], ['installment', 80_000], ['installment', 80_000]]);

    const other = await createPayer(core);
    const before = snapshot(core);
    const refused = await core.fail('enrollments:create', { requestId: rid(), payerId: other.id, productId: product.id, planId: full.id });
    expect(refused.fields).toHaveProperty('planId');
    expect(refused.message).toContain('does not let the payer choose');
    expect(snapshot(core)).toBe(before);
  });

  it.each<[string, (ids: { productId: string; planId: string; payerId: string; otherPlanId: string; eurPlanId: string }) => Record<string, unknown>, string, string]>([
    ['an unknown product', (ids) => ({ payerId: ids.payerId, productId: 'prd_nope' }), 'NOT_FOUND', ''],
    ['an unknown payer', (ids) => ({ payerId: 'pyr_nope', productId: ids.productId }), 'NOT_FOUND', ''],
    ['an unknown plan', (ids) => ({ payerId: ids.payerId, productId: ids.productId, planId: 'pln_nope' }), 'NOT_FOUND', ''],
    ["another product's plan", (ids) => ({ payerId: ids.payerId, productId: ids.productId, planId: ids.otherPlanId }), 'VALIDATION', 'planId'],
    ['a discount that leaves nothing', (ids) => ({ payerId: ids.payerId, productId: ids.productId, planId: ids.planId, discount: { kind: 'percent', basisPoints: 10_000, reason: 'full ride' } }), 'VALIDATION', 'discount.basisPoints'],
    ['a discount without a reason', (ids) => ({ payerId: ids.payerId, productId: ids.productId, planId: ids.planId, discount: { kind: 'fixed', amount: 5 } }), 'VALIDATION', 'discount.reason'],
    ['a nonexistent date', (ids) => ({ payerId: ids.payerId, productId: ids.productId, planId: ids.planId, enrollmentDate: '2025-02-29' }), 'VALIDATION', 'enrollmentDate'],
    ['no plan and several without rules', (ids) => ({ payerId: ids.payerId, productId: ids.productId }), 'VALIDATION', 'planId'],
  ])('refuses %s and writes nothing', async (_label, build, code, field) => {
    const product = await createProduct(core);
    const plan = await createPlan(core, product.id);
    await createPlan(core, product.id, payInFull);
    const other = await createProduct(core, { name: 'Other' });
    const otherPlan = await createPlan(core, other.id);
    const payer = await createPayer(core);
    const before = snapshot(core);
    const error = await core.fail('enrollments:create', { requestId: rid(), ...build({ productId: product.id, planId: plan.id, payerId: payer.id, otherPlanId: otherPlan.id, eurPlanId: '' }) });
    expect(error.code).toBe(code);
    if (field) expect(error.fields).toHaveProperty(field);
    expect(snapshot(core)).toBe(before);
  });

  it('refuses an inactive product', async () => {
    const product = await createProduct(core);
    const plan = await createPlan(core, product.id);
    await core.ok('products:update', { requestId: rid(), productId: product.id, patch: { active: false } });
    const payer = await createPayer(core);
    const error = await core.fail('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id });
    expect(error.fields).toHaveProperty('productId');
  });

  it('lists enrollments by payer and product, newest first', async () => {
    const a = await createProduct(core, { name: 'A' });
    const b = await createProduct(core, { name: 'B' });
    await createPlan(core, a.id);
    await createPlan(core, b.id);
    const p1 = await createPayer(core, { name: 'First' });
    const p2 = await createPayer(core, { name: 'Second' });
    await core.ok('enrollments:create', { requestId: rid(), payerId: p1.id, productId: a.id });
    core.setToday('2025-02-01');
    await core.ok('enrollments:create', { requestId: rid(), payerId: p1.id, productId: b.id });
    await core.ok('enrollments:create', { requestId: rid(), payerId: p2.id, productId: a.id });
    const all = await core.ok('enrollments:list', {});
    expect(all.total).toBe(3);
    expect(all.enrollments.map((e) => [e.payerName, e.productName])).toEqual([['Second', 'A'], ['First', 'B'], ['First', 'A']]);
    expect((await core.ok('enrollments:list', { payerId: p1.id })).total).toBe(2);
    const page = await core.ok('enrollments:list', { productId: a.id, limit: 1, offset: 1 });
    expect(page).toMatchObject({ total: 2, enrollments: [{ payerName: 'First', planName: 'installments plan' }] });
  });

  it('shows payment details: statuses over time, balance, next due and proposed late fees', async () => {
    const product = await createProduct(core, { price: 900_00 });
    const plan = await createPlan(core, product.id, threeMonthly, { lateFee: { amount: 25_00, graceDays: 10 } });
    const payer = await createPayer(core);
    const { enrollment, items } = await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id });

    const atStart = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(atStart).toMatchObject({ balance: 90_000, payments: [], refunds: [], lateFees: [], totals: { scheduled: 90_000, paid: 0, waived: 0, cancelled: 0 }, asOf: '2025-01-31' });
    expect(atStart.nextDue?.id).toBe(items[0]?.id);
    expect(atStart.payer.id).toBe(payer.id);
    expect(atStart.product.id).toBe(product.id);

    core.setToday('2025-03-05');
    const later = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(later.items.map((i) => i.status)).toEqual(['overdue', 'overdue', 'due']);
    // Jan 31 is 33 days late, Feb 28 only 5 (inside the 10-day grace): one fee proposed, nothing posted.
    expect(later.lateFees).toEqual([{ itemId: items[0]?.id, dueDate: '2025-01-31', daysLate: 33, amount: 2_500, currency: 'USD' }]);
    expect(later.balance).toBe(90_000);
    expect(later.nextDue?.id).toBe(items[0]?.id);

    await core.ok('schedules:waive', { requestId: rid(), itemId: items[0]?.id ?? '', reason: 'hardship' });
    const waived = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(waived.items.map((i) => i.status)).toEqual(['waived', 'overdue', 'due']);
    expect(waived.balance).toBe(60_000);
    expect(waived.totals.waived).toBe(30_000);
    expect(waived.lateFees).toEqual([]);
    expect(waived.nextDue?.id).toBe(items[1]?.id);

    expect((await core.fail('enrollments:paymentDetails', { enrollmentId: 'enr_nope' })).code).toBe('NOT_FOUND');
  });
});
