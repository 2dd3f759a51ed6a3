import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { proposeRefund } from '../../../electron/services/refunds/cancellationPolicy';
import { formatMoney } from '../../../shared/money';
import { proposeSplit, splitFromProposal } from '../../../electron/services/refunds/refundSplit';

const base = { policy: 'prorata' as const, startDate: '2025-03-01', endDate: '2025-03-31', courseTotal: 300_00, currency: 'USD', paid: 300_00, keptDeposit: 0, keptLateFees: 0, today: '2025-03-15', money: (minor: number) => formatMoney(minor, 'USD') };

describe('cancellation refund policy', () => {
  it('refunds in full before the start (or without a start date), nothing under "none", nothing after the end', () => {
    expect(proposeRefund({ ...base, today: '2025-02-28' })).toMatchObject({ proposed: 300_00 });
    expect(proposeRefund({ ...base, startDate: null, endDate: null })).toMatchObject({ proposed: 300_00 });
    expect(proposeRefund({ ...base, policy: 'full' })).toMatchObject({ proposed: 300_00 });
    expect(proposeRefund({ ...base, policy: 'none', today: '2025-02-01' })).toMatchObject({ proposed: 0 });
    expect(proposeRefund({ ...base, today: '2025-04-01' })).toMatchObject({ proposed: 0 });
    expect(proposeRefund({ ...base, endDate: null })).toMatchObject({ proposed: 0, basis: expect.stringContaining('no end date') });
  });

  it('charges the used days with integer arithmetic and keeps at least a non-refundable deposit', () => {
    // 14 of 31 days used: 30000 * 14 / 31 = 13548.39 → 13548 charged.
    expect(proposeRefund(base)).toMatchObject({ proposed: 30_000 - 13_548, basis: '14 of 31 course days used: $135.48 of $300.00 is charged' });
    expect(proposeRefund({ ...base, today: '2025-03-01' })).toMatchObject({ proposed: 300_00 });
    expect(proposeRefund({ ...base, today: '2025-03-31' })).toMatchObject({ proposed: 30_000 - 29_032 });
    expect(proposeRefund({ ...base, keptDeposit: 200_00 })).toMatchObject({ proposed: 100_00, keptDeposit: 200_00 });
    expect(proposeRefund({ ...base, paid: 100_00 })).toMatchObject({ proposed: 0 });
    expect(proposeRefund({ ...base, today: '2025-02-01', keptDeposit: 50_00 })).toMatchObject({ proposed: 250_00 });
  });

  it('keeps paid late fees whatever the policy, and prorates only what was paid for the course', () => {
    // 300.00 course paid in full plus a 15.00 late fee paid.
    const withFee = { ...base, paid: 315_00, keptLateFees: 15_00 };
    expect(proposeRefund({ ...withFee, today: '2025-02-28' })).toMatchObject({ proposed: 300_00, keptLateFees: 15_00, basis: 'Cancelled before the start date 2025-03-01: full refund; paid late fees ($15.00) are kept' });
    expect(proposeRefund({ ...withFee, policy: 'full' })).toMatchObject({ proposed: 300_00, keptLateFees: 15_00 });
    expect(proposeRefund({ ...withFee, policy: 'none' })).toMatchObject({ proposed: 0, keptLateFees: 15_00 });
    // The same 14 of 31 days on the 300.00 course: the fee is neither charged by day nor refunded.
    expect(proposeRefund(withFee)).toMatchObject({ proposed: 30_000 - 13_548, keptLateFees: 15_00 });
    expect(proposeRefund({ ...withFee, keptDeposit: 200_00, today: '2025-02-01' })).toMatchObject({ proposed: 100_00, keptDeposit: 200_00, keptLateFees: 15_00, basis: expect.stringMatching(/deposit \(\$200\.00\) is kept; paid late fees \(\$15\.00\) are kept$/) });
    // Only the fee paid so far: nothing else comes back.
    expect(proposeRefund({ ...base, paid: 15_00, keptLateFees: 15_00, keptDeposit: 50_00, today: '2025-02-01' })).toMatchObject({ proposed: 0, keptLateFees: 15_00, keptDeposit: 0 });
  });

  it('never proposes less than zero or more than was paid, and always whole minor units', () => {
    const day = fc.integer({ min: 0, max: 400 }).map((d) => new Date(Date.UTC(2025, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.constantFrom('prorata' as const, 'full' as const, 'none' as const), day, fc.integer({ min: 0, max: 200 }), day, fc.integer({ min: 1, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 1_000_000 }),
        (policy, start, length, today, courseTotal, paid, deposit, fees) => {
          const end = new Date(Date.parse(`${start}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10);
          const keptLateFees = Math.min(fees, paid);
          const keptDeposit = Math.min(deposit, paid - keptLateFees);
          const p = proposeRefund({ policy, startDate: start, endDate: end, courseTotal, paid, keptDeposit, keptLateFees, today, currency: base.currency, money: base.money });
          expect(Number.isSafeInteger(p.proposed)).toBe(true);
          expect(p.proposed).toBeGreaterThanOrEqual(0);
          expect(p.proposed).toBeLessThanOrEqual(paid - keptDeposit - keptLateFees);
          expect([p.keptDeposit, p.keptLateFees]).toEqual([keptDeposit, keptLateFees]);
          // A paid fee changes nothing but itself: the same course payments propose the same refund without it.
          expect(proposeRefund({ policy, startDate: start, endDate: end, courseTotal, paid: paid - keptLateFees, keptDeposit, keptLateFees: 0, today, currency: base.currency, money: base.money }).proposed).toBe(p.proposed);
        }),
    );
  });
});

describe('refund split', () => {
  const payments = [
    { id: 'p3', method: 'card' as const, remaining: 50_00 },
    { id: 'p2', method: 'check' as const, remaining: 30_00 },
    { id: 'p1', method: 'cash' as const, remaining: 100_00 },
  ];

  it('goes back along the newest payments first, by their own method; the rest is credit', () => {
    expect(proposeSplit(payments, 70_00, false)).toEqual([
      { method: 'card', amount: 50_00, paymentId: 'p3', needs: [] },
      { method: 'check', amount: 20_00, paymentId: 'p2', needs: ['checkNumber'] },
    ]);
    expect(proposeSplit(payments, 200_00, false).at(-1)).toEqual({ method: 'credit', amount: 20_00, paymentId: null, needs: [] });
    expect(proposeSplit(payments, 60_00, true).map((l) => l.method)).toEqual(['credit', 'credit']);
    expect(splitFromProposal(proposeSplit(payments, 70_00, false), 55_00)).toEqual([{ method: 'card', amount: 50_00, paymentId: 'p3' }, { method: 'check', amount: 5_00, paymentId: 'p2' }]);
  });

  it('always adds up to the amount', () => {
    fc.assert(fc.property(fc.array(fc.record({ id: fc.uuid(), method: fc.constantFrom('cash' as const, 'card' as const, 'check' as const), remaining: fc.integer({ min: 1, max: 10_000 }) }), { maxLength: 6 }), fc.integer({ min: 1, max: 100_000 }), fc.boolean(),
      (ps, amount, toCredit) => {
        expect(proposeSplit(ps, amount, toCredit).reduce((s, l) => s + l.amount, 0)).toBe(amount);
      }));
  });
});
