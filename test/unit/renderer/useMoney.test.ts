import { describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { useMoney } from '../../../renderer/src/hooks/useMoney';
import type { MoneyIO } from '../../../renderer/src/hooks/useMoney';

/**
 * The office's settings as the screens' store hands them out (a TanStack Query read, which
 * needs a client and the core); the test stands in for that read with the locale it sets.
 */
const office = vi.hoisted(() => ({ locale: 'en-US' }));
vi.mock('../../../renderer/src/stores/settings', () => ({
  useSetting: (field: string, fallback: unknown) => (field === 'locale' ? office.locale : fallback),
  currentSettings: () => ({ locale: office.locale }),
}));

/** Runs the hook the way a screen does (rendered by React), with the office's settings in the store. */
function moneyOf(locale: string): MoneyIO {
  office.locale = locale;
  let io: MoneyIO | undefined;
  const Probe = () => {
    io = useMoney();
    return null;
  };
  renderToStaticMarkup(createElement(Probe));
  if (!io) throw new Error('the hook did not run');
  return io;
}

describe('useMoney: the one way screens read and show money', () => {
  it('es-ES: "12,50" is 1250 cents and shows as 12,50 €', () => {
    const m = moneyOf('es-ES');
    expect(m.locale).toBe('es-ES');
    expect(m.parse('12,50', 'EUR')).toBe(1250);
    expect(m.parse('1.234,50', 'EUR')).toBe(123_450);
    expect(m.parse('12.50', 'EUR')).toBeNull(); // "12.50" is not an amount in Spanish notation: asked again, never misread
    expect(m.format(1250, 'EUR')).toBe('12,50\u00a0€');
    expect(m.toInput(123_450, 'EUR')).toBe('1234,50');
    expect(m.parse(m.toInput(123_450, 'EUR'), 'EUR')).toBe(123_450);
  });

  it('en-US: "12.50" and "1,234.50" are read; "12,50" is refused', () => {
    const m = moneyOf('en-US');
    expect(m.parse('12.50', 'USD')).toBe(1250);
    expect(m.parse('1,234.50', 'USD')).toBe(123_450);
    expect(m.parse('12,50', 'USD')).toBeNull();
    expect(m.format(123_450, 'USD')).toBe('$1,234.50');
    expect(m.toInput(123_450, 'USD')).toBe('1234.50');
  });

  it('es-MX reads the point as its decimal mark, and currencies keep their own digits', () => {
    const m = moneyOf('es-MX');
    expect(m.parse('12.50', 'MXN')).toBe(1250);
    expect(m.parse('1,234.50', 'MXN')).toBe(123_450);
    expect(moneyOf('es-ES').parse('1.500', 'JPY')).toBe(1500);
    expect(moneyOf('es-ES').parse('12,5', 'JPY')).toBeNull();
  });

  it('follows the office locale when Settings change', () => {
    expect(moneyOf('en-US').parse('12,50', 'EUR')).toBeNull();
    expect(moneyOf('es-ES').parse('12,50', 'EUR')).toBe(1250);
  });
});
