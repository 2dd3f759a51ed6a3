import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { pdfLines } from '../../support/pdfText';
import { enroll, makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';

const five = { kind: 'installments', deposit: { kind: 'amount', amount: 100_00 }, count: 5, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } as const;

/**
 * Issue 17: the lines the core makes ("Installment 2 of 5", "Deposit", "Cash payments") are data,
 * worded from the window's catalog in the office's language wherever they are shown or printed.
 * A Spanish office's receipt, statement and Z report print them in Spanish; the contract carries
 * the line as a kind and its numbers, so the window words it too.
 */
describe('a Spanish office prints its documents’ lines in Spanish', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2025-03-15');
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Academia Norte', timeZone: 'Europe/Madrid', locale: 'es-ES' } });
  });
  afterEach(() => core.dispose());

  it('receipt, statement and Z report: deposit, installment n of m, part payment and cash movements from the Spanish catalog', async () => {
    const payer = await createPayer(core, { name: 'Lucía Gómez', externalId: 'S3001' });
    const { enrollment, product } = await enroll(core, { payerId: payer.id, product: { price: 600_00 }, terms: five });
    await openDrawer(core);
    const p = await payCash(core, enrollment.id, 250_00, { tendered: 250_00 });

    const receipt = (await pdfLines(Buffer.from((await core.ok('receipts:pdf', { receiptId: p.receipt.id }, core.cashier)).base64, 'base64'))).join('\n');
    expect(receipt).toMatch(/^Anticipo 100,00\s?US\$$/m);
    expect(receipt).toMatch(/^Cuota 1 de 5 100,00\s?US\$$/m);
    expect(receipt).toMatch(/^Cuota 2 de 5 \(pago parcial\) 50,00\s?US\$$/m);
    expect(receipt).not.toMatch(/Installment|Deposit |part payment/);

    const statement = await core.ok('statements:get', { payerId: payer.id, from: '2025-01-01', to: '2025-12-31' }, core.cashier);
    const charges = statement.entries.filter((e) => e.kind === 'charge');
    expect(charges[1]?.line).toEqual({ product: product.name, item: { kind: 'installment', n: 1, of: 5, paid: null }, method: null });
    expect(statement.entries.find((e) => e.kind === 'payment')?.line).toMatchObject({ item: null, method: 'cash' });
    // The English description stays for exports and logs.
    expect(charges[1]?.description).toMatch(/: Installment 1 of 5$/);
    const statementPdf = (await pdfLines(Buffer.from((await core.ok('statements:pdf', { payerId: payer.id, from: '2025-01-01', to: '2025-12-31' }, core.cashier)).base64, 'base64'))).join('\n');
    expect(statementPdf).toContain(': Anticipo');
    expect(statementPdf).toContain(': Cuota 5 de 5');
    expect(statementPdf).toContain(': Efectivo');
    expect(statementPdf).not.toMatch(/Installment \d|: Cash/);

    const closed = await core.ok('drawer:close', { requestId: rid(), countedCash: 350_00 }, core.cashier);
    const z = (await pdfLines(Buffer.from((await core.ok('drawer:zReportPdf', { sessionId: closed.session.id }, core.cashier)).base64, 'base64'))).join('\n');
    expect(z).toMatch(/^Fondo de caja 100,00\s?US\$$/m);
    expect(z).toMatch(/^Pagos en efectivo 250,00\s?US\$$/m);
    expect(z).not.toMatch(/^Cash payments/m);
  });
});
