import { describe, expect, it } from 'vitest';
import { drawerLineWords, itemLineWords, statementLineWords } from '../../../shared/documentLines';
import type { Words } from '../../../shared/documentLines';
import { catalogs, intlFor } from '../../../renderer/src/i18n';

/** The window's catalog of `locale` as the line words take it. */
const wordsOf = (locale: string): Words => {
  const intl = intlFor(locale);
  const catalog: Record<string, string> = catalogs[locale.startsWith('es') ? 'es' : 'en'];
  return (id, values) => (id in catalog ? intl.formatMessage({ id }, values) : id);
};

describe('document lines are data, worded from the catalog', () => {
  const en = wordsOf('en-US');
  const es = wordsOf('es-ES');

  it('an item: deposit, installment n of m, period, late fee, full fee, paid in full, part payment', () => {
    const cases = [
      [{ kind: 'deposit', n: 0, of: 0, paid: null }, 'Deposit', 'Anticipo'],
      [{ kind: 'installment', n: 2, of: 5, paid: 'settled' }, 'Installment 2 of 5', 'Cuota 2 de 5'],
      [{ kind: 'installment', n: 2, of: 5, paid: 'part' }, 'Installment 2 of 5 (part payment)', 'Cuota 2 de 5 (pago parcial)'],
      [{ kind: 'period', n: 3, of: 0, paid: null }, 'Period 3', 'Periodo 3'],
      [{ kind: 'late_fee', n: 0, of: 0, paid: 'settled' }, 'Late fee', 'Recargo por mora'],
      [{ kind: 'full', n: 0, of: 0, paid: null }, 'Full fee', 'Importe completo'],
      [{ kind: 'full', n: 0, of: 0, paid: 'settled' }, 'Paid in full', 'Pagado en su totalidad'],
      [{ kind: 'full', n: 0, of: 0, paid: 'part' }, 'Full fee (part payment)', 'Importe completo (pago parcial)'],
      [{ kind: 'item', n: 7, of: 0, paid: null }, 'Item 7', 'Concepto 7'],
    ] as const;
    for (const [line, english, spanish] of cases) {
      expect(itemLineWords(line, en)).toBe(english);
      expect(itemLineWords(line, es)).toBe(spanish);
    }
  });

  it('a statement line and a drawer line', () => {
    const charge = { product: 'Piano', item: { kind: 'installment', n: 1, of: 3, paid: null }, method: null } as const;
    expect(statementLineWords('charge', charge, en)).toBe('Piano: Installment 1 of 3');
    expect(statementLineWords('charge', charge, es)).toBe('Piano: Cuota 1 de 3');
    expect(statementLineWords('payment', { product: 'Piano', item: null, method: 'bank_transfer' }, es)).toBe('Piano: Transferencia bancaria');
    expect(statementLineWords('refund', { product: 'Piano', item: null, method: 'cash' }, es)).toBe('Piano: reembolso (Efectivo)');
    expect(statementLineWords('refund', { product: 'Piano', item: null, method: 'credit' }, en)).toBe('Piano: moved to credit on account');
    expect(drawerLineWords('payment', es)).toBe('Pagos en efectivo');
    expect(drawerLineWords('adjustment', en)).toBe('Other adjustments');
  });
});
