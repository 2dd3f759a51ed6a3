import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, moneySnapshot, openDrawer, payCash, rows, verify } from './fixtures';
import type { CashierCore } from './fixtures';

describe('drawer sessions, Z reports and deposits', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  it('opens one session per desk, moves cash in and out with reasons, and derives expected cash', async () => {
    expect((await core.ok('drawer:current', {}, core.cashier)).session).toBeNull();
    const opened = await openDrawer(core, 150_00);
    expect(opened).toMatchObject({ status: 'open', deskCode: 'DESK1', currency: 'USD', openingFloat: 150_00, expectedCash: 150_00, zNumber: null });
    const twice = await core.fail('drawer:open', { requestId: rid(), openingFloat: 0 }, core.cashier);
    expect(twice).toMatchObject({ code: 'CONFLICT', details: { sessionId: opened.id } });
    const inMove = await core.ok('drawer:move', { requestId: rid(), kind: 'paid_in', amount: 20_00, reason: 'change from the bank' }, core.cashier);
    expect(inMove.session.expectedCash).toBe(170_00);
    const outMove = await core.ok('drawer:move', { requestId: rid(), kind: 'paid_out', amount: 15_50, reason: 'printer paper' }, core.cashier);
    expect(outMove.session.expectedCash).toBe(154_50);
    const tooMuch = await core.fail('drawer:move', { requestId: rid(), kind: 'paid_out', amount: 200_00, reason: 'x' }, core.cashier);
    expect(tooMuch.fields).toHaveProperty('amount');
    const noReason = await core.fail('drawer:move', { requestId: rid(), kind: 'paid_out', amount: 1_00, reason: '  ' }, core.cashier);
    expect(noReason.fields).toHaveProperty('reason');
    expect((await core.ok('drawer:current', {}, core.cashier)).session?.expectedCash).toBe(154_50);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('closes with a count: over/short needs a note, denominations must add up, a Z number is taken, and cash then needs a new session', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core, 100_00);
    await payCash(core, enrollment.id, 120_00, { tendered: 140_00 });
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 60_00, currency: 'USD', check: { number: '4711', bank: 'Credit Union' } }, core.cashier);
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 10_00, currency: 'USD', reference: 'T1' }, core.cashier);
    const noNote = await core.fail('drawer:close', { requestId: rid(), countedCash: 215_00 }, core.cashier);
    expect(noNote.fields).toHaveProperty('note');
    const badCount = await core.fail('drawer:close', { requestId: rid(), countedCash: 215_00, note: 'x', denominations: [{ value: 100_00, count: 2 }] }, core.cashier);
    expect(badCount.fields).toHaveProperty('denominations');
    const closed = await core.ok('drawer:close', { requestId: rid(), countedCash: 215_00, note: 'a five went missing', denominations: [{ value: 100_00, count: 2 }, { value: 5_00, count: 3 }] }, core.cashier);
    expect(closed.session).toMatchObject({ status: 'closed', expectedCash: 220_00, countedCash: 215_00, overShort: -5_00, closeNote: 'a five went missing', zNumber: 1 });
    const z = await core.ok('drawer:zReport', { sessionId: closed.session.id }, core.cashier);
    expect(z).toMatchObject({
      zNumber: 1,
      title: 'Z report DESK1-Z0001',
      paymentCount: 3,
      paymentTotal: 190_00,
      voids: { count: 0, amount: 0 },
      paidIn: 0,
      paidOut: 0,
      denominations: [{ value: 100_00, count: 2 }, { value: 5_00, count: 3 }],
    });
    expect(z.totalsByMethod).toEqual([
      { method: 'bank_transfer', count: 1, amount: 10_00 },
      { method: 'cash', count: 1, amount: 120_00 },
      { method: 'check', count: 1, amount: 60_00 },
    ]);
    expect(z.checks).toEqual([expect.objectContaining({ number: '4711', bank: 'Credit Union', amount: 60_00, receiptNumber: 'DESK1-000002' })]);
    expect(z.session.overShort).toBe(-5_00);
    const again = await core.fail('drawer:close', { requestId: rid(), countedCash: 0 }, core.cashier);
    expect(again.message).toMatch(/The drawer is not open at this desk/);
    const cash = await core.fail('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'cash', amount: 1_00, currency: 'USD' }, core.cashier);
    expect(cash.message).toMatch(/The drawer is not open at this desk: open it on the Drawer screen/);
    const second = await openDrawer(core, 50_00);
    const closed2 = await core.ok('drawer:close', { requestId: rid(), countedCash: 50_00 }, core.cashier);
    expect(closed2.zNumber).toBe(2);
    expect(second.id).toBe(closed2.session.id);
    const open = await openDrawer(core, 0);
    expect((await core.fail('drawer:zReport', { sessionId: open.id }, core.cashier)).code).toBe('CONFLICT');
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('groups the cash and checks of closed sessions into a deposit, once, and marks it deposited', async () => {
    const { enrollment } = await enroll(core);
    const s1 = await openDrawer(core, 20_00);
    await payCash(core, enrollment.id, 50_00);
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 30_00, currency: 'USD', check: { number: '1001' } }, core.cashier);
    await core.ok('drawer:close', { requestId: rid(), countedCash: 70_00 }, core.cashier);
    const s2 = await openDrawer(core, 0);
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 45_00, currency: 'USD', check: { number: '1002' } }, core.cashier);
    const stillOpen = await core.fail('deposits:create', { requestId: rid(), sessionIds: [s1.id, s2.id] }, core.cashier);
    expect(stillOpen.fields).toHaveProperty('sessionIds.1');
    await core.ok('drawer:close', { requestId: rid(), countedCash: 0 }, core.cashier);
    const deposit = await core.ok('deposits:create', { requestId: rid(), sessionIds: [s1.id, s2.id] }, core.cashier);
    expect(deposit).toMatchObject({ slipNumber: 'DESK1-D00001', cashAmount: 70_00, checkAmount: 75_00, checkCount: 2, total: 145_00, status: 'prepared', sessionIds: [s1.id, s2.id] });
    const twice = await core.fail('deposits:create', { requestId: rid(), sessionIds: [s1.id] }, core.cashier);
    expect(twice).toMatchObject({ code: 'CONFLICT', details: { depositId: deposit.id } });
    const done = await core.ok('deposits:markDeposited', { requestId: rid(), depositId: deposit.id, bankReference: 'BANK-77' }, core.cashier);
    expect(done).toMatchObject({ status: 'deposited', bankReference: 'BANK-77', depositedAt: '2025-03-15T10:00:00.000Z' });
    expect((await core.fail('deposits:markDeposited', { requestId: rid(), depositId: deposit.id }, core.cashier)).code).toBe('CONFLICT');
  });

  it('voids a payment of the open session: allocations undone with new ledger rows, receipt void but its number used, drawer adjusted', async () => {
    const { enrollment, payerId } = await enroll(core);
    await openDrawer(core, 100_00);
    const p = await payCash(core, enrollment.id, 130_00, { tendered: 150_00 });
    const ledgerBefore = rows(core, 'SELECT * FROM ledger_entries ORDER BY seq');
    const forbidden = await core.fail('payments:void', { requestId: rid(), paymentId: p.id, reason: 'typo' }, core.cashier);
    expect(forbidden.code).toBe('FORBIDDEN');
    const voided = await core.ok('payments:void', { requestId: rid(), paymentId: p.id, reason: 'wrong student' });
    expect(voided).toMatchObject({ status: 'voided', voidReason: 'wrong student', receipt: { number: 'DESK1-000001', status: 'void' } });
    // The original rows are untouched; the void added their negation.
    expect(rows(core, 'SELECT * FROM ledger_entries ORDER BY seq').slice(0, ledgerBefore.length)).toEqual(ledgerBefore);
    expect(rows<{ event: string }>(core, `SELECT event FROM ledger_entries WHERE event = 'void'`).length).toBe(ledgerBefore.filter((r) => (r as { payment_id: string | null }).payment_id === p.id).length);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(details.totals.paid).toBe(0);
    expect(details.payments[0]).toMatchObject({ status: 'voided', receiptNumber: 'DESK1-000001' });
    expect((await core.ok('drawer:current', {})).session?.expectedCash).toBe(100_00);
    expect((await core.ok('payers:credit', { payerId })).balances).toEqual([]);
    const next = await payCash(core, enrollment.id, 10_00);
    expect(next.receipt.number).toBe('DESK1-000002');
    expect((await core.fail('payments:void', { requestId: rid(), paymentId: p.id, reason: 'again' })).code).toBe('CONFLICT');
    expect(() => core.store.raw.prepare('DELETE FROM ledger_entries').run()).toThrow(/append-only/);
    expect(() => core.store.raw.prepare('UPDATE ledger_entries SET amount = 1').run()).toThrow(/append-only/);
    expect(() => core.store.raw.prepare('DELETE FROM payments').run()).toThrow(/never deleted/);
    expect(await verify(core)).toMatchObject({ ok: true });
  });

  it('a cashier voids with an admin override (audit names both); after the session closes only a refund is possible', async () => {
    const { enrollment } = await enroll(core);
    const conn = core.connect();
    expect((await conn.invoke('auth:login', { username: 'cashier1', password: 'cashier-pass' })).ok).toBe(true);
    expect((await conn.invoke('drawer:open', { requestId: rid(), openingFloat: 0 })).ok).toBe(true);
    const paid = await conn.invoke('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'cash', amount: 25_00, currency: 'USD' });
    if (!paid.ok) throw new Error(paid.error.message);
    const grant = await conn.invoke('auth:override', { username: 'admin', password: 'admin-pass', channel: 'payments:void' });
    expect(grant.ok).toBe(true);
    const voided = await conn.invoke('payments:void', { requestId: rid(), paymentId: paid.value.id, reason: 'customer changed mind' });
    expect(voided.ok).toBe(true);
    expect(rows(core, `SELECT actor_name, override_by FROM audit_log WHERE action = 'payment.void'`)).toEqual([{ actor_name: 'cashier1', override_by: 'admin' }]);

    const kept = await conn.invoke('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'cash', amount: 40_00, currency: 'USD' });
    if (!kept.ok) throw new Error(kept.error.message);
    await conn.invoke('drawer:close', { requestId: rid(), countedCash: 40_00 });
    const before = moneySnapshot(core);
    const late = await core.fail('payments:void', { requestId: rid(), paymentId: kept.value.id, reason: 'too late' });
    expect(late).toMatchObject({ code: 'CONFLICT', details: { reason: 'refund_only' } });
    expect(late.message).toMatch(/closed.*refund/);
    expect(moneySnapshot(core)).toBe(before);
    expect(await verify(core)).toMatchObject({ ok: true });
  });
});
