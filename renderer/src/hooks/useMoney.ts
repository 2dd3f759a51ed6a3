import { useMemo } from 'react';
import { decimalMarkOf, formatMoney, minorDigits, minorToDecimalString, parseMoney } from '../../../shared/money';
import { currentSettings, useSetting } from '../stores/settings';

/**
 * Money as people read and type it in one locale; arithmetic stays in integer minor units.
 * `parse` takes the locale's decimal mark ("12,50" in es-ES, "12.50" / "1,234.50" in en-US) and
 * refuses anything ambiguous (null: the cashier is asked again); `toInput` writes an amount the
 * way `parse` reads it back, for a field a person edits.
 */
export type MoneyIO = {
  locale: string;
  format(amount: number, currency: string): string;
  parse(text: string, currency: string): number | null;
  toInput(amount: number, currency: string): string;
};

const cache = new Map<string, MoneyIO>();

/** The one place the window turns text into minor units and back, for `locale`. */
export function moneyIn(locale: string): MoneyIO {
  let io = cache.get(locale);
  if (!io) {
    let mark: '.' | ',' = '.';
    try {
      mark = decimalMarkOf(locale);
    } catch {
      // An unreadable locale tag: the settings form refuses those, so this is a store from before.
    }
    io = {
      locale,
      format: (amount, currency) => formatMoney(amount, currency, locale),
      parse: (text, currency) => parseMoney(text, currency, mark),
      toInput: (amount, currency) => minorToDecimalString(amount, minorDigits(currency)).replace('.', mark),
    };
    cache.set(locale, io);
  }
  return io;
}

const officeLocale = (): string => currentSettings()?.locale ?? 'en-US';

/** Money in the office's locale (Settings), for every screen. */
export function useMoney(): MoneyIO {
  const locale = useSetting('locale', 'en-US');
  return useMemo(() => moneyIn(locale), [locale]);
}

/** The same, for plain helpers a screen calls (plan terms, rule drafts) that cannot use a hook. */
export const officeMoney = (): MoneyIO => moneyIn(officeLocale());
