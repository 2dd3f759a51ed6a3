import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, SYSTEM_ACTORS, isAuditAction, systemActorOf } from '../../../shared/auditActions';
import { auditActionWords, auditActorWords, auditChangeLines, auditEntityWords, auditRecordLabel, cut, shownLines } from '../../../renderer/src/components/auditWords';
import type { AuditFormats } from '../../../renderer/src/components/auditWords';
import { setWindowLocale } from '../../../renderer/src/i18n';
import en from '../../../renderer/src/i18n/en.json';
import es from '../../../renderer/src/i18n/es.json';
import { formatMoney } from '../../../shared/money';

const root = resolve(import.meta.dirname, '../../..');
const has = (catalog: Record<string, string>, id: string) => Object.prototype.hasOwnProperty.call(catalog, id);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}
const electron = sourceFiles(join(root, 'electron')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));

describe('every audit action, record type and system actor the core writes has words', () => {
  it('each listed action and record type is worded in English and Spanish', () => {
    const missing = [
      ...AUDIT_ACTIONS.map((a) => `auditAction.${a}`),
      ...AUDIT_ENTITY_TYPES.map((e) => `auditEntity.${e}`),
      ...[...Object.keys(SYSTEM_ACTORS), 'stripeEvent'].map((k) => `auditActor.${k}`),
    ].filter((id) => !has(en, id) || !has(es, id));
    expect(missing).toEqual([]);
    // Spanish is a translation, not a copy of the English.
    const copied = AUDIT_ACTIONS.filter((a) => (en as Record<string, string>)[`auditAction.${a}`] === (es as Record<string, string>)[`auditAction.${a}`]);
    expect(copied).toEqual([]);
  });

  it('every action code written as a literal in electron/ is a listed one (the writer is typed against the list; this catches a cast around it)', () => {
    const written = new Set<string>();
    for (const { text } of electron) {
      for (const m of text.matchAll(/\baction:\s*'([a-z_]+\.[a-zA-Z_.+]+)'/g)) written.add(m[1] ?? '');
      for (const m of text.matchAll(/\baudit\(\s*'([a-z_]+\.[a-zA-Z_.+]+)'/g)) written.add(m[1] ?? '');
    }
    expect(written.size).toBeGreaterThan(40);
    expect([...written].filter((a) => !isAuditAction(a))).toEqual([]);
  });

  it('every actor name the core writes for work no user did is a known system actor', () => {
    const names = new Set<string>();
    for (const { text } of electron) for (const m of text.matchAll(/\{\s*id:\s*null,\s*name:\s*(['`])([^'`]+)\1/g)) names.add(m[2] ?? '');
    expect(names.size).toBeGreaterThanOrEqual(3);
    expect([...names].filter((n) => systemActorOf(n) === null)).toEqual([]);
  });
});

const formats = (locale: string): AuditFormats => ({
  money: (amount, currency) => formatMoney(amount, currency, locale),
  date: (day) => `day ${day}`,
  dateTime: (at) => `at ${at}`,
  defaultCurrency: 'USD',
});

describe('an audit entry in words', () => {
  afterEach(() => setWindowLocale('en-US'));

  it('actions, record types and system actors read in the window language; unknown codes show as they are', () => {
    expect([auditActionWords('payment.record'), auditEntityWords('payment'), auditActorWords('late-fee rule', true), auditActorWords('stripe event evt_123', true), auditActorWords('carol', false)]).toEqual([
      'Payment taken', 'Payment', 'Late-fee rule', 'Stripe dashboard', 'carol',
    ]);
    // A user whose username is a system actor's name is still that user.
    expect(auditActorWords('system', false)).toBe('system');
    setWindowLocale('es-ES');
    expect([auditActionWords('payment.record'), auditEntityWords('payment'), auditActorWords('system', true), auditActionWords('future.thing')]).toEqual([
      'Pago registrado', 'Pago', 'Bursar (automático)', 'future.thing',
    ]);
  });

  it('a change reads "field: old → new", money in the locale, dates by the office format, unchanged fields and ids left out', () => {
    const entry = {
      before: { id: 'pay_0123456789abcdef0123', status: 'completed', locale: 'en-US', amount: 2500, currency: 'EUR', lateFeesAutomatic: false, dueDate: '2026-03-01' },
      after: { id: 'pay_0123456789abcdef0123', status: 'voided', locale: 'es-ES', amount: 2500, currency: 'EUR', lateFeesAutomatic: true, dueDate: '2026-04-01' },
    };
    expect(auditChangeLines(entry, formats('en-US'))).toEqual([
      'Status: Completed → Voided',
      'Language and region: English (United States) → Spanish (Spain)',
      'Automatic late fees: no → yes',
      'Due date: day 2026-03-01 → day 2026-04-01',
    ]);
    const made = { before: null, after: { id: 'usr_1', createdAt: '2026-03-01T10:00:00.000Z', amount: 100_050, creditApplied: 0, currency: 'EUR', receivedAt: '2026-03-01T10:00:00.000Z', receipt: { number: 'D1-000042' }, payerId: 'pyr_1', note: null } };
    setWindowLocale('es-ES');
    expect(auditChangeLines(made, formats('es-ES'))).toEqual(['Importe: 1000,50\u00a0€', 'Recibido el: at 2026-03-01T10:00:00.000Z', 'Recibo: D1-000042']);
  });

  it('no line holds JSON braces; a long value ends in an ellipsis; many lines are cut to a few', () => {
    const lines = auditChangeLines({ before: null, after: { reason: 'x'.repeat(200), counts: { created: 3, updated: 1 }, items: [{ a: 1 }, { a: 2 }] } }, formats('en-US'));
    expect(lines.join(' ')).not.toMatch(/[{}"]/);
    expect(lines[0]).toMatch(/^Reason: x+…$/);
    expect(lines[0]!.length).toBeLessThan(80);
    expect(lines.slice(1)).toEqual(['Counts: created: 3; updated: 1', 'Installments: 2 items']);
    // Codes the product form offers in words read in the same words.
    expect(auditChangeLines({ before: { refundPolicy: 'prorata', type: 'course' }, after: { refundPolicy: 'none', type: 'program' } }, formats('en-US'))).toEqual([
      'Refund policy: Pro-rata after start → No refund',
      'Kind: Course → Program',
    ]);
    setWindowLocale('es-ES');
    expect(auditChangeLines({ before: { refundPolicy: 'full', locale: 'en-US' }, after: { refundPolicy: 'prorata', locale: 'es-ES' } }, formats('es-ES'))).toEqual([
      expect.stringMatching(/: Reembolso completo → Prorrateo tras el inicio$/),
      expect.stringMatching(/: inglés \(Estados Unidos\) → español \(España\)$/),
    ]);
    setWindowLocale('en-US');
    expect(shownLines(['1', '2', '3', '4', '5', '6', '7', '8'])).toEqual(['1', '2', '3', '4', '5', '6', '…']);
    expect(cut('short')).toBe('short');
  });

  it('the record is named by the label the entry carries, never its id', () => {
    expect(auditRecordLabel({ entityType: 'payment', before: null, after: { id: 'pay_1', payerName: 'Lucía Fernández', receipt: { number: 'D1-000001' } } })).toBe('D1-000001, Lucía Fernández');
    expect(auditRecordLabel({ entityType: 'user', before: null, after: { id: 'usr_1', displayName: 'Carol Cashier', username: 'carol' } })).toBe('Carol Cashier');
    expect(auditRecordLabel({ entityType: 'settings', before: { officeName: 'A' }, after: { officeName: 'B' } })).toBeNull();
    expect(auditRecordLabel({ entityType: 'backup', before: null, after: null })).toBeNull();
  });
});
