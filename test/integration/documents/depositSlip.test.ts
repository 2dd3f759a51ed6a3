import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { pdfLines } from '../../support/pdfText';
import { enroll, makeCashierCore, moneySnapshot, openDrawer, payCash, rows } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';

describe('deposit slips and keeping a float in the drawer', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Training Office', timeZone: 'UTC' } });
  });
  afterEach(() => core.dispose());

  it('keeps a float back from the deposit by the deposit row alone, offers it to the next opening, and prints the slip', async () => {
    const payer = await createPayer(core, { name: 'Nguyễn Văn An' });
    const { enrollment } = await enroll(core, { payerId: payer.id });
    await openDrawer(core, 100_00);
    await payCash(core, enrollment.id, 150_00);
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 40_00, currency: 'USD', check: { number: '7781', bank: 'Harbour Bank' } }, core.cashier);
    const closed = await core.ok('drawer:close', { requestId: rid(), countedCash: 250_00 }, core.cashier);
    expect((await core.ok('drawer:current', {}, core.cashier)).carriedFloat).toBeNull();

    // Refused whole: more float than cash counted.
    const before = moneySnapshot(core, ['requests']);
    const tooMuch = await core.fail('deposits:create', { requestId: rid(), sessionIds: [closed.session.id], keepFloat: 250_01 }, core.cashier);
    expect(tooMuch.fields?.keepFloat).toBe('is more than the $250.00 of cash counted');
    expect(moneySnapshot(core, ['requests'])).toBe(before);

    core.setToday('2025-03-16');
    const sessionBefore = rows(core, 'SELECT * FROM drawer_sessions');
    const d = await core.ok('deposits:create', { requestId: rid(), sessionIds: [closed.session.id], keepFloat: 100_00 }, core.cashier);
    expect(d).toMatchObject({ slipNumber: 'DESK1-D00001', cashAmount: 150_00, floatKept: 100_00, checkAmount: 40_00, checkCount: 1, total: 190_00 });
    // No fact edited: the session keeps its count; only its deposit link is set, as before.
    expect(rows<{ counted_cash: number }>(core, 'SELECT counted_cash FROM drawer_sessions')).toEqual(sessionBefore.map(() => ({ counted_cash: 250_00 })));
    const audit = rows<{ after_json: string }>(core, `SELECT after_json FROM audit_log WHERE action = 'deposit.create'`);
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({ floatKept: 100_00, cashAmount: 150_00 });
    expect((await core.ok('drawer:current', {}, core.cashier)).carriedFloat).toEqual({ amount: 100_00, currency: 'USD', slipNumber: 'DESK1-D00001' });

    const slip = await core.ok('deposits:slipPdf', { depositId: d.id }, core.cashier);
    expect(slip).toMatchObject({ number: 'DESK1-D00001', fileName: 'deposit-slip-DESK1-D00001.pdf' });
    const lines = await pdfLines(Buffer.from(slip.base64, 'base64'));
    for (const line of [
      'Northside Training Office', 'Deposit slip DESK1-D00001', 'Desk DESK1', 'Currency USD', 'Prepared by Front Desk', 'Prepared Mar 16, 2025, 10:00 AM UTC',
      'Drawer DESK1-Z0001 counted $250.00', 'Float kept in the drawer -$100.00', 'Cash deposited $150.00',
      'Checks (1)', 'Check 7781 Harbour Bank Nguyễn Văn An DESK1-000002 $40.00', 'Checks deposited $40.00', 'Total deposit $190.00',
    ]) expect(lines, `${line} in ${JSON.stringify(lines)}`).toContain(line);

    core.setToday('2025-03-17');
    const next = await openDrawer(core, 100_00);
    expect(next.openingFloat).toBe(100_00);
    const opened = rows<{ after_json: string }>(core, `SELECT after_json FROM audit_log WHERE action = 'drawer.open' ORDER BY seq DESC LIMIT 1`);
    expect(JSON.parse(opened[0]?.after_json ?? '{}')).toMatchObject({ floatCarriedFrom: 'DESK1-D00001', floatCarried: 100_00 });
    await core.ok('drawer:close', { requestId: rid(), countedCash: 100_00 }, core.cashier);
    expect((await core.ok('drawer:current', {}, core.cashier)).carriedFloat).toBeNull();
    expect(await core.ok('ledger:verify', {})).toMatchObject({ ok: true });
  });

  it('refuses to keep a float once the drawer is open again', async () => {
    await openDrawer(core, 50_00);
    const closed = await core.ok('drawer:close', { requestId: rid(), countedCash: 50_00 }, core.cashier);
    await openDrawer(core, 0);
    const refused = await core.fail('deposits:create', { requestId: rid(), sessionIds: [closed.session.id], keepFloat: 50_00 }, core.cashier);
    expect(refused.fields?.keepFloat).toMatch(/open again/);
  });
});
