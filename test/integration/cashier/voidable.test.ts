import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, moneySnapshot, openDrawer, payCash, verify } from './fixtures';
import type { CashierCore } from './fixtures';

// Issue 17, bug 4: the core says in words whether a payment can still be voided, and the void agrees.
describe('payments:voidable and the same-day void', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  const transfer = async (enrollmentId: string, amount: number) =>
    core.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId, method: 'bank_transfer', amount, currency: 'USD', reference: 'TRF-1' }, core.cashier);

  it('a transfer with no drawer open is voidable the same office day only; after that a refund is the way, in plain words', async () => {
    const { enrollment } = await enroll(core);
    const today = await transfer(enrollment.id, 30_00);
    const earlier = await transfer(enrollment.id, 20_00);
    expect((await core.ok('payments:voidable', { paymentIds: [today.id] }, core.cashier)).payments).toEqual([{ paymentId: today.id, voidable: true, reason: null, key: null, params: {}, refund: false }]);
    await core.ok('payments:void', { requestId: rid(), paymentId: today.id, reason: 'typed 30 for 300' });

    core.setToday('2025-03-16');
    const [answer] = (await core.ok('payments:voidable', { paymentIds: [earlier.id] }, core.cashier)).payments;
    expect(answer).toEqual({ paymentId: earlier.id, voidable: false, reason: 'It was recorded on an earlier day: refund it from Refunds instead.', key: 'payment.voidEarlierDay', params: {}, refund: true });
    const before = moneySnapshot(core);
    const refused = await core.fail('payments:void', { requestId: rid(), paymentId: earlier.id, reason: 'too late' });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: answer?.reason, details: { reason: 'refund_only' } });
    expect(moneySnapshot(core)).toBe(before);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('a payment refunded in full says so (not "partly"), with no id or channel name in the words', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core, 0);
    const paid = await payCash(core, enrollment.id, 100_00);
    await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 100_00, reason: 'wrong course' });
    const [answer] = (await core.ok('payments:voidable', { paymentIds: [paid.id] }, core.cashier)).payments;
    expect(answer).toMatchObject({ voidable: false, reason: 'This payment has been refunded in full: there is nothing left to void.' });
    const refused = await core.fail('payments:void', { requestId: rid(), paymentId: paid.id, reason: 'x' });
    expect(refused.message).toBe(answer?.reason);
    expect(refused.message).not.toMatch(/pay_|itm_|refunds:create|payments:/);
  });
});
