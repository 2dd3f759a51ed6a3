import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { pdfLines } from '../../support/pdfText';
import { enroll, makeCashierCore, openDrawer, payCash, rows } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';

const linesOf = async (core: CashierCore, input: { operationId: string } | { number: string }) => {
  const r = await core.ok('refundReceipts:pdf', input, core.cashier);
  return { ...r, lines: await pdfLines(Buffer.from(r.base64, 'base64')) };
};

describe('refund receipts and credit notes', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Training Office', timeZone: 'UTC' } });
  });
  afterEach(() => core.dispose());

  it('numbers each refund in its own gap-free desk series and prints what went back, how and why', async () => {
    const payer = await createPayer(core, { name: 'Nguyễn Văn An', externalId: 'S1002' });
    const { enrollment } = await enroll(core, { payerId: payer.id });
    await openDrawer(core);
    const p = await payCash(core, enrollment.id, 150_00);
    const refund = (amount: number, extra: object) => core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount, reason: 'Course shortened', ...extra });

    const first = await refund(50_00, { split: [{ method: 'bank_transfer', amount: 50_00, paymentId: p.id, reference: 'RF-1' }] });
    expect(first.refunds[0]?.receiptNumber).toBe('DESK1-R000001');
    // Refused: more than was paid. It takes no number.
    expect((await core.fail('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 900_00, reason: 'x', split: [{ method: 'bank_transfer', amount: 900_00, paymentId: p.id, reference: 'RF-X' }] })).code).toBe('VALIDATION');
    const credit = await refund(20_00, { toCredit: true });
    expect(credit.refunds[0]?.receiptNumber).toBe('DESK1-R000002');
    expect(rows<{ number: string; kind: string }>(core, 'SELECT number, kind FROM refund_receipts ORDER BY seq')).toEqual([
      { number: 'DESK1-R000001', kind: 'refund' },
      { number: 'DESK1-R000002', kind: 'credit_note' },
    ]);
    // Receipts keep their own series: the next payment is still DESK1-000002.
    expect((await payCash(core, enrollment.id, 10_00)).receipt.number).toBe('DESK1-000002');

    const r1 = await linesOf(core, { operationId: first.operationId ?? '' });
    expect(r1).toMatchObject({ number: 'DESK1-R000001', kind: 'refund', fileName: 'refund-receipt-DESK1-R000001.pdf' });
    expect(r1.lines[0]).toBe('Northside Training Office');
    expect(r1.lines).toContain('Refund receipt DESK1-R000001');
    expect(r1.lines).toContain('Paid to Nguyễn Văn An');
    expect(r1.lines).toContain('Student ID S1002');
    expect(r1.lines).toContain('Reason Course shortened');
    expect(r1.lines).toContain('Bank transfer (RF-1, from receipt DESK1-000001) $50.00');
    expect(r1.lines).toContain('Total refunded $50.00');
    expect(r1.lines.find((l) => l.startsWith('Date '))).toBe('Date Mar 15, 2025, 10:00 AM UTC');

    const r2 = await linesOf(core, { number: 'desk1-r000002' });
    expect(r2).toMatchObject({ kind: 'credit_note', fileName: 'credit-note-DESK1-R000002.pdf' });
    expect(r2.lines).toContain('Credit note DESK1-R000002');
    expect(r2.lines).toContain('Credited to Nguyễn Văn An');
    expect(r2.lines).toContain('Kept as credit on account (from receipt DESK1-000001) $20.00');
    expect(r2.lines).toContain('Total credited $20.00');

    const listed = await core.ok('refunds:list', { enrollmentId: enrollment.id }, core.cashier);
    expect(listed.refunds.map((r) => r.receiptNumber).sort()).toEqual(['DESK1-R000001', 'DESK1-R000002']);
    expect((await core.fail('refundReceipts:pdf', { number: 'DESK1-R999999' }, core.cashier)).code).toBe('NOT_FOUND');
  });
});
