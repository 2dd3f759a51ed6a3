import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Discount, PlanInterval, PlanTerms } from '../../../shared/contract/plans';
import { mulDivRound } from '../../../shared/money';
import { AppError } from '../../../electron/core/errors';
import { addDays, daysInMonth, parseDate } from '../../../electron/services/schedules/calendar';
import { SUBSCRIPTION_HORIZON, generateSchedule } from '../../../electron/services/schedules/generateSchedule';
import type { Schedule } from '../../../electron/services/schedules/generateSchedule';

const installments = (count: number, interval: PlanInterval, deposit: Extract<PlanTerms, { kind: 'installments' }>['deposit'] = { kind: 'amount', amount: 0 }): PlanTerms => ({
  kind: 'installments', deposit, count, interval, firstDue: { rule: 'enrollment_date' },
});

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION') return Object.keys(e.fields ?? {})[0] ?? '';
    throw e;
  }
  throw new Error('expected a VALIDATION error');
}

describe('generateSchedule examples', () => {
  it('puts the remainder cents on the last installment', () => {
    const s = generateSchedule({ price: 1000, terms: installments(3, 'monthly'), discount: null, enrollmentDate: '2025-01-15', productStart: null });
    expect(s.items.map((i) => i.amount)).toEqual([333, 333, 334]);
    expect(s.items.map((i) => i.dueDate)).toEqual(['2025-01-15', '2025-02-15', '2025-03-15']);
    expect(s.total).toBe(1000);
    expect(s.requiresImmediatePayment).toBe(true);
  });

  it('clamps month ends anchored on the start day, not chained', () => {
    const s = generateSchedule({ price: 400_00, terms: installments(4, 'monthly'), discount: null, enrollmentDate: '2024-01-31', productStart: null });
    expect(s.items.map((i) => i.dueDate)).toEqual(['2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30']);
    const plain = generateSchedule({ price: 300, terms: installments(3, 'monthly'), discount: null, enrollmentDate: '2025-01-31', productStart: null });
    expect(plain.items.map((i) => i.dueDate)).toEqual(['2025-01-31', '2025-02-28', '2025-03-31']);
  });

  it('takes a percent deposit on the first-due date and starts installments one interval later', () => {
    const s = generateSchedule({ price: 1_200_00, terms: installments(3, 'biweekly', { kind: 'percent', basisPoints: 2_500 }), discount: { kind: 'percent', basisPoints: 1_250, reason: 'sibling' }, enrollmentDate: '2025-03-01', productStart: null });
    // 120000 - 12.5 % = 105000; deposit 25 % = 26250; 78750 / 3 = 26250 each
    expect(s.discountAmount).toBe(15_000);
    expect(s.items).toEqual([
      { seq: 1, kind: 'deposit', dueDate: '2025-03-01', amount: 26_250 },
      { seq: 2, kind: 'installment', dueDate: '2025-03-15', amount: 26_250 },
      { seq: 3, kind: 'installment', dueDate: '2025-03-29', amount: 26_250 },
      { seq: 4, kind: 'installment', dueDate: '2025-04-12', amount: 26_250 },
    ]);
  });

  it('uses explicit dates and a first-due rule for the deposit', () => {
    const terms: PlanTerms = { kind: 'installments', deposit: { kind: 'amount', amount: 100 }, dueDates: ['2025-09-01', '2025-12-01'], firstDue: { rule: 'days_after_enrollment', days: 3 } };
    const s = generateSchedule({ price: 1001, terms, discount: null, enrollmentDate: '2025-06-10', productStart: null });
    expect(s.items.map((i) => [i.dueDate, i.amount])).toEqual([['2025-06-13', 100], ['2025-09-01', 450], ['2025-12-01', 451]]);
    expect(s.requiresImmediatePayment).toBe(false);
  });

  it('generates an open-ended subscription horizon and a fixed count, discount per period', () => {
    const open = generateSchedule({ price: 50_00, terms: { kind: 'subscription', interval: 'monthly', periodAmount: null, count: null, firstDue: { rule: 'product_start' } }, discount: { kind: 'fixed', amount: 500, reason: 'promo' }, enrollmentDate: '2025-01-10', productStart: '2025-02-01' });
    expect(open.openEnded).toBe(true);
    expect(open.items).toHaveLength(SUBSCRIPTION_HORIZON);
    expect(open.items.every((i) => i.amount === 45_00)).toBe(true);
    expect(open.discountAmount).toBe(500 * SUBSCRIPTION_HORIZON);
    expect(open.items[0]?.dueDate).toBe('2025-02-01');
    const fixed = generateSchedule({ price: 1, terms: { kind: 'subscription', interval: 'weekly', periodAmount: 2_000, count: 4, firstDue: { rule: 'enrollment_date' } }, discount: null, enrollmentDate: '2025-12-29', productStart: null });
    expect(fixed.items.map((i) => i.dueDate)).toEqual(['2025-12-29', '2026-01-05', '2026-01-12', '2026-01-19']);
    expect(fixed.total).toBe(8_000);
  });

  it('treats a first-due date already past as due on enrollment', () => {
    const s = generateSchedule({ price: 500, terms: { kind: 'full', firstDue: { rule: 'fixed_date', date: '2025-01-01' } }, discount: null, enrollmentDate: '2025-02-01', productStart: null });
    expect(s.items).toEqual([{ seq: 1, kind: 'full', dueDate: '2025-02-01', amount: 500 }]);
  });

  it.each([
    ['a deposit equal to the price', { price: 1000, terms: installments(2, 'weekly', { kind: 'amount', amount: 1000 }), discount: null }, 'terms.deposit.amount'],
    ['a deposit larger than the price', { price: 1000, terms: installments(2, 'weekly', { kind: 'amount', amount: 5000 }), discount: null }, 'terms.deposit.amount'],
    ['more installments than minor units', { price: 5, terms: installments(6, 'weekly'), discount: null }, 'terms.count'],
    ['a 100 % discount', { price: 5, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } as PlanTerms, discount: { kind: 'percent', basisPoints: 10_000, reason: 'full' } as Discount }, 'discount.basisPoints'],
    ['a fixed discount over the price', { price: 5, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } as PlanTerms, discount: { kind: 'fixed', amount: 6, reason: 'x' } as Discount }, 'discount.amount'],
    ['a percent deposit that rounds to zero', { price: 3, terms: installments(1, 'weekly', { kind: 'percent', basisPoints: 100 }), discount: null }, 'terms.deposit.basisPoints'],
    ['product_start with no start date', { price: 3, terms: { kind: 'full', firstDue: { rule: 'product_start' } } as PlanTerms, discount: null }, 'terms.firstDue.rule'],
    ['dates out of order', { price: 300, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, dueDates: ['2030-02-01', '2030-01-01'], firstDue: { rule: 'enrollment_date' } } as PlanTerms, discount: null }, 'terms.dueDates.1'],
    ['count disagreeing with dates', { price: 300, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, dueDates: ['2030-01-01'], firstDue: { rule: 'enrollment_date' } } as PlanTerms, discount: null }, 'terms.count'],
    ['installments without count or dates', { price: 300, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, interval: 'weekly', firstDue: { rule: 'enrollment_date' } } as PlanTerms, discount: null }, 'terms.count'],
  ])('refuses %s naming the field', (_label, req, field) => {
    expect(fieldOf(() => generateSchedule({ ...req, enrollmentDate: '2025-01-01', productStart: null }))).toBe(field);
  });
});

