import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { pdfLines, pdfText } from '../../support/pdfText';
import { enroll, makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';

const pdfOf = async (core: CashierCore, input: { receiptId: string; payerPageUrl?: string }) => Buffer.from((await core.ok('receipts:pdf', input, core.cashier)).base64, 'base64');
const five = { kind: 'installments', deposit: { kind: 'amount', amount: 100_00 }, count: 5, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } as const;

describe('receipt PDF', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Training Office', officeAddress: '12 Harbour Street\nSydney NSW 2000', officeTaxId: 'ABN 51 824 753 556', timeZone: 'Australia/Sydney', locale: 'en-AU' } });
  });
  afterEach(() => core.dispose());

  it('names the office, cashier, payer and student id, what each amount paid and the balance left, at office time', async () => {
    const payer = await createPayer(core, { name: 'Łukasz Kowalski', externalId: 'S1001' });
    const { enrollment } = await enroll(core, { payerId: payer.id, product: { price: 600_00 }, terms: five });
    await openDrawer(core);
    // 100.00 deposit + 100.00 each of 5 installments: the deposit and installment 1 in full, installment 2 in part.
    const p = await payCash(core, enrollment.id, 250_00, { tendered: 250_00 });
    const lines = await pdfLines(await pdfOf(core, { receiptId: p.receipt.id }));
    const text = lines.join('\n');
    expect(lines[0]).toBe('Northside Training Office');
    expect(text).toContain('12 Harbour Street');
    expect(text).toContain('Sydney NSW 2000');
    expect(text).toContain('Tax/registration ID: ABN 51 824 753 556');
    expect(text).toContain('Receipt DESK1-000001');
    expect(lines).toContain('Cashier Front Desk');
    expect(lines).toContain('Received from Łukasz Kowalski');
    expect(lines).toContain('Student ID S1001');
    expect(lines).toContain('Deposit USD 100.00');
    expect(lines).toContain('Installment 1 of 5 USD 100.00');
    expect(lines).toContain('Installment 2 of 5 (part payment) USD 50.00');
    expect(lines).toContain('Amount USD 250.00');
    expect(lines).toContain('Balance remaining USD 350.00');
    // 10:00 UTC is 9:00 pm in Sydney (AEDT, UTC+11) on 15 March 2025.
    expect(text).toMatch(/Date 15 Mar 2025, 9:00\s?pm AEDT/);

    // Paying the rest: the second receipt says what it paid and that nothing is left; the first is unchanged.
    const p2 = await payCash(core, enrollment.id, 350_00, { tendered: 350_00 });
    const second = await pdfLines(await pdfOf(core, { receiptId: p2.receipt.id }));
    expect(second).toContain('Installment 2 of 5 USD 50.00');
    expect(second).toContain('Installment 5 of 5 USD 100.00');
    expect(second).toContain('Balance remaining USD 0.00');
    expect(await pdfLines(await pdfOf(core, { receiptId: p.receipt.id }))).toContain('Balance remaining USD 350.00');
  });

  it('says "Paid in full" for a one-payment plan and "Late fee" for a fee', async () => {
    const { enrollment, items } = await enroll(core, { terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } }, product: { price: 300_00 }, planOver: { lateFee: { amount: 25_00, graceDays: 0 } } });
    core.setToday('2025-03-20');
    await core.ok('schedules:postLateFee', { requestId: rid(), itemId: items[0]!.id, reason: 'paid late' });
    const p = await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 325_00, currency: 'USD', reference: 'TRF-9' }, core.cashier);
    const lines = await pdfLines(await pdfOf(core, { receiptId: p.receipt.id }));
    expect(lines).toContain('Paid in full USD 300.00');
    expect(lines).toContain('Late fee USD 25.00');
    expect(lines).toContain('Balance remaining USD 0.00');
  });

  it('prints names in Latin, Vietnamese, Chinese and Arabic script (Arabic shaped, right to left)', async () => {
    await openDrawer(core);
    const names = ['Łukasz', 'Nguyễn Văn An', '王芳', 'محمد'];
    for (const name of names) {
      const payer = await createPayer(core, { name });
      const { enrollment } = await enroll(core, { payerId: payer.id });
      const p = await payCash(core, enrollment.id, 100_00);
      const lines = await pdfLines(await pdfOf(core, { receiptId: p.receipt.id }));
      // Glyphs read back in drawing order: an Arabic name comes back reversed, as it sits on the page.
      const visual = name === 'محمد' ? [...name].reverse().join('') : name;
      expect(lines).toContain(`Received from ${visual}`);
      expect(lines.join('\n')).not.toContain('?');
    }
    // fontkit shapes the Arabic run: medial and final forms, not the four isolated letters.
    const dir = dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-arabic/package.json'));
    const font = fontkit.create(readFileSync(join(dir, 'files', 'noto-sans-arabic-arabic-700-normal.woff')));
    const shaped = font.layout('محمد').glyphs.map((g) => g.id);
    const isolated = [...'محمد'].map((c) => font.glyphForCodePoint(c.codePointAt(0) ?? 0).id).reverse();
    expect(shaped).toHaveLength(4);
    expect(shaped).not.toEqual(isolated);
  });

  it('lays out for an 80 mm roll, A5 or A4 as Settings say, and prints a payer page as a QR code', async () => {
    const { enrollment } = await enroll(core);
    await openDrawer(core);
    const p = await payCash(core, enrollment.id, 100_00);
    const widths: Record<string, number> = {};
    for (const receiptPaper of ['thermal80', 'a5', 'a4'] as const) {
      await core.ok('settings:update', { requestId: rid(), patch: { receiptPaper } });
      const doc = await PDFDocument.load(await pdfOf(core, { receiptId: p.receipt.id }));
      widths[receiptPaper] = Math.round(doc.getPage(0).getWidth());
      if (receiptPaper === 'thermal80') expect(doc.getPage(0).getHeight()).toBeLessThan(842);
    }
    expect(widths).toEqual({ thermal80: 227, a5: 420, a4: 595 });

    const url = 'https://pay.example.org/p/8f3a#k=Zm9vYmFy';
    const text = await pdfText(await pdfOf(core, { receiptId: p.receipt.id, payerPageUrl: url }));
    expect(text).toContain('Your account online');
    expect(text).toContain(url);
    expect(await pdfText(await pdfOf(core, { receiptId: p.receipt.id }))).not.toContain('Your account online');
    const bad = await core.fail('receipts:pdf', { receiptId: p.receipt.id, payerPageUrl: 'javascript:alert(1)' }, core.cashier);
    expect(bad.code).toBe('VALIDATION');
  });
});
