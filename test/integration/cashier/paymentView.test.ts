import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PaymentView } from '../../../shared/contract/payments';
import { recordCardPayment } from '../../../electron/services/payments/cardPayments';
import { getPaymentView } from '../../../electron/services/payments/paymentsRepo';
import { rid } from '../../support/core';
import { payInFull } from '../catalog/fixtures';
import { enroll, makeCashierCore, openDrawer, payCash } from './fixtures';
import type { CashierCore } from './fixtures';

/**
 * payments:recordManual answers with a view built from the values it wrote instead of
 * reading the payment back; it must be exactly what every later read returns.
 */
describe('the view a payment answers with', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  const readBack = async (p: PaymentView) => {
    const listed = await core.ok('payments:list', { enrollmentId: p.enrollmentId, limit: 100, offset: 0 });
    return listed.payments.find((x) => x.id === p.id);
  };

  it('equals the payment read back, for every method and allocation shape', async () => {
    const a = await enroll(core);
    const b = await enroll(core, { payerId: a.payerId, terms: payInFull, product: { name: 'Second', price: 120_00 } });
    await openDrawer(core);
    const taken: PaymentView[] = [];
    // cash over two items with change, then a picked item out of order
    taken.push(await payCash(core, a.enrollment.id, 150_00, { tendered: 200_00, note: 'first' }));
    taken.push(await payCash(core, a.enrollment.id, 20_00, { itemIds: [a.items[2]?.id ?? '', a.items[1]?.id ?? ''] }));
    // overpayment: the rest becomes credit, allocations stop at what is owed
    taken.push(await payCash(core, b.enrollment.id, 100_00));
    taken.push(await payCash(core, b.enrollment.id, 60_00));
    // credit spent: by method credit, and on top of money on the same item (summed per item)
    taken.push(await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: a.enrollment.id, method: 'credit', amount: 10_00, currency: 'USD' }, core.cashier));
    taken.push(await payCash(core, a.enrollment.id, 5_00, { useCredit: true }));
    // every other manual method, with its details
    taken.push(await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: a.enrollment.id, method: 'check', amount: 7_00, currency: 'USD', check: { number: '1001', bank: 'First Bank', date: '2025-03-14' } }, core.cashier));
    taken.push(await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: a.enrollment.id, method: 'check', amount: 3_00, currency: 'USD', check: { number: '1002' } }, core.cashier));
    taken.push(await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: a.enrollment.id, method: 'bank_transfer', amount: 4_00, currency: 'USD', reference: 'TR-9', receivedAt: '2025-03-14T09:30:00+02:00' }, core.cashier));
    taken.push(await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: a.enrollment.id, method: 'card_terminal', amount: 2_00, currency: 'USD', reference: 'T-77' }, core.cashier));
    // a fully paid enrollment: all of it is credit, no allocations
    taken.push(await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: b.enrollment.id, method: 'bank_transfer', amount: 1_00, currency: 'USD', reference: 'TR-10' }, core.cashier));
    // a Stripe card payment goes through the same code
    taken.push(recordCardPayment(core.store, { paymentIntentId: 'pi_view', chargeId: 'ch_view', enrollmentId: a.enrollment.id, amount: 9_00, currency: 'USD', receivedAt: new Date('2025-03-15T08:00:00Z') }, { now: new Date('2025-03-15T08:00:01Z') }).payment);

    expect(taken.some((p) => p.allocations.length === 0 && p.creditCreated > 0)).toBe(true);
    expect(taken.some((p) => p.allocations.length > 1)).toBe(true);
    expect(taken.some((p) => p.creditApplied > 0)).toBe(true);
    for (const p of taken) {
      expect(await readBack(p)).toEqual(p);
      expect(getPaymentView(core.store, p.id)).toEqual(p);
    }
    // A payer's payments are found through their enrollments (migration 0010 dropped the payer index).
    const byPayer = await core.ok('payments:list', { payerId: a.payerId, limit: 100 });
    expect(byPayer.total).toBe(taken.length);
    expect(new Set(byPayer.payments.map((p) => p.enrollmentId))).toEqual(new Set([a.enrollment.id, b.enrollment.id]));
    const other = await enroll(core);
    await payCash(core, other.enrollment.id, 1_00);
    expect((await core.ok('payments:list', { payerId: other.payerId })).payments.map((p) => p.payerId)).toEqual([other.payerId]);
  });
});
