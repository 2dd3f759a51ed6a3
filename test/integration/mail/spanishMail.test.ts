import { afterEach, describe, expect, it } from 'vitest';
import { formatMoney } from '../../../shared/money';
import { rid } from '../../support/core';
import { startSmtpPeer } from '../../support/mail/smtpPeer';
import type { SmtpPeer } from '../../support/mail/smtpPeer';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';
import { makeMailCore, useOfficeMail } from './fixtures';
import type { MailCore } from './fixtures';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import es from '../../../renderer/src/i18n/es.json' with { type: 'json' };

/** Amounts as the Spanish office writes them ("12.345,50 €"), the no-break space made plain as in `text`. */
const eur = (minor: number) => formatMoney(minor, 'EUR', 'es-ES').replace(/\u00a0/g, ' ');
const text = (m: { parsed: { text?: string } }) => (m.parsed.text ?? '').replace(/\u00a0/g, ' ');

/**
 * The English a mail used to carry: each `mail.*` and `method.*` id whose Spanish differs, its
 * English words between the values (and the cases of its selects), four letters or more.
 */
const englishWords = [
  ...new Set(
    Object.entries(en)
      .filter(([id, words]) => /^(mail\.(receipt|statement|reminder|col|item|greeting)|method\.)/.test(id) && words !== (es as Record<string, string>)[id])
      // Values (`{amount}`), a select's head and its case names are not words: the text between them is.
      .flatMap(([, words]) => words.replace(/\{\w+\}/g, '|').replace(/\{\w+, select,|\b\w+ \{|[{}]/g, '|').split(/[^A-Za-z ]+/))
      .map((w) => w.trim())
      .filter((w) => w.length >= 4),
  ),
];
const englishLeft = (body: string) => englishWords.filter((w) => new RegExp(`\\b${w}\\b`).test(body));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function spanishOffice(): Promise<{ core: MailCore; peer: SmtpPeer }> {
  const peer = await startSmtpPeer();
  cleanups.push(() => peer.close());
  const core = await makeMailCore('2025-03-15');
  cleanups.push(() => core.dispose());
  await useOfficeMail(core, peer);
  await core.ok('settings:update', { requestId: rid('set'), patch: { officeName: 'Academia Norte', locale: 'es-ES', timeZone: 'Europe/Madrid', defaultCurrency: 'EUR' } });
  return { core, peer };
}

/**
 * Issue 17: a Spanish office's mail (receipt, statement, reminder) is worded from the Spanish
 * catalog, amounts in euros the Spanish way and dates in Spanish words, never ISO; no English
 * label of the mails is left.
 */
describe('a Spanish office mails its payers in Spanish', () => {
  it('receipt, statement and reminders: Spanish subject and body, "12.345,50 €", Spanish dates, no English left', async () => {
    const { core, peer } = await spanishOffice();
    expect(englishWords).toEqual(expect.arrayContaining(['Dear', 'Thank you', 'Balance after this payment', 'Installment', 'Partly paid', 'Total balance', 'Cash']));
    const { enrollment, payerId } = await enroll(core, { product: { name: 'Taller de cerámica', price: 3 * 12_345_50, currency: 'EUR' } });
    await openDrawer(core);
    const payment = await payCash(core, enrollment.id, 12_345_50, { currency: 'EUR' });
    await core.services.mail.runOnce();
    const [receipt] = await peer.waitFor(1);
    if (!receipt) throw new Error('no receipt');
    expect(receipt.parsed.subject).toBe(`Recibo ${payment.receipt.number} de Academia Norte`);
    // The receipt PDF attached is named in Spanish too, in safe characters.
    expect(receipt.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`recibo-${payment.receipt.number}.pdf`, 'application/pdf']]);
    const r = text(receipt);
    expect(r).toMatch(/^Estimado\/a Student \d+:$/m);
    expect(r).toContain(`Gracias: hemos recibido su pago de ${eur(12_345_50)}.`);
    expect(eur(12_345_50)).toBe('12.345,50 €');
    expect(r).toMatch(/Por:\s+Taller de cerámica/);
    expect(r).toMatch(/Forma de pago:\s+Efectivo/);
    expect(r).toMatch(new RegExp(`Importe:\\s+${eur(12_345_50)}`));
    expect(r).toMatch(new RegExp(`Saldo pendiente tras este pago:\\s+${eur(2 * 12_345_50)}`));
    expect(r).toMatch(/Fecha:\s+15 de marzo de 2025 a las 11:00/);
    expect(r).toContain(`Cuota 1 | 15 de marzo de 2025 | ${eur(12_345_50)}`);
    expect(receipt.parsed.html).toContain('<html lang="es-ES">');

    await core.ok('mail:send', { requestId: rid('stmt'), kind: 'statement', payerId }, core.cashier);
    await core.services.mail.runOnce();
    const statement = (await peer.waitFor(2))[1];
    if (!statement) throw new Error('no statement');
    expect(statement.parsed.subject).toBe('Su estado de cuenta de Academia Norte');
    const s = text(statement);
    expect(s).toContain('Este es su estado de cuenta al 15 de marzo de 2025.');
    expect(s).toContain('Concepto | Vencimiento | Importe | Pagado | Pendiente | Estado');
    expect(s).toContain(`Cuota 1 | 15 de marzo de 2025 | ${eur(12_345_50)} | ${eur(12_345_50)} | ${eur(0)} | Pagado`);
    expect(s).toContain(`Cuota 2 | 15 de abril de 2025 | ${eur(12_345_50)} | ${eur(0)} | ${eur(12_345_50)} | Pendiente`);
    expect(s).toContain(`| ${payment.receipt.number} | Efectivo | ${eur(12_345_50)}`);
    expect(s).toMatch(new RegExp(`Saldo total \\(EUR\\):\\s+${eur(2 * 12_345_50)}`));

    await core.ok('reminders:saveSettings', { requestId: rid('rem'), patch: { enabled: true, daysBefore: 3, overdue: true } });
    core.setToday('2025-04-12');
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 1 });
    await core.services.mail.runOnce();
    const before = (await peer.waitFor(3))[2];
    core.setToday('2025-04-16');
    expect(await core.services.reminders.runOnce()).toEqual({ queued: 1 });
    await core.services.mail.runOnce();
    const overdue = (await peer.waitFor(4))[3];
    if (!before || !overdue) throw new Error('no reminders');
    expect(before.parsed.subject).toBe('Pago con vencimiento el 15 de abril de 2025: Cuota 2 de Taller de cerámica');
    expect(text(before)).toContain(`Le recordamos que el 15 de abril de 2025 vence un pago de ${eur(12_345_50)}.`);
    expect(text(before)).toMatch(new RegExp(`Importe pendiente:\\s+${eur(12_345_50)}`));
    expect(overdue.parsed.subject).toBe('Vencido: Cuota 2 de Taller de cerámica');
    expect(text(overdue)).toContain(`${eur(12_345_50)} venció el 15 de abril de 2025 y sigue pendiente`);

    for (const mail of [receipt, statement, before, overdue]) {
      const body = `${mail.parsed.subject ?? ''}\n${text(mail)}`;
      expect(englishLeft(body), mail.parsed.subject).toEqual([]);
      expect(body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(body).not.toMatch(/\$|US\$|EUR\s?\d|€\s?\d/);
    }
  });
});
