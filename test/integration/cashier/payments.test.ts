import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../shared/contract';
import { createCore } from '../../../electron/core';
import { findPaymentByRequestId } from '../../../electron/services/payments/paymentsRepo';
import { rid } from '../../support/core';
import { createPayer, payInFull } from '../catalog/fixtures';
import { enroll, makeCashierCore, moneySnapshot, openDrawer, payCash, rows, verify } from './fixtures';
import type { CashierCore } from './fixtures';

describe('manual payments through invoke', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it('takes cash with change, pays the oldest due items first, issues receipt DESK1-000001 and audits the cashier', async () => {
    const { enrollment, items } = await enroll(core);
    await openDrawer(core, 100_00);
    const p = await payCash(core, enrollment.id, 150_00, { tendered: 200_00, note: 'first visit' });
    expect(p).toMatchObject({ method: 'cash', amount: 150_00, tendered: 200_00, changeDue: 50_00, creditCreated: 0, status: 'completed', currency: 'USD' });
    expect(p.receipt).toMatchObject({ number: 'DESK1-000001', status: 'issued', deskCode: 'DESK1' });
    expect(p.allocations).toEqual([
      { itemId: items[0]?.id, seq: 1, amount: 100_00 },
      { itemId: items[1]?.id, seq: 2, amount: 50_00 },
    ]);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(details.items.map((i) => [i.seq, i.status, i.paid, i.outstanding])).toEqual([[1, 'paid', 100_00, 0], [2, 'partially_paid', 50_00, 50_00], [3, 'due', 0, 100_00]]);
    expect(details.totals.paid).toBe(150_00);
    expect(details.balance).toBe(150_00);
    expect(details.nextDue?.seq).toBe(2);
    expect(details.payments).toEqual([{ id: p.id, receivedAt: p.receivedAt, method: 'cash', amount: 150_00, currency: 'USD', status: 'completed', receiptNumber: 'DESK1-000001', creditApplied: 0, creditCreated: 0, allocations: p.allocations.map(({ itemId, amount }) => ({ itemId, amount })) }]);
    const listed = await core.ok('schedules:list', { enrollmentId: enrollment.id, status: ['partially_paid'] });
    expect(listed.items.map((i) => i.seq)).toEqual([2]);
    const drawer = await core.ok('drawer:current', {}, core.cashier);
    expect(drawer.session?.expectedCash).toBe(250_00);
    const audit = rows<{ actor_name: string }>(core, `SELECT actor_name FROM audit_log WHERE action = 'payment.record'`);
    expect(audit).toEqual([{ actor_name: 'cashier1' }]);
    expect(await verify(core)).toMatchObject({ ok: true, violations: [] });
  });

  it('turns an overpayment into payer credit, shows it, and spends it later (method credit and useCredit)', async () => {
    const first = await enroll(core, { terms: payInFull, product: { price: 300_00 } });
    await openDrawer(core);
    const over = await payCash(core, first.enrollment.id, 350_00);
    expect(over.creditCreated).toBe(50_00);
    expect(over.allocations.reduce((s, a) => s + a.amount, 0)).toBe(300_00);
    let credit = await core.ok('payers:credit', { payerId: first.payerId }, core.cashier);
    expect(credit.balances).toEqual([{ currency: 'USD', amount: 50_00 }]);

    const second = await enroll(core, { payerId: first.payerId, product: { name: 'Second course', price: 300_00 } });
    const byCredit = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: second.enrollment.id, method: 'credit', amount: 30_00, currency: 'USD' }, core.cashier);
    expect(byCredit).toMatchObject({ method: 'credit', amount: 30_00, creditApplied: 0, allocations: [{ seq: 1, amount: 30_00 }] });
    const tooMuch = await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: second.enrollment.id, method: 'credit', amount: 30_00, currency: 'USD' }, core.cashier);
    expect(tooMuch).toMatchObject({ code: 'VALIDATION', fields: { amount: 'the payer has only $20.00 of credit on account' }, key: 'payment.overCredit', params: { balance: { amount: 20_00, currency: 'USD' } } });
    const mixed = await payCash(core, second.enrollment.id, 80_00, { useCredit: true });
    expect(mixed).toMatchObject({ amount: 80_00, creditApplied: 20_00, creditCreated: 0 });
    expect(mixed.allocations).toEqual([{ itemId: second.items[0]?.id, seq: 1, amount: 70_00 }, { itemId: second.items[1]?.id, seq: 2, amount: 30_00 }]);
    credit = await core.ok('payers:credit', { payerId: first.payerId });
    expect(credit.balances).toEqual([{ currency: 'USD', amount: 0 }]);
    expect(credit.movements.map((m) => m.amount)).toEqual([-20_00, -30_00, 50_00]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('pays the items the cashier picks, in that order, skips paused items otherwise, and keeps the rest as credit', async () => {
    const { enrollment, items, payerId } = await enroll(core);
    await openDrawer(core);
    const picked = await payCash(core, enrollment.id, 120_00, { itemIds: [items[2]?.id ?? ''] });
    expect(picked.allocations).toEqual([{ itemId: items[2]?.id, seq: 3, amount: 100_00 }]);
    expect(picked.creditCreated).toBe(20_00);
    await core.ok('schedules:pause', { requestId: rid(), target: { itemId: items[0]?.id ?? '' }, reason: 'hardship' });
    const next = await payCash(core, enrollment.id, 40_00);
    expect(next.allocations).toEqual([{ itemId: items[1]?.id, seq: 2, amount: 40_00 }]);
    const bad = await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'cash', amount: 1_00, currency: 'USD', itemIds: ['itm_nope'] }, core.cashier);
    expect(bad.fields).toHaveProperty('itemIds.0');
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([{ currency: 'USD', amount: 20_00 }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('takes checks, bank transfers and card-terminal payments with their details', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core);
    const check = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 100_00, currency: 'USD', check: { number: '000123', bank: 'First Bank', date: '2025-03-14' } }, core.cashier);
    expect(check.check).toEqual({ number: '000123', bank: 'First Bank', date: '2025-03-14' });
    const transfer = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 50_00, currency: 'USD', reference: 'TRF-9', receivedAt: '2025-03-14T09:00:00Z' }, core.cashier);
    expect(transfer).toMatchObject({ reference: 'TRF-9', receivedAt: '2025-03-14T09:00:00.000Z', tendered: null, changeDue: null });
    const terminal = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'card_terminal', amount: 25_00, currency: 'USD', reference: 'AUTH 55512' }, core.cashier);
    expect(terminal.receipt.number).toBe('DESK1-000003');
    expect((await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 1_00, currency: 'USD' }, core.cashier)).fields).toHaveProperty('check');
    expect((await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 1_00, currency: 'USD' }, core.cashier)).fields).toHaveProperty('reference');
    expect((await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 1_00, currency: 'USD', tendered: 2_00, check: { number: '1' } }, core.cashier)).fields).toHaveProperty('tendered');
    const listed = await core.ok('payments:list', { enrollmentId: enrollment.id });
    expect(listed.total).toBe(3);
    expect((await core.ok('payments:list', { receiptNumber: 'desk1-000002' })).payments.map((p) => p.id)).toEqual([transfer.id]);
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const { enrollment } = await enroll(core);
    const base = { enrollmentId: enrollment.id, method: 'cash', currency: 'USD' } as const;
    const before = moneySnapshot(core);
    const cases: [unknown, string][] = [
      [{ ...base, requestId: rid(), amount: 0 }, 'amount'],
      [{ ...base, requestId: rid(), amount: -5 }, 'amount'],
      [{ ...base, requestId: rid(), amount: 1_000_000_001 }, 'amount'],
      [{ ...base, requestId: rid(), amount: 10.5 }, 'amount'],
      [{ ...base, requestId: rid(), amount: 100, currency: 'EUR', method: 'bank_transfer', reference: 'x' }, 'currency'],
      [{ ...base, requestId: rid(), amount: 100, currency: 'XYZ' }, 'currency'],
      [{ ...base, requestId: rid(), amount: 100, method: 'card' }, 'method'],
      [{ ...base, requestId: rid(), amount: 100, extra: 1 }, 'extra'],
      [{ ...base, requestId: rid(), amount: 100, receivedAt: '2030-01-01T00:00:00Z', method: 'bank_transfer', reference: 'x' }, 'receivedAt'],
    ];
    for (const [input, field] of cases) {
      const error = await core.fail('payments:recordManual', input, core.cashier);
      expect(error.code, JSON.stringify(input)).toBe('VALIDATION');
      expect(Object.keys(error.fields ?? {}), JSON.stringify(input)).toContain(field);
    }
    const unknown = await core.fail('payments:recordManual', { ...base, requestId: rid(), enrollmentId: 'enr_missing', amount: 100 }, core.cashier);
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('This enrollment does not exist'), details: { id: 'enr_missing' } });
    expect(unknown.message).not.toContain('enr_missing');
    const noDrawer = await core.fail('payments:recordManual', { ...base, requestId: rid(), amount: 100 }, core.cashier);
    expect(noDrawer.code).toBe('CONFLICT');
    expect(noDrawer.message).toMatch(/The drawer is not open at this desk: open it on the Drawer screen/);
    const noDrawerCheck = await core.fail('payments:recordManual', { ...base, method: 'check', check: { number: '7' }, requestId: rid(), amount: 100 }, core.cashier);
    expect(noDrawerCheck.message).toMatch(/The drawer is not open at this desk/);
    expect(moneySnapshot(core)).toBe(before);
    await openDrawer(core);
    const short = await core.fail('payments:recordManual', { ...base, requestId: rid(), amount: 100_00, tendered: 50_00 }, core.cashier);
    expect(short.fields).toHaveProperty('tendered');
    const anonymous = await core.fail('payments:recordManual', { ...base, requestId: rid(), amount: 100 }, null);
    expect(anonymous.code).toBe('FORBIDDEN');
  });

  it('replays the same requestId: one payment, one receipt, same answer; a different input under it is refused', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core);
    const input = { requestId: rid('same'), enrollmentId: enrollment.id, method: 'cash', amount: 10_00, currency: 'USD' } as const;
    const first = await core.ok('payments:recordManual', input, core.cashier);
    const again = await core.ok('payments:recordManual', input, core.cashier);
    expect(again).toEqual(first);
    expect(rows(core, 'SELECT id FROM payments')).toHaveLength(1);
    expect(rows(core, 'SELECT id FROM receipts')).toHaveLength(1);
    const other = await core.fail('payments:recordManual', { ...input, amount: 11_00 }, core.cashier);
    expect(other.code).toBe('CONFLICT');
    expect(findPaymentByRequestId(core.store, input.requestId)?.id).toBe(first.id);
    expect(findPaymentByRequestId(core.store, 'never-sent-1')).toBeNull();
  });

  it('two desks (two cores on one file) paying the last due item: one allocation, the other becomes credit', async () => {
    const { enrollment, items, payerId } = await enroll(core, { terms: payInFull, product: { price: 80_00 } });
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 30_00, currency: 'USD', reference: 'part' }, core.cashier);
    const other = createCore({ dataDir: core.dataDir, now: () => core.clock.at });
    try {
      const input = (label: string): InputOf<'payments:recordManual'> => ({ requestId: rid(label), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 50_00, currency: 'USD', reference: label });
      const [a, b] = await Promise.all([
        core.invoke('payments:recordManual', input('desk-a'), core.cashier),
        other.invoke('payments:recordManual', input('desk-b'), core.cashier),
      ]);
      if (!a.ok || !b.ok) throw new Error('both payments should be accepted');
      const allocated = [a.value, b.value].map((p) => p.allocations.reduce((s, x) => s + x.amount, 0)).sort();
      expect(allocated).toEqual([0, 50_00]);
      expect([a.value.creditCreated, b.value.creditCreated].sort()).toEqual([0, 50_00]);
      expect(new Set([a.value.receipt.number, b.value.receipt.number]).size).toBe(2);
    } finally {
      other.close();
    }
    expect(rows<{ paid_amount: number }>(core, 'SELECT paid_amount FROM schedule_items WHERE id = ?', items[0]?.id)).toEqual([{ paid_amount: 80_00 }]);
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([{ currency: 'USD', amount: 50_00 }]);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('refuses payments on a cancelled enrollment and a payment for another payer in a new enrollment keeps numbering', async () => {
    const { enrollment } = await enroll(core);
    await core.ok('enrollments:cancel', { requestId: rid(), enrollmentId: enrollment.id, reason: 'moved away' });
    const error = await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 1_00, currency: 'USD', reference: 'x' }, core.cashier);
    expect(error.code).toBe('CONFLICT');
    const payer = await createPayer(core);
    const other = await enroll(core, { payerId: payer.id, product: { name: 'Other' } });
    const p = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: other.enrollment.id, method: 'bank_transfer', amount: 1_00, currency: 'USD', reference: 'x' }, core.cashier);
    expect(p.receipt.number).toBe('DESK1-000001');
  });
});

describe('schedules:list filters follow the allocations', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-05-01');
  });
  afterEach(() => core.dispose());

  it('paid, partially paid, due and overdue come from the paid cache, page and count alike', async () => {
    core.setToday('2025-03-15');
    const { enrollment, items } = await enroll(core);
    core.setToday('2025-05-01');
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 130_00, currency: 'USD', reference: 'x' }, core.cashier);
    const ids = async (status: ('paid' | 'partially_paid' | 'due' | 'overdue')[]) => {
      const r = await core.ok('schedules:list', { enrollmentId: enrollment.id, status });
      return r.items.map((i) => i.id);
    };
    expect(await ids(['paid'])).toEqual([items[0]?.id]);
    expect(await ids(['partially_paid'])).toEqual([items[1]?.id]);
    expect(await ids(['overdue'])).toEqual([]);
    expect(await ids(['due'])).toEqual([items[2]?.id]);
    expect(await ids(['paid', 'due'])).toEqual([items[0]?.id, items[2]?.id]);
    expect((await core.ok('schedules:list', { overdue: false, enrollmentId: enrollment.id })).items).toHaveLength(3);
  });
});
