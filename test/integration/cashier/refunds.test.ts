import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCardPayment } from '../../../electron/services/payments/cardPayments';
import { markRefundFailed, markRefundSucceeded } from '../../../electron/services/refunds/stripeRefunds';
import { mulDivRound } from '../../../shared/money';
import { rid } from '../../support/core';
import { payInFull } from '../catalog/fixtures';
import { enroll, makeCashierCore, moneySnapshot, openDrawer, payCash, rows, verify } from './fixtures';
import type { CashierCore } from './fixtures';

/** Money tables without the idempotency record a preview's requestId leaves behind. */
const moneyOnly = (core: CashierCore) => moneySnapshot(core, ['requests']);

describe('cancellations and refunds through invoke', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it('previews a full refund before the start date without writing, then cancels: items cancelled, cash back from the drawer', async () => {
    const { enrollment, items } = await enroll(core, { product: { startDate: '2025-04-01', endDate: '2025-06-30' } });
    await openDrawer(core, 50_00);
    const p = await payCash(core, enrollment.id, 150_00);
    const before = moneyOnly(core);
    const preview = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'moved abroad', preview: true });
    expect(preview).toMatchObject({ preview: true, operationId: null, refunds: [], cancellationId: null });
    expect(preview.proposal).toMatchObject({ paid: 150_00, proposed: 150_00, keptDeposit: 0, policy: 'prorata', currency: 'USD' });
    expect(preview.proposal.basis).toMatch(/before the start date 2025-04-01/);
    expect(preview.proposal.split).toEqual([{ method: 'cash', amount: 150_00, paymentId: p.id, needs: [] }]);
    expect(moneyOnly(core)).toBe(before);

    const cashier = await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'x' }, core.cashier);
    expect(cashier.code).toBe('FORBIDDEN');
    const done = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'moved abroad' });
    expect(done.refunds).toEqual([expect.objectContaining({ method: 'cash', amount: 150_00, status: 'succeeded', paymentId: p.id, cancellationId: done.cancellationId })]);
    expect(done.cancelledItemIds).toEqual(items.map((i) => i.id));
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(details.enrollment.status).toBe('cancelled');
    expect(details.items.every((i) => i.status === 'cancelled' && i.stateReason === 'moved abroad')).toBe(true);
    expect(details.totals.paid).toBe(0);
    expect(details.payments).toHaveLength(1);
    expect(details.refunds).toEqual([expect.objectContaining({ method: 'cash', amount: 150_00, reason: 'moved abroad' })]);
    expect((await core.ok('drawer:current', {})).session?.expectedCash).toBe(50_00);
    expect((await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'again' })).code).toBe('CONFLICT');
    expect(rows(core, `SELECT actor_name FROM audit_log WHERE action = 'enrollment.cancel'`)).toEqual([{ actor_name: 'admin' }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('prorates by the unused days after the start and keeps a non-refundable deposit', async () => {
    const { enrollment } = await enroll(core, { terms: payInFull, product: { price: 300_00, startDate: '2025-03-01', endDate: '2025-03-31' } });
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 300_00, currency: 'USD', reference: 'T' }, core.cashier);
    const preview = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'ill', preview: true });
    const used = mulDivRound(300_00, 14, 31);
    expect(used).toBe(13_548);
    expect(preview.proposal).toMatchObject({ paid: 300_00, proposed: 300_00 - used, policy: 'prorata' });
    expect(preview.proposal.basis).toContain('14 of 31 course days used');

    const dep = await enroll(core, {
      terms: { kind: 'installments', deposit: { kind: 'amount', amount: 50_00 }, count: 2, interval: 'monthly', firstDue: { rule: 'enrollment_date' } },
      planOver: { depositRefundable: false },
      product: { name: 'Deposit course', price: 250_00, startDate: '2025-05-01', endDate: '2025-06-30' },
    });
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: dep.enrollment.id, method: 'bank_transfer', amount: 120_00, currency: 'USD', reference: 'T2' }, core.cashier);
    const depPreview = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: dep.enrollment.id, reason: 'changed plans', preview: true });
    expect(depPreview.proposal).toMatchObject({ paid: 120_00, keptDeposit: 50_00, proposed: 70_00 });
    const done = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: dep.enrollment.id, reason: 'changed plans' });
    expect(done.refunds.map((r) => [r.method, r.amount])).toEqual([['bank_transfer', 70_00]]);
    const items = (await core.ok('enrollments:paymentDetails', { enrollmentId: dep.enrollment.id })).items;
    expect(items.map((i) => [i.kind, i.paid])).toEqual([['deposit', 50_00], ['installment', 0], ['installment', 0]]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('lets an admin override the amount only with a reason, never above what was paid, and a check refund needs its number', async () => {
    const { enrollment } = await enroll(core, { terms: payInFull, product: { refundPolicy: 'none' } });
    await openDrawer(core);
    const p = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 200_00, currency: 'USD', check: { number: '55' } }, core.cashier);
    const before = moneyOnly(core);
    const noReason = await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'r', amount: 100_00 });
    expect(noReason.fields).toHaveProperty('overrideReason');
    const tooMuch = await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'r', amount: 200_01, overrideReason: 'kind' });
    expect(tooMuch.fields).toHaveProperty('amount');
    const noNumber = await core.fail('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'r', amount: 100_00, overrideReason: 'hardship' });
    expect(noNumber.fields).toHaveProperty('split');
    const preview = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'r', amount: 100_00, overrideReason: 'hardship', preview: true });
    expect(preview.proposal.proposed).toBe(0);
    expect(preview.proposal.split).toEqual([{ method: 'check', amount: 100_00, paymentId: p.id, needs: ['checkNumber'] }]);
    expect(moneyOnly(core)).toBe(before);
    const done = await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'r', amount: 100_00, overrideReason: 'hardship', split: [{ method: 'check', amount: 100_00, paymentId: p.id, checkNumber: 'OUT-9' }] });
    expect(done.refunds[0]).toMatchObject({ method: 'check', checkNumber: 'OUT-9', amount: 100_00 });
    expect(rows(core, 'SELECT proposed_amount, refund_amount, override_reason FROM cancellations')).toEqual([{ proposed_amount: 0, refund_amount: 100_00, override_reason: 'hardship' }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('refunds part of what was paid (goodwill), latest item first, never more than paid net of earlier refunds', async () => {
    const { enrollment, items } = await enroll(core);
    await openDrawer(core);
    await payCash(core, enrollment.id, 250_00);
    const cashier = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 1_00, reason: 'x' }, core.cashier);
    expect(cashier.code).toBe('FORBIDDEN');
    const r1 = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 70_00, reason: 'teacher absent twice' });
    expect(r1.refunds.map((r) => [r.method, r.amount, r.status])).toEqual([['cash', 70_00, 'succeeded']]);
    const paid = rows<{ paid_amount: number }>(core, 'SELECT paid_amount FROM schedule_items WHERE enrollment_id = ? ORDER BY seq', enrollment.id).map((r) => r.paid_amount);
    expect(paid).toEqual([100_00, 80_00, 0]);
    expect(items).toHaveLength(3);
    const before = moneySnapshot(core);
    const over = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 180_01, reason: 'x' });
    expect(over).toMatchObject({ code: 'VALIDATION', fields: { amount: 'only $180.00 was paid on this enrollment (net of earlier refunds and voids)' }, key: 'refund.overPaid' });
    expect(moneySnapshot(core)).toBe(before);
    const listed = await core.ok('refunds:list', { enrollmentId: enrollment.id }, core.cashier);
    expect(listed.total).toBe(1);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('a cash refund needs the open drawer; refunds can stay as payer credit, and a credit balance can be paid out', async () => {
    const { enrollment, payerId } = await enroll(core);
    await openDrawer(core);
    await payCash(core, enrollment.id, 100_00);
    await core.ok('drawer:close', { requestId: rid(), countedCash: 200_00 }, core.cashier);
    const before = moneySnapshot(core);
    const noDrawer = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 10_00, reason: 'x' });
    expect(noDrawer.message).toMatch(/The drawer is not open at this desk.*cash refund/);
    expect(moneySnapshot(core)).toBe(before);
    const toCredit = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 30_00, reason: 'keep for next term', toCredit: true });
    expect(toCredit.refunds.map((r) => [r.method, r.amount])).toEqual([['credit', 30_00]]);
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([{ currency: 'USD', amount: 30_00 }]);
    const noSplit = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'credit', payerId, currency: 'USD' }, amount: 30_00, reason: 'pay out' });
    expect(noSplit.fields).toHaveProperty('split');
    const payout = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'credit', payerId, currency: 'USD' }, amount: 30_00, reason: 'pay out', split: [{ method: 'check', amount: 30_00, checkNumber: 'C-1' }] });
    expect(payout.refunds[0]).toMatchObject({ source: 'credit', method: 'check', enrollmentId: null });
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([{ currency: 'USD', amount: 0 }]);
    const overdraw = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'credit', payerId, currency: 'USD' }, amount: 1, reason: 'x', split: [{ method: 'cash', amount: 1 }] });
    expect(overdraw.fields).toHaveProperty('amount');
    expect(await verify(core)).toMatchObject({ ok: true });
  });
});

