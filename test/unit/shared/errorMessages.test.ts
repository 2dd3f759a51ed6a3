import { describe, expect, it } from 'vitest';
import { invalidAs, refuseAs } from '../../../electron/core/errors';
import { errorFormat, errorMessages, renderErrorMessage } from '../../../shared/errorMessages';
import { localizeError } from '../../../shared/result';

describe('errors carry a key and parameters', () => {
  it('the core words money in en-US and keeps the key, the parameters and the field', () => {
    const e = invalidAs('amount', 'drawer.paidOutOverCash', { cash: { amount: 100_000, currency: 'USD' } }).toData();
    expect(e).toMatchObject({ code: 'VALIDATION', key: 'drawer.paidOutOverCash', field: 'amount', params: { cash: { amount: 100_000, currency: 'USD' } } });
    expect(e.fields).toEqual({ amount: 'the drawer should hold only $1,000.00' });
    expect(e.message).toBe('amount: the drawer should hold only $1,000.00');
  });

  it('the window words them again in the office locale and currency', () => {
    const e = invalidAs('note', 'drawer.overShortNeedsNote', { difference: { amount: 525, currency: 'EUR' }, short: true }).toData();
    const de = localizeError(e, errorFormat('de-DE'));
    expect(de.fields?.note).toBe('the drawer is short by 5,25\u00a0€; say why');
    // The window names the field by its label from the catalog, never by its path.
    expect(de.message).toBe('Note: the drawer is short by 5,25\u00a0€; say why');
    const jp = localizeError(refuseAs('CONFLICT', 'refund.overPaid', { paid: { amount: 1500, currency: 'JPY' } }).toData(), errorFormat('ja-JP'));
    expect(jp.message).toBe('only ￥1,500 was paid on this enrollment (net of earlier refunds and voids)');
  });

  it('an error without a key, or with a key this window does not know, is shown as it came', () => {
    const plain = { code: 'CONFLICT' as const, message: 'as it came' };
    expect(localizeError(plain, errorFormat('de-DE'))).toBe(plain);
    expect(localizeError({ ...plain, key: 'no.such.key', params: {} }, errorFormat('de-DE')).message).toBe('as it came');
    expect(renderErrorMessage('no.such.key', {})).toBeUndefined();
  });

  it('every message in the table is free of minor units, ids and channel names', () => {
    const sample = { amount: 1, currency: 'USD' };
    const params = new Proxy({}, { get: (_t, k) => (k === 'short' ? true : k === 'count' ? 3 : typeof k === 'string' && /item|what|receipt|state/.test(k) ? 'x' : sample) });
    for (const key of Object.keys(errorMessages)) {
      const text = renderErrorMessage(key, params as never) ?? '';
      expect(text, key).not.toMatch(/minor unit|\b[a-z]{2,5}_[0-9a-f]{6,}|\b[a-z]+:[a-z][A-Za-z]+\b/);
    }
  });
});
