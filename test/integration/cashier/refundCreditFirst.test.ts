import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, moneySnapshot, rows, verify } from './fixtures';
import type { CashierCore } from './fixtures';

const transfer = (core: CashierCore, enrollmentId: string, amount: number, reference: string) =>
  core.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId, method: 'bank_transfer', amount, currency: 'USD', reference }, core.cashier);

/** Three monthly 300.00 items paid by transfers of 900.00 and 625.00: all paid, 625.00 credit on account. */
async function overpaid(core: CashierCore) {
  const e = await enroll(core, { product: { price: 900_00, startDate: '2999-01-01', endDate: '2999-06-30' } });
  const first = await transfer(core, e.enrollment.id, 900_00, 'TRF-1');
  const second = await transfer(core, e.enrollment.id, 625_00, 'TRF-2');
  expect(second.creditCreated).toBe(625_00);
  return { ...e, first, second };
}

const details = (core: CashierCore, enrollmentId: string) => core.ok('enrollments:paymentDetails', { enrollmentId });
const creditOf = (core: CashierCore, payerId: string) => rows<{ n: number }>(core, `SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE payer_id = ? AND account = 'credit'`, payerId)[0]?.n;

// Issue 17, bug 3: a refund of 625.00 released the paid installments while the payer held
// 625.00 of credit; the payer then owed 625.00 and still held the credit.
describe('a refund without cancelling offers credit on account first', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it('previews the credit first, then pays it out: the items stay paid, the credit is spent, nothing is owed', async () => {
    const { enrollment, payerId } = await overpaid(core);
    const before = moneySnapshot(core, ['requests']);
    const preview = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 625_00, reason: 'overpaid', preview: true });
    expect(preview.proposal).toMatchObject({ paid: 900_00, proposed: 625_00, fromCredit: 625_00, fromPaid: 0, creditOnAccount: 625_00 });
    expect(preview.proposal.split).toEqual([{ method: 'bank_transfer', amount: 625_00, paymentId: null, needs: [], fromCredit: true }]);
    expect(preview.proposal.basis).toMatch(/credit on account is paid out first/);
    expect(moneySnapshot(core, ['requests'])).toBe(before);

    const done = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 625_00, reason: 'overpaid' });
    expect(done.refunds).toEqual([expect.objectContaining({ method: 'bank_transfer', amount: 625_00, source: 'credit', enrollmentId: enrollment.id, paymentId: null, status: 'succeeded' })]);
    const ledger = rows<{ account: string; amount: number; item_id: string | null }>(core, `SELECT account, amount, item_id FROM ledger_entries WHERE refund_id = ? ORDER BY seq`, done.refunds[0]?.id);
    expect(ledger).toEqual([{ account: 'credit', amount: -625_00, item_id: null }, { account: 'refunded', amount: 625_00, item_id: null }]);
    expect(creditOf(core, payerId)).toBe(0);

    const d = await details(core, enrollment.id);
    expect(d.totals.paid).toBe(900_00);
    expect(d.balance).toBe(0);
    expect(d.creditOnAccount).toBe(0);
    expect(d.refunds).toEqual([expect.objectContaining({ amount: 625_00, source: 'credit' })]);
    expect(d.paidMadeOf).toEqual({ payments: 1_525_00, creditApplied: 0, keptAsCredit: 625_00, refunded: 0 });
    expect(d.paidMadeOf.payments + d.paidMadeOf.creditApplied - d.paidMadeOf.keptAsCredit - d.paidMadeOf.refunded).toBe(d.totals.paid);
    expect(rows(core, `SELECT action FROM audit_log WHERE action = 'refund.create'`)).toHaveLength(1);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('takes the rest off the paid items, latest due first, and can be told to leave the credit alone', async () => {
    const { enrollment, payerId, second } = await overpaid(core);
    const both = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 700_00, reason: 'left early', preview: true });
    expect(both.proposal).toMatchObject({ fromCredit: 625_00, fromPaid: 75_00 });
    expect(both.proposal.split).toEqual([
      { method: 'bank_transfer', amount: 625_00, paymentId: null, needs: [], fromCredit: true },
      // Back along the newest transfer, as any refund of paid money goes.
      { method: 'bank_transfer', amount: 75_00, paymentId: second.id, needs: [] },
    ]);
    const noCredit = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 100_00, reason: 'r', preview: true, useCredit: false });
    expect(noCredit.proposal).toMatchObject({ fromCredit: 0, fromPaid: 100_00 });

    const tooMuch = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 1_525_01, reason: 'r', preview: true });
    expect(tooMuch.fields?.amount).toBe("only $900.00 was paid on this enrollment (net of earlier refunds and voids) and the payer's credit on account is $625.00");

    await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 700_00, reason: 'left early' });
    const d = await details(core, enrollment.id);
    expect(d.totals.paid).toBe(825_00);
    expect(d.items.map((i) => i.paid)).toEqual([300_00, 300_00, 225_00]);
    expect(creditOf(core, payerId)).toBe(0);
    expect(d.paidMadeOf).toEqual({ payments: 1_525_00, creditApplied: 0, keptAsCredit: 625_00, refunded: 75_00 });
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('refuses a split that pays out more credit than the payer holds, and a cancellation that tries to, writing nothing', async () => {
    const { enrollment } = await overpaid(core);
    const before = moneySnapshot(core, ['requests']);
    const over = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 700_00, reason: 'r', split: [{ method: 'bank_transfer', amount: 700_00, fromCredit: true }] });
    expect(over.fields?.split).toBe("the payer's credit on account is only $625.00");
    const byCard = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 100_00, reason: 'r', split: [{ method: 'credit', amount: 100_00, fromCredit: true }] });
    expect(byCard.fields?.['split.0.method']).toMatch(/cash, check or bank transfer/);
    const cancel = await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'r', amount: 100_00, overrideReason: 'x', split: [{ method: 'bank_transfer', amount: 100_00, fromCredit: true }] });
    expect(cancel.code).toBe('VALIDATION');
    expect(moneySnapshot(core, ['requests'])).toBe(before);
  });

  it('keeping a refund as credit still releases paid items (it never spends the credit it adds to)', async () => {
    const { enrollment, payerId } = await overpaid(core);
    const r = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 100_00, reason: 'r', toCredit: true, split: [{ method: 'credit', amount: 100_00 }] });
    expect(r.refunds).toEqual([expect.objectContaining({ method: 'credit', source: 'enrollment' })]);
    expect(creditOf(core, payerId)).toBe(725_00);
    expect((await details(core, enrollment.id)).totals.paid).toBe(800_00);
    expect(await verify(core)).toMatchObject({ ok: true });
  });
});
