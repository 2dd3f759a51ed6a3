import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorFormat, renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorParams } from '../../../shared/errorMessages';
import { formatMoney, mulDivRound } from '../../../shared/money';
import { intlFor } from '../../../renderer/src/i18n';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, rows, verify } from './fixtures';
import type { CashierCore } from './fixtures';

/**
 * A paid late fee is kept by a cancellation, as a non-refundable deposit is: the proposal
 * leaves it out of the refund (and out of the pro-rated course), shows it as `keptLateFees`,
 * and the real cancel writes exactly the previewed refund, leaving the fee item paid. An
 * unpaid fee is cancelled with the other remaining items.
 */
const FEE = 15_00;

/** The proposal's basis as the window words it in `locale`: its catalog's sentence, dates and amounts in that locale. */
const windowBasis = (words: { key: string; params: ErrorParams }, locale: string) =>
  renderErrorMessage(words.key, words.params, { ...errorFormat(locale), words: (k, p) => intlFor(locale).formatMessage({ id: `error.${k}` }, p) });

describe('enrollments:cancel with late fees', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-01-10');
  });
  afterEach(() => core.dispose());

  /** 3 monthly items of 100.00 due Jan 10, Feb 10, Mar 10; the plan charges 15.00 after 5 grace days. */
  async function enrolled(product: { startDate: string; endDate: string }) {
    core.setToday('2025-01-10');
    return enroll(core, { product: { price: 300_00, ...product }, planOver: { lateFee: { amount: FEE, graceDays: 5 } } });
  }
  /** Ten days late on the Jan 10 item: the fee is posted (due Jan 20). */
  async function postFee(itemId: string) {
    core.setToday('2025-01-20');
    return (await core.ok('schedules:postLateFee', { requestId: rid('fee'), itemId, reason: 'Ten days late' })).fee;
  }
  const pay = (enrollmentId: string, amount: number) =>
    core.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId, method: 'bank_transfer', amount, currency: 'USD', reference: `T-${amount}` }, core.cashier);
  const preview = (enrollmentId: string) => core.ok('enrollments:cancel', { requestId: rid('prev'), enrollmentId, reason: 'Moved away', preview: true });
  const cancel = (enrollmentId: string) => core.ok('enrollments:cancel', { requestId: rid('cnl'), enrollmentId, reason: 'Moved away' });
  const itemsOf = async (enrollmentId: string) => (await core.ok('enrollments:paymentDetails', { enrollmentId })).items.map((i) => ({ kind: i.kind, status: i.status, paid: i.paid }));
  const cancellationOf = (enrollmentId: string) =>
    rows<{ proposed_amount: number; refund_amount: number; basis: string; override_reason: string | null }>(core, 'SELECT proposed_amount, refund_amount, basis, override_reason FROM cancellations WHERE enrollment_id = ?', enrollmentId);

  it('before the start, a paid late fee is kept: paid − fee is proposed, and the cancel writes exactly the preview', async () => {
    const { enrollment, items } = await enrolled({ startDate: '2025-06-01', endDate: '2025-08-31' });
    const fee = await postFee(items[0]?.id ?? '');
    // Oldest due first: the Jan 10 installment, then the fee.
    await pay(enrollment.id, 100_00 + FEE);
    expect((await itemsOf(enrollment.id)).map((i) => [i.kind, i.paid])).toEqual([['installment', 100_00], ['installment', 0], ['installment', 0], ['late_fee', FEE]]);

    const shown = await preview(enrollment.id);
    expect(shown.proposal).toMatchObject({ paid: 100_00 + FEE, proposed: 100_00, keptDeposit: 0, keptLateFees: FEE, policy: 'prorata' });
    expect(shown.proposal.basis).toBe('Cancelled before the start date 2025-06-01: full refund; paid late fees ($15.00) are kept');
    // Issue 17: the window words the basis from its key, the date in the office's locale (never ISO), in English or Spanish.
    expect(shown.proposal.basisWords).toEqual({ key: 'refundBasis.beforeStart', params: { start: { day: '2025-06-01' }, keepsDeposit: false, deposit: { amount: 0, currency: 'USD' }, keepsFees: true, fees: { amount: FEE, currency: 'USD' } } });
    expect(windowBasis(shown.proposal.basisWords, 'en-US')).toBe('Cancelled before the start date Jun 1, 2025: full refund; paid late fees ($15.00) are kept');
    expect(windowBasis(shown.proposal.basisWords, 'es-ES')).toBe('Cancelado antes de la fecha de inicio (1 jun 2025): reembolso completo; se retienen los recargos por mora pagados (15,00\u00a0US$)');

    const done = await cancel(enrollment.id);
    expect(done.proposal).toEqual(shown.proposal);
    expect(done.refunds.map((r) => [r.method, r.amount])).toEqual([['bank_transfer', 100_00]]);
    expect(cancellationOf(enrollment.id)).toEqual([{ proposed_amount: 100_00, refund_amount: 100_00, basis: shown.proposal.basis, override_reason: null }]);
    // The refund came out of the installment; the fee item stays paid.
    const after = await itemsOf(enrollment.id);
    expect(after.map((i) => [i.kind, i.status, i.paid])).toEqual([['installment', 'cancelled', 0], ['installment', 'cancelled', 0], ['installment', 'cancelled', 0], ['late_fee', 'cancelled', FEE]]);
    expect(done.cancelledItemIds).toContain(fee.id);
    expect((await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id })).totals.paid).toBe(FEE);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('after the start, the fee is no part of the pro-rated base; an admin may still refund it with a reason', async () => {
    const { enrollment, items } = await enrolled({ startDate: '2025-01-01', endDate: '2025-03-31' });
    await postFee(items[0]?.id ?? '');
    await pay(enrollment.id, 300_00 + FEE);
    core.setToday('2025-02-15');

    // Jan 1 – Mar 31 is 90 days; Jan 1 up to Feb 15 is 45 used: half the 300.00 course is charged.
    const used = mulDivRound(300_00, 45, 90);
    const shown = await preview(enrollment.id);
    expect(shown.proposal).toMatchObject({ paid: 300_00 + FEE, proposed: 300_00 - used, keptLateFees: FEE, policy: 'prorata' });
    expect(shown.proposal.basis).toBe(`45 of 90 course days used: ${formatMoney(used, 'USD')} of $300.00 is charged; paid late fees ($15.00) are kept`);
    expect(windowBasis(shown.proposal.basisWords, 'es-ES')).toBe(`45 de 90 días del curso usados: se cobran ${formatMoney(used, 'USD', 'es-ES')} de 300,00\u00a0US$; se retienen los recargos por mora pagados (15,00\u00a0US$)`);
    expect(shown.proposal.split).toEqual([{ method: 'bank_transfer', amount: 300_00 - used, paymentId: expect.any(String), needs: [] }]);

    // Giving the fee back too is the admin's call, with a reason.
    const more = await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'Moved away', amount: 300_00 - used + FEE });
    expect(more.fields).toHaveProperty('overrideReason');
    const done = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'Moved away', amount: 300_00 - used + FEE, overrideReason: 'Fee forgiven: the office was closed' });
    expect(done.refunds.map((r) => r.amount)).toEqual([300_00 - used + FEE]);
    expect(cancellationOf(enrollment.id)).toEqual([{ proposed_amount: 300_00 - used, refund_amount: 300_00 - used + FEE, basis: shown.proposal.basis, override_reason: 'Fee forgiven: the office was closed' }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('a pro-rata cancel at the policy amount writes the previewed figures and keeps the fee paid', async () => {
    const { enrollment, items } = await enrolled({ startDate: '2025-01-01', endDate: '2025-03-31' });
    await postFee(items[0]?.id ?? '');
    await pay(enrollment.id, 300_00 + FEE);
    core.setToday('2025-02-15');
    const shown = await preview(enrollment.id);
    const done = await cancel(enrollment.id);
    expect(done.proposal).toEqual(shown.proposal);
    expect(done.refunds.reduce((s, r) => s + r.amount, 0)).toBe(shown.proposal.proposed);
    const fee = (await itemsOf(enrollment.id)).find((i) => i.kind === 'late_fee');
    expect(fee).toEqual({ kind: 'late_fee', status: 'cancelled', paid: FEE });
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('a waived fee changes nothing: the proposal equals that of the same enrollment without a fee, and the fee stays waived', async () => {
    const product = { startDate: '2025-06-01', endDate: '2025-08-31' };
    const plain = await enrolled(product);
    const withFee = await enrolled(product);
    const fee = await postFee(withFee.items[0]?.id ?? '');
    await core.ok('schedules:waive', { requestId: rid('waive'), itemId: fee.id, reason: 'First time' });
    await pay(plain.enrollment.id, 100_00);
    await pay(withFee.enrollment.id, 100_00);

    const a = await preview(plain.enrollment.id);
    const b = await preview(withFee.enrollment.id);
    expect(b.proposal).toEqual({ ...a.proposal, split: [{ ...a.proposal.split[0], paymentId: b.proposal.split[0]?.paymentId }] });
    expect(b.proposal).toMatchObject({ paid: 100_00, proposed: 100_00, keptLateFees: 0 });
    expect(b.proposal.basis).not.toMatch(/late fee/);

    const done = await cancel(withFee.enrollment.id);
    expect(done.proposal).toEqual(b.proposal);
    expect(done.cancelledItemIds).not.toContain(fee.id);
    expect((await itemsOf(withFee.enrollment.id)).find((i) => i.kind === 'late_fee')).toEqual({ kind: 'late_fee', status: 'waived', paid: 0 });
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('an unpaid late fee is cancelled with the other remaining items, and nothing of it is proposed', async () => {
    const { enrollment, items } = await enrolled({ startDate: '2025-06-01', endDate: '2025-08-31' });
    const fee = await postFee(items[0]?.id ?? '');
    // Picked: only the installment is paid; the fee is still owed.
    await core.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'T', itemIds: [items[0]?.id ?? ''] }, core.cashier);
    const shown = await preview(enrollment.id);
    expect(shown.proposal).toMatchObject({ paid: 100_00, proposed: 100_00, keptLateFees: 0 });
    const done = await cancel(enrollment.id);
    expect(done.proposal).toEqual(shown.proposal);
    expect(done.cancelledItemIds).toContain(fee.id);
    expect((await itemsOf(enrollment.id)).find((i) => i.kind === 'late_fee')).toEqual({ kind: 'late_fee', status: 'cancelled', paid: 0 });
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(details.balance).toBe(0);
    expect(await verify(core)).toMatchObject({ ok: true });
  });
});
