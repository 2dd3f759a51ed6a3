import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, openDrawer, payCash, pdfText } from './fixtures';
import type { CashierCore } from './fixtures';

describe('receipts', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Training Office' } });
  });
  afterEach(() => core.dispose());

  it('gets a receipt by id or number (any case) and refuses unknown ones', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core);
    const p = await payCash(core, enrollment.id, 150_00, { tendered: 200_00 });
    const byNumber = await core.ok('receipts:get', { number: 'desk1-000001' }, core.cashier);
    expect(byNumber).toMatchObject({ receipt: { id: p.receipt.id, number: 'DESK1-000001' }, payment: { id: p.id, changeDue: 50_00 }, officeName: 'Northside Training Office', locale: 'en-US' });
    expect((await core.ok('receipts:get', { receiptId: p.receipt.id }, core.cashier)).payment.id).toBe(p.id);
    expect((await core.fail('receipts:get', { number: 'DESK1-999999' }, core.cashier)).code).toBe('NOT_FOUND');
    expect((await core.fail('receipts:get', { number: 'x', receiptId: 'y' }, core.cashier)).code).toBe('VALIDATION');
  });

  it('makes a PDF whose text carries the office, number, amount, change and allocations; a voided one says VOID', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core);
    const p = await payCash(core, enrollment.id, 150_00, { tendered: 200_00 });
    const pdf = await core.ok('receipts:pdf', { number: p.receipt.number }, core.cashier);
    expect(pdf).toMatchObject({ number: 'DESK1-000001', fileName: 'receipt-DESK1-000001.pdf' });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.length).toBe(pdf.bytes);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(bytes);
    expect(text).toContain('Northside Training Office');
    expect(text).toContain('Receipt DESK1-000001');
    expect(text).toContain('$150.00');
    expect(text).toContain('$200.00');
    expect(text).toContain('$50.00');
    expect(text).toContain('Student');
    expect(text).toContain('Installment 1 of 3 $100.00');
    expect(text).toContain('Balance remaining $150.00');
    expect(text).not.toContain('VOID');
    // Same receipt, same bytes: the document's dates are the receipt's own.
    expect((await core.ok('receipts:pdf', { receiptId: p.receipt.id }, core.cashier)).base64).toBe(pdf.base64);

    await core.ok('payments:void', { requestId: rid(), paymentId: p.id, reason: 'mistake' });
    expect(await pdfText(Buffer.from((await core.ok('receipts:pdf', { receiptId: p.receipt.id })).base64, 'base64'))).toContain('VOID');
  });

  it('formats amounts with the office locale (narrow spaces drawn as spaces)', async () => {
    await core.ok('settings:update', { requestId: rid(), patch: { locale: 'fr-FR' } });
    const { enrollment } = await enroll(core);
    const p = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 1234_56, currency: 'USD', reference: 'VIR-1' }, core.cashier);
    const text = await pdfText(Buffer.from((await core.ok('receipts:pdf', { receiptId: p.receipt.id })).base64, 'base64'));
    expect(text).toMatch(/1 234,56\s\$US/);
    expect(text).toContain('VIR-1');
  });
});
