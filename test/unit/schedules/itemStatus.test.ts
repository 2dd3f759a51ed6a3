import { describe, expect, it } from 'vitest';
import { addMonthsAnchored, daysBetween } from '../../../electron/services/schedules/calendar';
import { itemStatus, outstandingOf } from '../../../electron/services/schedules/itemStatus';
import { proposeLateFees } from '../../../electron/services/schedules/lateFees';

const item = (over: Partial<Parameters<typeof itemStatus>[0]> = {}) => ({ state: 'open' as const, dueDate: '2025-03-10', amount: 1000, paid: 0, ...over });

describe('item status', () => {
  it.each([
    [item(), '2025-03-10', 'due'],
    [item(), '2025-03-11', 'overdue'],
    [item({ paid: 400 }), '2025-03-11', 'partially_paid'],
    [item({ paid: 1000 }), '2025-04-01', 'paid'],
    [item({ state: 'paused' }), '2025-04-01', 'paused'],
    [item({ state: 'waived' }), '2025-04-01', 'waived'],
    [item({ state: 'cancelled', paid: 1000 }), '2025-04-01', 'cancelled'],
  ])('%j on %s is %s', (facts, today, status) => {
    expect(itemStatus(facts, today)).toBe(status);
  });

  it('owes nothing once waived or cancelled', () => {
    expect(outstandingOf(item({ paid: 300 }))).toBe(700);
    expect(outstandingOf(item({ state: 'waived' }))).toBe(0);
  });
});

describe('late fees', () => {
  it('proposes a fee only after the grace days and only for unpaid, unpaused items', () => {
    const items = [
      { ...item({ dueDate: '2025-03-01' }), id: 'a', currency: 'USD' },
      { ...item({ dueDate: '2025-03-05' }), id: 'b', currency: 'USD' },
      { ...item({ dueDate: '2025-02-01', state: 'paused' }), id: 'c', currency: 'USD' },
      { ...item({ dueDate: '2025-02-01', paid: 1000 }), id: 'd', currency: 'USD' },
    ].map((i) => ({ ...i, kind: 'installment' as const, feePosted: false }));
    expect(proposeLateFees(items, { amount: 2500, graceDays: 5 }, '2025-03-10')).toEqual([{ itemId: 'a', dueDate: '2025-03-01', daysLate: 9, amount: 2500, currency: 'USD' }]);
    expect(proposeLateFees(items, null, '2025-03-10')).toEqual([]);
  });

  it('proposes no fee on a late fee itself, nor again once a fee is posted for the item', () => {
    const overdue = { ...item({ dueDate: '2025-03-01' }), id: 'a', currency: 'USD', kind: 'installment' as const, feePosted: false };
    const fee = { amount: 2500, graceDays: 5 };
    expect(proposeLateFees([overdue], fee, '2025-03-10')).toHaveLength(1);
    expect(proposeLateFees([{ ...overdue, feePosted: true }], fee, '2025-03-10')).toEqual([]);
    expect(proposeLateFees([{ ...overdue, kind: 'late_fee' }], fee, '2025-03-10')).toEqual([]);
  });
});

describe('calendar', () => {
  it('anchors months on the start day across leap years', () => {
    expect([0, 1, 2, 3, 12, 13].map((k) => addMonthsAnchored('2023-01-31', k))).toEqual(['2023-01-31', '2023-02-28', '2023-03-31', '2023-04-30', '2024-01-31', '2024-02-29']);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });
});
