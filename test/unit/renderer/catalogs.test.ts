import { describe, expect, it } from 'vitest';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { errorFormat, errorMessages, fieldLabel, fieldLabels, renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorKey } from '../../../shared/errorMessages';
import { catalogs, intlFor, languageOf } from '../../../renderer/src/i18n';
import en from '../../../renderer/src/i18n/en.json';
import es from '../../../renderer/src/i18n/es.json';

const KIND: Partial<Record<TYPE, string>> = { [TYPE.argument]: 'text', [TYPE.number]: 'number', [TYPE.date]: 'date', [TYPE.time]: 'time', [TYPE.select]: 'select', [TYPE.plural]: 'plural' };

/** Every argument a message takes, with how it is formatted (and a select's cases). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    const kind = KIND[e.type];
    if (kind && 'value' in e) into.add(`${e.value}:${kind}`);
    if (e.type === TYPE.select) {
      into.add(`${e.value}:cases=${Object.keys(e.options).sort().join('|')}`);
      for (const o of Object.values(e.options)) argumentsOf(o.value, into);
    }
    if (e.type === TYPE.plural) for (const o of Object.values(e.options)) argumentsOf(o.value, into);
  }
  return into;
}

describe('the window catalogs', () => {
  it('English and Spanish have exactly the same ids', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
  });

  it('no message is empty', () => {
    for (const [lang, catalog] of Object.entries(catalogs)) {
      for (const [id, text] of Object.entries(catalog)) expect(text.trim(), `${lang} ${id}`).not.toBe('');
    }
  });

  it('every message parses as ICU and both languages take the same arguments', () => {
    for (const id of Object.keys(en) as (keyof typeof en)[]) {
      const enArgs = argumentsOf(parse(en[id]));
      const esArgs = argumentsOf(parse(es[id]));
      expect([...esArgs].sort(), id).toEqual([...enArgs].sort());
    }
  });

  it('a Spanish locale chooses Spanish; any other chooses English', () => {
    expect(['es', 'es-ES', 'es-MX', 'es-419', 'ES-ar'].map(languageOf)).toEqual(['es', 'es', 'es', 'es', 'es']);
    expect(['en-US', 'en-GB', 'fr-FR', 'de-DE', 'est'].map(languageOf)).toEqual(['en', 'en', 'en', 'en', 'en']);
    expect(intlFor('es-MX').formatMessage({ id: 'settings.saveSettings' })).toBe('Guardar configuración');
    expect(intlFor('en-GB').formatMessage({ id: 'settings.saveSettings' })).toBe('Save settings');
  });

  it('plural messages agree in number in both languages', () => {
    const sessions = { sessions: 1, cash: 'x', checkCount: 2, checks: 'y', total: 'z' };
    expect(intlFor('en-US').formatMessage({ id: 'deposits.pickedSummary' }, sessions)).toBe('1 session: cash x + 2 checks y = z');
    expect(intlFor('es-ES').formatMessage({ id: 'deposits.pickedSummary' }, sessions)).toBe('1 sesión: efectivo x + 2 cheques y = z');
  });
});

describe('error words in the catalogs', () => {
  const money = { amount: 100_050, currency: 'EUR' };
  const sample: Record<string, string | number | boolean | typeof money> = { item: 'Installment 2 of 5', what: 'a cash payment', receipt: 'D1-000042', state: 'paused', count: 3, short: true };
  // The arguments the English message names: known ones from the sample, a count for `{n, number}`, every other an amount.
  const paramsFor = (key: ErrorKey) =>
    Object.fromEntries(
      [...argumentsOf(parse(en[`error.${key}` as keyof typeof en]))]
        .filter((a) => !a.includes(':cases='))
        .map((a) => a.split(':'))
        .map(([name = '', kind]) => [name, sample[name] ?? (kind === 'number' ? 1234 : money)]),
    ) as never;

  it('every key of shared/errorMessages.ts has its words in both catalogs', () => {
    for (const key of Object.keys(errorMessages)) expect(Object.keys(en), key).toContain(`error.${key}`);
  });

  it('the English catalog says exactly what the table says, so the two never drift', () => {
    const intl = intlFor('en-US');
    for (const key of Object.keys(errorMessages) as ErrorKey[]) {
      const table = renderErrorMessage(key, paramsFor(key), errorFormat('en-US'));
      const catalog = renderErrorMessage(key, paramsFor(key), { ...errorFormat('en-US'), words: (k, p) => intl.formatMessage({ id: `error.${k}` }, p) });
      expect(catalog, key).toBe(table);
    }
  });

  it('every select case the table knows reads the same in the English catalog', () => {
    const intl = intlFor('en-US');
    const cases: [ErrorKey, Record<string, string | number>][] = [
      ['record.notFound', { what: 'payer' }],
      ['item.cannotBe', { kind: 'installment', due: '2026-03-01', state: 'paused', verb: 'resumed' }],
      ['refund.methodMismatch', { receipt: 'D1-000042', paid: 'bank_transfer', asked: 'card' }],
      ['drawer.notOpen', { what: 'cashRefund' }],
    ];
    for (const [key, params] of cases) {
      const table = renderErrorMessage(key, params, errorFormat('en-US'));
      expect(renderErrorMessage(key, params, { ...errorFormat('en-US'), words: (k, p) => intl.formatMessage({ id: `error.${k}` }, p) }), key).toBe(table);
    }
    expect(renderErrorMessage('refund.methodMismatch', cases[2]?.[1] ?? {}, errorFormat('en-US'))).toBe('payment D1-000042 was taken by bank transfer, not card (online)');
  });

  it('every field name has its label in both catalogs, the English one word for word', () => {
    for (const [name, label] of Object.entries(fieldLabels)) {
      expect(en[`field.${name}` as keyof typeof en], name).toBe(label);
      expect(es[`field.${name}` as keyof typeof es], name).toBeTruthy();
    }
    const intl = intlFor('es-ES');
    const spanish = { ...errorFormat('es-ES'), label: (n: string) => intl.formatMessage({ id: `field.${n}` }) };
    expect(fieldLabel('split.0.amount', spanish)).toBe('Importe');
    expect(fieldLabel('plan.terms.count', errorFormat('en-US'))).toBe('Number of installments');
    expect(fieldLabel('something.madeUp', errorFormat('en-US'))).toBe('This entry');
  });

  it('in Spanish, amounts come in the office locale inside Spanish words', () => {
    const intl = intlFor('es-ES');
    const text = renderErrorMessage('drawer.overShortNeedsNote', { difference: { amount: 525, currency: 'EUR' }, short: true }, { ...errorFormat('es-ES'), words: (k, p) => intl.formatMessage({ id: `error.${k}` }, p) });
    expect(text).toBe('falta 5,25\u00a0€ en la caja; indique por qué');
  });
});

describe('every status a screen shows has words', () => {
  it('each enrollment, item and payment status has a status.* id, in English and Spanish (a new one would show its code)', async () => {
    const { EnrollmentStatus } = await import('../../../shared/contract/enrollments');
    const { ItemStatus } = await import('../../../shared/contract/schedules');
    const { PaymentView } = await import('../../../shared/contract/payments');
    const statuses = [...EnrollmentStatus.options, ...ItemStatus.options, ...PaymentView.shape.status.options];
    const missing = statuses.filter((s) => !(`status.${s}` in en) || !(`status.${s}` in es));
    expect(statuses.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