// ---- properties ----------------------------------------------------------------

const dateArb = fc.integer({ min: 0, max: 365 * 100 }).map((d) => addDays('1990-01-01', d));
const intervalArb = fc.constantFrom<PlanInterval>('weekly', 'biweekly', 'monthly');
const discountArb: fc.Arbitrary<Discount | null> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 1, max: 10_000 }).map((bp): Discount => ({ kind: 'percent', basisPoints: bp, reason: 'p' })),
  fc.integer({ min: 1, max: 1_000_000_000 }).map((amount): Discount => ({ kind: 'fixed', amount, reason: 'f' })),
);
const priceArb = fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 1_000_000_000 }));
const depositArb = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000_000 }).map((amount) => ({ kind: 'amount' as const, amount })),
  fc.integer({ min: 0, max: 200 }).map((amount) => ({ kind: 'amount' as const, amount })),
  fc.integer({ min: 0, max: 9_999 }).map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
);

const discounted = (price: number, d: Discount | null): number => (d === null ? price : d.kind === 'percent' ? price - mulDivRound(price, d.basisPoints, 10_000) : price - d.amount);

function expectMonthlyAnchored(anchor: string, dates: string[]): void {
  const a = parseDate(anchor);
  dates.forEach((date, k) => {
    const p = parseDate(date);
    const monthIndex = a.y * 12 + a.m - 1 + k;
    expect(p.y * 12 + p.m - 1).toBe(monthIndex);
    expect(p.d).toBe(Math.min(a.d, daysInMonth(p.y, p.m)));
  });
}

