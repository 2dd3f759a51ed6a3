import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { pdfLines } from '../../support/pdfText';
import { enroll, makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import es from '../../../renderer/src/i18n/es.json' with { type: 'json' };

/**
 * Every English heading or label the PDFs print (the pdf.* and method.* ids' English words up to
 * their first value) that Spanish words differently: none may start a line of a Spanish PDF.
 */
const englishLabels = Object.entries(en)
  .filter(([id, text]) => /^(pdf|method)\./.test(id) && text !== (es as Record<string, string>)[id])
  .map(([, text]) => text.split('{')[0]?.trim() ?? '')
  .filter((label) => label !== '');
const englishIn = (lines: string[]) => lines.filter((line) => englishLabels.some((label) => line === label || line.startsWith(`${label} `) || line.startsWith(`${label}:`)));
const pdfOf = async (r: { base64: string }) => pdfLines(Buffer.from(r.base64, 'base64'));

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

  it('receipt, refund receipt, credit note, statement, Z report and deposit slip: their own headings and labels from the Spanish catalog', async () => {
    expect(englishLabels).toEqual(expect.arrayContaining(['Received from', 'Balance remaining', 'Statement of account', 'Sales by method', 'Total deposit', 'Refund receipt', 'Cash']));
    const payer = await createPayer(core, { name: 'Lucía Gómez', externalId: 'S3001' });
    const { enrollment } = await enroll(core, { payerId: payer.id, product: { price: 600_00 }, terms: five });
    await openDrawer(core);
    const p = await payCash(core, enrollment.id, 250_00, { tendered: 300_00 });
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'check', amount: 40_00, currency: 'USD', check: { number: '7781', bank: 'Banco del Puerto' } }, core.cashier);
    await core.ok('drawer:move', { requestId: rid(), kind: 'paid_out', amount: 5_00, reason: 'Sellos' }, core.cashier);
    const refund = (amount: number, extra: object) => core.ok('refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount, reason: 'Curso acortado', ...extra });
    const back = await refund(50_00, { split: [{ method: 'bank_transfer', amount: 50_00, paymentId: p.id, reference: 'RF-1' }] });
    const kept = await refund(20_00, { toCredit: true });

    const receipt = await pdfOf(await core.ok('receipts:pdf', { receiptId: p.receipt.id }, core.cashier));
    const refundLines = await pdfOf(await core.ok('refundReceipts:pdf', { operationId: back.operationId ?? '' }, core.cashier));
    const creditLines = await pdfOf(await core.ok('refundReceipts:pdf', { operationId: kept.operationId ?? '' }, core.cashier));
    const statement = await pdfOf(await core.ok('statements:pdf', { payerId: payer.id, from: '2025-01-01', to: '2025-12-31' }, core.cashier));
    const closed = await core.ok('drawer:close', { requestId: rid(), countedCash: 335_00, note: 'Faltan monedas' }, core.cashier);
    const z = await pdfOf(await core.ok('drawer:zReportPdf', { sessionId: closed.session.id }, core.cashier));
    const d = await core.ok('deposits:create', { requestId: rid(), sessionIds: [closed.session.id] }, core.cashier);
    const slip = await pdfOf(await core.ok('deposits:slipPdf', { depositId: d.id }, core.cashier));

    expect(receipt).toEqual(expect.arrayContaining(['Recibo DESK1-000001', 'Recibido de Lucía Gómez', 'ID de alumno S3001', 'Concepto Welding 101', 'Forma de pago Efectivo', 'Aplicado a', 'Emitido el 15 mar 2025, 11:00 CET. Conserve este recibo.']));
    for (const re of [/^Fecha 15 mar 2025/, /^Cajero /, /^Importe 250,00\s?US\$$/, /^Entregado 300,00\s?US\$$/, /^Cambio 50,00\s?US\$$/, /^Saldo pendiente 350,00\s?US\$$/]) expect(receipt.some((l) => re.test(l)), `${re} in ${JSON.stringify(receipt)}`).toBe(true);

    expect(refundLines).toEqual(expect.arrayContaining(['Recibo de reembolso DESK1-R000001', 'Pagado a Lucía Gómez', 'ID de alumno S3001', 'Motivo Curso acortado', 'Emitido el 15 mar 2025, 11:00 CET. Conserve este recibo de reembolso.']));
    expect(refundLines.some((l) => /^Transferencia bancaria \(RF-1, del recibo DESK1-000001\) 50,00\s?US\$$/.test(l))).toBe(true);
    expect(refundLines.some((l) => /^Total reembolsado 50,00\s?US\$$/.test(l))).toBe(true);
    expect(refundLines.some((l) => l.startsWith('Emitido por '))).toBe(true);
    expect(creditLines).toEqual(expect.arrayContaining(['Nota de crédito DESK1-R000002', 'Abonado a Lucía Gómez', 'Emitida el 15 mar 2025, 11:00 CET. Conserve esta nota de crédito.']));
    expect(creditLines.join(' ')).toContain('Guardado como saldo a favor en la cuenta (del recibo DESK1-000002)');
    expect(creditLines.some((l) => /^Total abonado 20,00\s?US\$$/.test(l))).toBe(true);

    expect(statement).toEqual(expect.arrayContaining(['Estado de cuenta', 'Pagador Lucía Gómez', 'ID de alumno S3001', 'Periodo 1 ene 2025 – 31 dic 2025', 'Inscripciones', 'Fecha Descripción Cargo Pago Saldo']));
    for (const re of [/^Impreso 15 mar 2025/, /^Welding 101 \(inscrito el 15 mar 2025, activo\) 600,00\s?US\$$/, /^1 ene 2025 Saldo inicial 0,00\s?US\$$/, /^Totales 670,00\s?US\$ 290,00\s?US\$$/, /^Saldo a pagar 380,00\s?US\$$/, /^Saldo a favor 20,00\s?US\$$/]) expect(statement.some((l) => re.test(l)), `${re} in ${JSON.stringify(statement)}`).toBe(true);

    expect(z).toEqual(expect.arrayContaining(['Informe Z DESK1-Z0001', 'Caja DESK1', 'Ventas por forma de pago', 'Entradas y salidas', 'Reembolsos', 'Efectivo en la caja', 'Nota Faltan monedas', 'Cheques']));
    for (const re of [/^Apertura 15 mar 2025/, /^Abierta por /, /^Cierre 15 mar 2025/, /^Cerrada por /, /^Fondo inicial 100,00\s?US\$$/, /^Efectivo \(1\) 250,00\s?US\$$/, /^Cheque \(1\) 40,00\s?US\$$/, /^Pagos registrados \(2\) 290,00\s?US\$$/, /^Anulaciones \(0\) 0,00\s?US\$$/,
      /^Reembolsos en transferencia bancaria \(1\) 50,00\s?US\$$/, /^Salida: Sellos -5,00\s?US\$$/, /^Transferencia bancaria: Lucía Gómez \(DESK1-R000001\) 50,00\s?US\$$/, /^Efectivo esperado 345,00\s?US\$$/, /^Efectivo contado 335,00\s?US\$$/, /^Sobrante \/ faltante faltan 10,00\s?US\$$/,
      /^Cheque 7781 \(Banco del Puerto\): Lucía Gómez, DESK1-000002 40,00\s?US\$$/, /^Impreso de Informe Z DESK1-Z0001, cerrado el 15 mar 2025/]) expect(z.some((l) => re.test(l)), `${re} in ${JSON.stringify(z)}`).toBe(true);

    expect(slip).toEqual(expect.arrayContaining(['Ficha de depósito DESK1-D00001', 'Preparado por Front Desk', 'Caja DESK1', 'Moneda USD', 'Efectivo', 'Cheques (1)']));
    for (const re of [/^Preparado 15 mar 2025/, /^Caja DESK1-Z0001 contada 335,00\s?US\$$/, /^Efectivo depositado 335,00\s?US\$$/, /^Cheque 7781 Banco del Puerto Lucía Gómez DESK1-000002 40,00\s?US\$$/, /^Cheques depositados 40,00\s?US\$$/, /^Total del depósito 375,00\s?US\$$/, /^Contado por _+ +Recibido por el banco _+$/]) expect(slip.some((l) => re.test(l)), `${re} in ${JSON.stringify(slip)}`).toBe(true);

    // No English heading, label or method name is left in any of them.
    for (const lines of [receipt, refundLines, creditLines, statement, z, slip]) expect(englishIn(lines)).toEqual([]);
  });
});
