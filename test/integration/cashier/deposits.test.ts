import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, openDrawer, payCash } from './fixtures';
import type { CashierCore } from './fixtures';

describe('deposits:sessions and deposits:list through invoke', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterEach(() => core.dispose());

  const check = (enrollmentId: string, amount: number, number: string) =>
    core.ok('payments:recordManual', { requestId: rid(), enrollmentId, method: 'check', amount, currency: 'USD', check: { number } }, core.cashier);

  it('lists closed sessions not yet deposited with their cash and checks, and the deposits made of them, newest first', async () => {
    const { enrollment } = await enroll(core);
    const s1 = await openDrawer(core, 20_00);
    await payCash(core, enrollment.id, 50_00);
    await check(enrollment.id, 30_00, '1001');
    const voided = await check(enrollment.id, 12_00, '1002');
    await core.ok('payments:void', { requestId: rid(), paymentId: voided.id, reason: 'bounced at the desk' });
    await core.ok('drawer:close', { requestId: rid(), countedCash: 70_00 }, core.cashier);
    core.setToday('2025-03-16');
    const s2 = await openDrawer(core, 0);
    await core.ok('drawer:close', { requestId: rid(), countedCash: 0 }, core.cashier);
    core.setToday('2025-03-17');
    const s3 = await openDrawer(core, 10_00);
    await check(enrollment.id, 45_00, '1003');

    // The open session is not offered; the voided check is not counted.
    let offered = await core.ok('deposits:sessions', {}, core.cashier);
    expect(offered.sessions).toEqual([
      { id: s1.id, deskCode: 'DESK1', currency: 'USD', zNumber: 1, openedAt: '2025-03-15T10:00:00.000Z', closedAt: '2025-03-15T10:00:00.000Z', countedCash: 70_00, checkCount: 1, checkAmount: 30_00 },
      { id: s2.id, deskCode: 'DESK1', currency: 'USD', zNumber: 2, openedAt: '2025-03-16T10:00:00.000Z', closedAt: '2025-03-16T10:00:00.000Z', countedCash: 0, checkCount: 0, checkAmount: 0 },
    ]);
    expect((await core.ok('deposits:list', {}, core.cashier))).toEqual({ deposits: [], total: 0 });

    const first = await core.ok('deposits:create', { requestId: rid(), sessionIds: [s1.id], slipNumber: 'SLIP-1' }, core.cashier);
    offered = await core.ok('deposits:sessions', {}, core.cashier);
    expect(offered.sessions.map((s) => s.id)).toEqual([s2.id]);

    await core.ok('drawer:close', { requestId: rid(), countedCash: 10_00 }, core.cashier);
    core.setToday('2025-03-18');
    const second = await core.ok('deposits:create', { requestId: rid(), sessionIds: [s2.id, s3.id] }, core.cashier);
    expect(second).toMatchObject({ cashAmount: 10_00, checkAmount: 45_00, checkCount: 1, total: 55_00 });
    expect((await core.ok('deposits:sessions', {}, core.cashier)).sessions).toEqual([]);
    await core.ok('deposits:markDeposited', { requestId: rid(), depositId: first.id, bankReference: 'BANK-1' }, core.cashier);

    const all = await core.ok('deposits:list', {}, core.cashier);
    expect(all.total).toBe(2);
    expect(all.deposits.map((d) => [d.slipNumber, d.status, d.total, d.sessionIds])).toEqual([
      [second.slipNumber, 'prepared', 55_00, [s2.id, s3.id]],
      ['SLIP-1', 'deposited', 70_00 + 30_00, [s1.id]],
    ]);
    expect((await core.ok('deposits:list', { status: 'prepared' }, core.cashier)).deposits.map((d) => d.id)).toEqual([second.id]);
    await core.ok('deposits:markDeposited', { requestId: rid(), depositId: second.id }, core.cashier);
    const prepared = await core.ok('deposits:list', { status: 'prepared' }, core.cashier);
    expect(prepared).toEqual({ deposits: [], total: 0 });
    const page = await core.ok('deposits:list', { status: 'deposited', limit: 1, offset: 1 }, core.cashier);
    expect(page.total).toBe(2);
    expect(page.deposits.map((d) => d.slipNumber)).toEqual(['SLIP-1']);
  });

  it('refuses signed-out callers and bad input', async () => {
    expect((await core.fail('deposits:sessions', {}, null)).code).toBe('FORBIDDEN');
    expect((await core.fail('deposits:list', {}, null)).code).toBe('FORBIDDEN');
    expect((await core.fail('deposits:list', { limit: 0 }, core.cashier)).code).toBe('VALIDATION');
    expect((await core.fail('deposits:list', { status: 'lost' }, core.cashier)).code).toBe('VALIDATION');
    expect((await core.fail('deposits:sessions', { desk: 'X' }, core.cashier)).code).toBe('VALIDATION');
  });
});
