import { describe, expect, it } from 'vitest';
import type { PlanRuleView } from '../../../shared/contract/plans';
import { AppError } from '../../../electron/core/errors';
import { detectPlan } from '../../../electron/services/plans/detectPlan';

const rules: PlanRuleView[] = [
  { id: 'rul_a', position: 1, name: 'Programs far out pay monthly', productType: 'program', daysUntilStartAtLeast: 30, planKind: 'installments', payerChoiceAllowed: false },
  { id: 'rul_b', position: 2, name: 'Dear courses', currency: 'USD', priceAtLeast: 100_000, planKind: 'installments', payerChoiceAllowed: true },
  { id: 'rul_c', position: 3, name: 'Everything else in full', planKind: 'full', payerChoiceAllowed: true },
];
const plans = [
  { id: 'pln_full', name: 'Pay in full', kind: 'full' as const },
  { id: 'pln_inst', name: 'Monthly x10', kind: 'installments' as const },
];

describe('detectPlan', () => {
  it('picks the first matching rule and says why', () => {
    const d = detectPlan(rules, { type: 'program', price: 50_000, currency: 'USD', startDate: '2025-03-01' }, plans, '2025-01-01');
    expect(d).toMatchObject({ ruleId: 'rul_a', planId: 'pln_inst', payerChoiceAllowed: false });
    expect(d.reason).toBe('Rule 1 "Programs far out pay monthly" matched (product type is program, 59 days until start ≥ 30) → installments plan "Monthly x10"');
  });

  it('falls through rules whose conditions fail, in position order whatever the array order', () => {
    const d = detectPlan([...rules].reverse(), { type: 'course', price: 150_000, currency: 'USD', startDate: null }, plans, '2025-01-01');
    expect(d.ruleId).toBe('rul_b');
    expect(d.reason).toContain('price 1500.00 USD ≥ 1000.00 USD');
    const cheap = detectPlan(rules, { type: 'program', price: 10, currency: 'USD', startDate: '2025-01-10' }, plans, '2025-01-01');
    expect(cheap).toMatchObject({ ruleId: 'rul_c', planId: 'pln_full' });
  });

  it('skips a matching rule whose plan kind the product lacks, and says so', () => {
    const d = detectPlan(rules, { type: 'program', price: 10, currency: 'EUR', startDate: '2025-06-01' }, [plans[0]!], '2025-01-01');
    expect(d.ruleId).toBe('rul_c');
    expect(d.reason).toContain('has no active installments plan');
  });

  it('uses a single plan when no rule matches and refuses when it cannot decide', () => {
    expect(detectPlan([], { type: 'course', price: 1, currency: 'USD', startDate: null }, [plans[1]!], '2025-01-01')).toMatchObject({ ruleId: null, planId: 'pln_inst' });
    try {
      detectPlan([], { type: 'course', price: 1, currency: 'USD', startDate: null }, plans, '2025-01-01');
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).fields).toHaveProperty('planId');
    }
  });

  it('is deterministic', () => {
    const product = { type: 'course' as const, price: 200_000, currency: 'USD', startDate: '2025-02-01' };
    expect(detectPlan(rules, product, plans, '2025-01-01')).toEqual(detectPlan(rules, product, plans, '2025-01-01'));
  });
});
