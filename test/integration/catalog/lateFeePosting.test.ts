import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { rid } from '../../support/core';
import { auditRows, count, makeCashier, makeCatalogCore, seedLateFeeStudents, snapshot } from './fixtures';
import type { CatalogCore } from './fixtures';

describe('schedules:postLateFee through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-01-10');
  });
  afterEach(() => core.dispose());

  const seed = () => seedLateFeeStudents(core);
  const itemOf = (e: { items: { id: string }[] }, n: number) => e.items[n]?.id ?? '';

  it('posts the proposed fee as a new item linked to the overdue one, once, with audit; a replay returns the first result', async () => {
    const { a } = await seed();
    const first = itemOf(a, 0);
    core.setToday('2025-01-20');
    const listed = await core.ok('schedules:list', { enrollmentId: a.enrollment.id });
    expect(listed.items.map((i) => i.lateFeeProposed)).toEqual([15_00, null, null]);

    const requestId = rid('fee');
    const posted = await core.ok('schedules:postLateFee', { requestId, itemId: first, reason: 'Ten days late' });
    expect(posted.item).toMatchObject({ id: first, status: 'overdue' });
    expect(posted.fee).toMatchObject({
      enrollmentId: a.enrollment.id, seq: 4, kind: 'late_fee', dueDate: '2025-01-20', originalDueDate: '2025-01-20', amount: 15_00, currency: 'USD',
      paid: 0, outstanding: 15_00, status: 'due', state: 'open', stateReason: 'Ten days late', feeForItemId: first,
    });

    const before = snapshot(core);
    expect(await core.ok('schedules:postLateFee', { requestId, itemId: first, reason: 'Ten days late' })).toEqual(posted);
    expect(snapshot(core)).toBe(before);
    const again = await core.fail('schedules:postLateFee', { requestId: rid(), itemId: first, reason: 'Twice' });
    expect(again.code).toBe('VALIDATION');
    expect(again.fields?.itemId).toMatch(/already posted/);
    expect(snapshot(core)).toBe(before);
    expect(count(core, 'schedule_items', `kind = 'late_fee'`)).toBe(1);

    const [entry] = auditRows(core, 'schedule_item.post_late_fee');
    expect(entry?.entity_id).toBe(posted.fee.id);
    expect(JSON.parse(entry?.before_json ?? '{}')).toMatchObject({ forItem: { id: first, status: 'overdue', daysLate: 10 }, fee: null });
    expect(JSON.parse(entry?.after_json ?? '{}')).toMatchObject({ fee: { id: posted.fee.id, amount: 15_00, forItemId: first }, reason: 'Ten days late' });

    // The proposal is gone; the fee is a row of its own in the list and in the payment details.
    const after = await core.ok('schedules:list', { enrollmentId: a.enrollment.id });
    expect(after.items.map((i) => [i.kind, i.dueDate, i.lateFeeProposed])).toEqual([
      ['installment', '2025-01-10', null],
      ['late_fee', '2025-01-20', null],
      ['installment', '2025-02-10', null],
      ['installment', '2025-03-10', null],
    ]);
    expect(after.total).toBe(4);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId: a.enrollment.id });
    expect(details.lateFees).toEqual([]);
    expect(details.items.map((i) => i.kind)).toEqual(['installment', 'installment', 'installment', 'late_fee']);
    expect(details.balance).toBe(315_00);
    expect(details.totals.scheduled).toBe(315_00);
    expect((await core.ok('schedules:list', { overdue: true })).total).toBe(3); // Ada's, Ben's and Cy's Jan 10 items; the fee is due today
    expect(verifyReportSummaries(core.store)).toEqual([]);
  });

  it('refuses, naming itemId, an item inside its grace days, not yet due, a plan without a fee, a fee itself; refuses a cashier and a missing reason', async () => {
    const { a, c } = await seed();
    core.setToday('2025-01-14');
    const unchanged = snapshot(core);
    const early = await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 0), reason: 'Early' });
    expect(early.fields?.itemId).toMatch(/The installment due Jan 10, 2025 is not overdue past the plan’s 5 grace days/);
    core.setToday('2025-01-20');
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 1), reason: 'Not due' })).fields?.itemId).toMatch(/The installment due Feb 10, 2025 is not overdue past/);
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(c, 0), reason: 'No fee' })).fields?.itemId).toMatch(/has no late fee/);
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: 'itm_nope', reason: 'Unknown' })).code).toBe('NOT_FOUND');
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 0), reason: '  ' })).fields).toHaveProperty('reason');
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 0) })).fields).toHaveProperty('reason');
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 0), reason: 'Cashier' }, makeCashier(core))).code).toBe('FORBIDDEN');
    expect(snapshot(core)).toBe(unchanged);

    const fee = (await core.ok('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 0), reason: 'Late' })).fee;
    core.setToday('2025-03-01');
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: fee.id, reason: 'Fee on a fee' })).fields?.itemId).toMatch(/itself a late fee/);
    // A paid item is owed nothing, so no fee.
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: c.enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'TRF-C' });
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(c, 0), reason: 'Paid' })).fields?.itemId).toMatch(/no late fee/);
  });

  it('is paid through the normal oldest-first allocation, waived like any item, and the ledger and report summaries stay equal', async () => {
    const { a, b } = await seed();
    core.setToday('2025-01-20');
    const feeA = (await core.ok('schedules:postLateFee', { requestId: rid(), itemId: itemOf(a, 0), reason: 'Late' })).fee;
    const feeB = (await core.ok('schedules:postLateFee', { requestId: rid(), itemId: itemOf(b, 0), reason: 'Late' })).fee;

    const payment = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: a.enrollment.id, method: 'bank_transfer', amount: 115_00, currency: 'USD', reference: 'TRF-1' });
    expect(payment.allocations.map((x) => [x.itemId, x.amount])).toEqual([[itemOf(a, 0), 100_00], [feeA.id, 15_00]]);
    const paidA = await core.ok('enrollments:paymentDetails', { enrollmentId: a.enrollment.id });
    expect(paidA.items.find((i) => i.id === feeA.id)).toMatchObject({ status: 'paid', paid: 15_00, outstanding: 0 });
    expect(paidA.balance).toBe(200_00);
    expect((await core.ok('schedules:list', { status: ['paid'] })).items.map((i) => i.id).sort()).toEqual([itemOf(a, 0), feeA.id].sort());

    const waived = await core.ok('schedules:waive', { requestId: rid(), itemId: feeB.id, reason: 'First time, forgiven' });
    expect(waived.items).toMatchObject([{ id: feeB.id, kind: 'late_fee', status: 'waived', outstanding: 0 }]);
    const detailsB = await core.ok('enrollments:paymentDetails', { enrollmentId: b.enrollment.id });
    expect(detailsB.balance).toBe(300_00);
    expect(detailsB.totals.waived).toBe(15_00);
    expect(detailsB.lateFees).toEqual([]); // a waived fee is still the item's one fee
    expect((await core.fail('schedules:postLateFee', { requestId: rid(), itemId: itemOf(b, 0), reason: 'Again' })).fields?.itemId).toMatch(/already posted/);

    const ledger = await core.ok('ledger:verify', {});
    expect(ledger.violations).toEqual([]);
    expect(ledger.ok).toBe(true);
    expect(verifyReportSummaries(core.store)).toEqual([]);
  });
});
