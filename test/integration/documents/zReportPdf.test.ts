import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertUser } from '../../../electron/services/auth/usersRepo';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { rid } from '../../support/core';
import { pdfLines } from '../../support/pdfText';
import { enroll, makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';

describe('the Z report PDF and the drawer movements', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Training Office', officeAddress: '4 Quay Road\nSydney', timeZone: 'Australia/Sydney' } });
  });
  afterEach(() => core.dispose());

  it('lists every movement adding up to the expected cash, and prints office, desk, cashier, office-zone times, float, sales, refunds, voids and the count', async () => {
    const user = insertUser(core.store, { username: 'lukasz', displayName: 'Łukasz Nowak', role: 'cashier', passwordHash: hashSecret('pass-pass-1') }, new Date());
    const cashier = core.sessionFor(user.id);
    const wang = await createPayer(core, { name: '王芳', externalId: 'S2001' });
    const { enrollment } = await enroll(core, { payerId: wang.id });
    await openDrawer(core, 100_00, cashier);
    const cash = await payCash(core, enrollment.id, 150_00);
    const toVoid = await payCash(core, enrollment.id, 20_00);
    await core.ok('payments:void', { requestId: rid(), paymentId: toVoid.id, reason: 'typed twice' });
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 40_00, currency: 'USD', check: { number: '7781', bank: 'Harbour Bank' } }, core.cashier);
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 30_00, currency: 'USD', reference: 'T-1' }, core.cashier);
    await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 25_00, reason: 'book returned', split: [{ method: 'cash', amount: 25_00, paymentId: cash.id }] });
    await core.ok('drawer:move', { requestId: rid(), kind: 'paid_in', amount: 10_00, reason: 'change from the bank' }, cashier);
    await core.ok('drawer:move', { requestId: rid(), kind: 'paid_out', amount: 5_50, reason: 'stamps' }, cashier);

    const open = (await core.ok('drawer:current', {}, cashier)).session;
    const live = await core.ok('drawer:movements', { sessionId: open?.id ?? '' }, cashier);
    expect(live.lines.map((l) => [l.label, l.amount])).toEqual([
      ['Float', 100_00], ['Cash payments', 170_00], ['Voided cash payments', -20_00], ['Cash refunds', -25_00], ['Paid in', 10_00], ['Paid out', -5_50],
    ]);
    expect(live.expectedCash).toBe(229_50);
    expect(live.expectedCash).toBe(open?.expectedCash);
    expect(live.moves.map((m) => [m.kind, m.amount, m.reason, m.byName])).toEqual([['paid_in', 10_00, 'change from the bank', 'Łukasz Nowak'], ['paid_out', 5_50, 'stamps', 'Łukasz Nowak']]);
    expect(live.refunds).toEqual([expect.objectContaining({ method: 'cash', amount: 25_00, payerName: '王芳', reason: 'book returned', receiptNumber: 'DESK1-R000001' })]);

    core.clock.at = new Date('2025-03-16T07:30:00Z');
    const closed = await core.ok('drawer:close', { requestId: rid(), countedCash: 229_00, note: 'fifty cents missing' }, cashier);
    const pdf = await core.ok('drawer:zReportPdf', { sessionId: closed.session.id }, cashier);
    expect(pdf).toMatchObject({ number: 'DESK1-Z0001', fileName: 'z-report-DESK1-Z0001.pdf' });
    const lines = await pdfLines(Buffer.from(pdf.base64, 'base64'));
    for (const line of [
      'Northside Training Office', '4 Quay Road', 'Sydney', 'Z report DESK1-Z0001', 'Desk DESK1', 'Opened by Łukasz Nowak', 'Closed by Łukasz Nowak',
      // 10:00 UTC is 9:00 PM in Sydney (AEDT, GMT+11); 07:30 UTC the next morning's 6:30 PM.
      'Opened Mar 15, 2025, 9:00 PM GMT+11', 'Closed Mar 16, 2025, 6:30 PM GMT+11',
      'Float $100.00', 'Cash (1) $150.00', 'Check (1) $40.00', 'Bank transfer (1) $30.00', 'Payments kept (3) $220.00', 'Voids (1) $20.00', 'Refunds by cash (1) $25.00',
      'Paid in: change from the bank $10.00', 'Paid out: stamps -$5.50', 'Cash: 王芳 (DESK1-R000001) $25.00',
      'Cash payments $170.00', 'Voided cash payments -$20.00', 'Cash refunds -$25.00', 'Expected cash $229.50', 'Counted cash $229.00', 'Over / short $0.50 short', 'Note fifty cents missing',
      'Check 7781 (Harbour Bank): 王芳, DESK1-000003 $40.00',
    ]) expect(lines, `${line} in ${JSON.stringify(lines)}`).toContain(line);
    // Same session, same bytes.
    expect((await core.ok('drawer:zReportPdf', { sessionId: closed.session.id }, cashier)).base64).toBe(pdf.base64);
    expect((await core.fail('drawer:zReportPdf', { sessionId: 'drw_nothing' }, cashier)).code).toBe('NOT_FOUND');
  });
});