function expectWellFormed(s: Schedule): void {
  expect(s.items.every((i) => Number.isSafeInteger(i.amount) && i.amount > 0)).toBe(true);
  expect(s.items.reduce((sum, i) => sum + i.amount, 0)).toBe(s.total);
  s.items.forEach((item, i) => {
    expect(item.seq).toBe(i + 1);
    const prev = s.items[i - 1];
    if (prev) expect(item.dueDate > prev.dueDate).toBe(true);
  });
}

describe('generateSchedule properties', () => {
  it('installments: positive items summing exactly to the discounted price, strictly increasing dates, anchored month ends — or a named refusal exactly when one is needed', () => {
    fc.assert(fc.property(priceArb, discountArb, depositArb, fc.integer({ min: 1, max: 120 }), intervalArb, dateArb, (price, discount, deposit, count, interval, start) => {
      const total = discounted(price, discount);
      const dep = deposit.kind === 'amount' ? deposit.amount : mulDivRound(Math.max(total, 0), deposit.basisPoints, 10_000);
      const mustRefuse = total <= 0 || dep >= total || (deposit.kind === 'percent' && deposit.basisPoints > 0 && dep === 0) || total - dep < count;
      let s: Schedule;
      try {
        s = generateSchedule({ price, terms: installments(count, interval, deposit), discount, enrollmentDate: start, productStart: null });
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect(Object.keys((e as AppError).fields ?? {})[0]).toMatch(/^(discount|terms)\./);
        expect(mustRefuse).toBe(true);
        return;
      }
      expect(mustRefuse).toBe(false);
      expectWellFormed(s);
      expect(s.total).toBe(total);
      expect(s.discountAmount).toBe(price - total);
      expect(s.items.length).toBe(count + (dep > 0 ? 1 : 0));
      const installmentsOnly = s.items.filter((i) => i.kind === 'installment');
      const base = Math.trunc((total - dep) / count);
      expect(installmentsOnly.slice(0, -1).every((i) => i.amount === base)).toBe(true);
      expect(s.items[0]?.dueDate).toBe(start);
      if (interval === 'monthly') expectMonthlyAnchored(start, s.items.map((i) => i.dueDate));
      else {
        const step = interval === 'weekly' ? 7 : 14;
        s.items.forEach((item, k) => expect(item.dueDate).toBe(addDays(start, step * k)));
      }
    }), { numRuns: 1500 });
  });

  it('full and subscription: positive, exact and strictly increasing', () => {
    fc.assert(fc.property(priceArb, discountArb, fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }), intervalArb, dateArb, fc.boolean(), (price, discount, count, interval, start, full) => {
      const total = discounted(price, discount);
      const terms: PlanTerms = full ? { kind: 'full', firstDue: { rule: 'enrollment_date' } } : { kind: 'subscription', interval, periodAmount: null, count, firstDue: { rule: 'enrollment_date' } };
      let s: Schedule;
      try {
        s = generateSchedule({ price, terms, discount, enrollmentDate: start, productStart: null });
      } catch (e) {
        expect((e as AppError).fields).toBeDefined();
        expect(total <= 0).toBe(true);
        return;
      }
      expect(total > 0).toBe(true);
      expectWellFormed(s);
      const n = full ? 1 : (count ?? SUBSCRIPTION_HORIZON);
      expect(s.items.length).toBe(n);
      expect(s.total).toBe(total * n);
      expect(s.discountAmount).toBe((price - total) * n);
      if (!full && interval === 'monthly') expectMonthlyAnchored(start, s.items.map((i) => i.dueDate));
    }), { numRuns: 800 });
  });

  it('explicit dates: the items land on the listed dates and sum exactly', () => {
    const datesArb = fc.uniqueArray(fc.integer({ min: 1, max: 2_000 }), { minLength: 1, maxLength: 24 }).map((offsets) => [...offsets].sort((a, b) => a - b));
    fc.assert(fc.property(priceArb, discountArb, datesArb, dateArb, (price, discount, offsets, start) => {
      const dueDates = offsets.map((o) => addDays(start, o));
      const terms: PlanTerms = { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, dueDates, firstDue: { rule: 'enrollment_date' } };
      const total = discounted(price, discount);
      let s: Schedule;
      try {
        s = generateSchedule({ price, terms, discount, enrollmentDate: start, productStart: null });
      } catch {
        expect(total <= 0 || total < dueDates.length).toBe(true);
        return;
      }
      expectWellFormed(s);
      expect(s.total).toBe(total);
      expect(s.items.map((i) => i.dueDate)).toEqual(dueDates);
    }), { numRuns: 500 });
  });
});