describe('card payments from Stripe and card refunds through the outbox', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it('recordCardPayment is idempotent by payment intent and never refuses money', async () => {
    const { enrollment, items, payerId } = await enroll(core);
    const input = { paymentIntentId: 'pi_123', chargeId: 'ch_123', enrollmentId: enrollment.id, amount: 100_00, currency: 'USD', receivedAt: core.clock.at, itemIds: [items[1]?.id ?? ''] };
    const first = recordCardPayment(core.store, input, { now: core.clock.at });
    expect(first.created).toBe(true);
    expect(first.payment).toMatchObject({ method: 'card', stripePaymentIntentId: 'pi_123', allocations: [{ seq: 2, amount: 100_00 }], receipt: { number: 'DESK1-000001' } });
    const again = recordCardPayment(core.store, input, { now: core.clock.at });
    expect(again).toEqual({ payment: first.payment, created: false });
    expect(rows(core, 'SELECT id FROM payments')).toHaveLength(1);
    expect(rows(core, `SELECT actor_name FROM audit_log WHERE action = 'payment.card'`)).toEqual([{ actor_name: 'stripe' }]);
    expect(() => recordCardPayment(core.store, { ...input, paymentIntentId: 'pi_other' }, { now: core.clock.at })).toThrow(/already recorded/);
    await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'gone', amount: 0, overrideReason: 'card refunded separately' });
    const late = recordCardPayment(core.store, { ...input, paymentIntentId: 'pi_late', chargeId: 'ch_late' }, { now: core.clock.at });
    expect(late.payment).toMatchObject({ allocations: [], creditCreated: 100_00 });
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([{ currency: 'USD', amount: 100_00 }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('a card refund is pending with an outbox row in the same transaction; success and failure update it and the ledger', async () => {
    const { enrollment, payerId } = await enroll(core, { terms: payInFull });
    const card = recordCardPayment(core.store, { paymentIntentId: 'pi_9', chargeId: 'ch_9', enrollmentId: enrollment.id, amount: 300_00, currency: 'USD', receivedAt: core.clock.at }, { now: core.clock.at }).payment;
    const r = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 40_00, reason: 'partial' });
    const refund = r.refunds[0];
    expect(refund).toMatchObject({ method: 'card', status: 'pending', paymentId: card.id, amount: 40_00 });
    const outbox = rows<{ kind: string; state: string; idempotency_key: string; payload_json: string; attempts: number }>(core, 'SELECT * FROM outbox');
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'stripe.refund', state: 'pending', idempotency_key: `bursar-refund-${refund?.id}`, attempts: 0 });
    expect(JSON.parse(outbox[0]?.payload_json ?? '{}')).toMatchObject({ refundId: refund?.id, paymentIntentId: 'pi_9', chargeId: 'ch_9', amount: 40_00, currency: 'USD', metadata: { bursar_refund_id: refund?.id } });
    const terminalWrong = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 10_00, reason: 'x', split: [{ method: 'card_terminal', amount: 10_00, paymentId: card.id }] });
    expect(terminalWrong.fields).toHaveProperty('split.0.method');
    const tooMuchCard = await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 260_01, reason: 'x', split: [{ method: 'card', amount: 260_01, paymentId: card.id }] });
    expect(tooMuchCard.fields).toHaveProperty('amount');

    const ok = markRefundSucceeded(core.store, refund?.id ?? '', { id: 're_1', status: 'succeeded' }, core.clock.at);
    expect(ok).toMatchObject({ status: 'succeeded', stripeRefundId: 're_1' });
    expect(markRefundSucceeded(core.store, refund?.id ?? '', { id: 're_1' }, core.clock.at)).toEqual(ok);
    expect(() => markRefundFailed(core.store, refund?.id ?? '', { reason: 'late' }, core.clock.at)).toThrow(/already succeeded/);

    const r2 = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 60_00, reason: 'second' });
    const failed = markRefundFailed(core.store, r2.refunds[0]?.id ?? '', { reason: 'charge_disputed' }, core.clock.at);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'charge_disputed' });
    expect(markRefundFailed(core.store, r2.refunds[0]?.id ?? '', { reason: 'again' }, core.clock.at)).toEqual(failed);
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([{ currency: 'USD', amount: 60_00 }]);
    expect((await core.ok('refunds:list', { status: 'failed' })).refunds.map((x) => x.id)).toEqual([failed.id]);
    // The failed 60.00 no longer counts against the card payment: it can be refunded again
    // (leaving aside the 60.00 credit it left, which a refund would otherwise pay out first).
    const again = await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 10_00, reason: 'third', preview: true, useCredit: false });
    expect(again.proposal.split).toEqual([{ method: 'card', amount: 10_00, paymentId: card.id, needs: [] }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });
});
