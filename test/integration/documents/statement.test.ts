import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { pdfLines } from '../../support/pdfText';
import { enroll, makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';

describe('payer account statement', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Training Office', timeZone: 'UTC' } });
  });
  afterEach(() => core.dispose());

  it('lists charges, payments and refunds with a running balance, an opening balance before the range, and prints them', async () => {
    const payer = await createPayer(core, { name: '王芳', externalId: 'S1003' });
    const { enrollment } = await enroll(core, { payerId: payer.id });
    await openDrawer(core);
    await payCash(core, enrollment.id, 100_00);
    core.setToday('2025-04-20');
    await payCash(core, enrollment.id, 60_00);
    await core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 10_00, reason: 'overcharged', split: [{ method: 'cash', amount: 10_00 }] });

    const all = await core.ok('statements:get', { payerId: payer.id, from: '2025-01-01', to: '2025-12-31' }, core.cashier);
    expect(all.opening).toBe(0);
    expect(all.entries.map((e) => [e.date, e.kind, e.charge, e.payment, e.balance])).toEqual([
      ['2025-03-15', 'charge', 100_00, 0, 100_00],
      ['2025-03-15', 'payment', 0, 100_00, 0],
      ['2025-04-15', 'charge', 100_00, 0, 100_00],
      ['2025-04-20', 'payment', 0, 60_00, 40_00],
      ['2025-04-20', 'refund', 10_00, 0, 50_00],
      ['2025-05-15', 'charge', 100_00, 0, 150_00],
    ]);
    expect(all.closing).toBe(150_00);
    expect(all.totals).toEqual({ charges: 310_00, payments: 160_00 });
    expect(all.entries[4]?.reference).toBe('DESK1-R000001');

    const april = await core.ok('statements:get', { payerId: payer.id, from: '2025-04-01', to: '2025-04-30' }, core.cashier);
    expect(april.opening).toBe(0);
    expect(april.entries.map((e) => e.balance)).toEqual([100_00, 40_00, 50_00]);
    expect(april.closing).toBe(50_00);

    const pdf = await core.ok('statements:pdf', { payerId: payer.id, from: '2025-01-01', to: '2025-12-31', payerPageUrl: 'https://pay.example.org/p/42' }, core.cashier);
    const lines = await pdfLines(Buffer.from(pdf.base64, 'base64'));
    expect(pdf.fileName).toBe('statement-王芳-2025-01-01-2025-12-31.pdf');
    expect(lines).toContain('Statement of account');
    expect(lines).toContain('Payer 王芳');
    expect(lines).toContain('Student ID S1003');
    expect(lines).toContain('Mar 15, 2025 Welding 101: Installment 1 of 3 $100.00 $100.00');
    expect(lines).toContain('Apr 20, 2025 Welding 101: Cash DESK1-000002 $60.00 $40.00');
    expect(lines).toContain('Apr 20, 2025 Welding 101: refund (Cash) DESK1-R000001 $10.00 $50.00');
    expect(lines).toContain('Totals $310.00 $160.00');
    expect(lines).toContain('Balance due $150.00');
    expect(lines).toContain('https://pay.example.org/p/42');
    expect((await core.fail('statements:get', { payerId: payer.id, from: '2025-05-01', to: '2025-04-01' }, core.cashier)).code).toBe('VALIDATION');
  });
});
