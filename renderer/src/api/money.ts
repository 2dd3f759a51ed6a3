import { decimalMarkOf, formatMoney, minorDigits, minorToDecimalString, parseMoney } from '../../../shared/money';
import { useSettings } from '../stores/settings';

/** Formats minor units with the office locale; the one place screens turn amounts into text. */
export function useMoney(): (amount: number, currency: string) => string {
  const locale = useSettings((s) => s.settings?.locale ?? 'en-US');
  return (amount, currency) => formatMoney(amount, currency, locale);
}

/** What a person typed (in the office locale's notation) → minor units, or null when it is not an amount. */
export const parseAmount = (text: string, currency: string): number | null => parseMoney(text, currency, decimalMarkOf(useSettings.getState().settings?.locale ?? 'en-US'));

/** Minor units → the plain decimal a person edits ("1234.50"). */
export const amountToInput = (amount: number, currency: string): string => minorToDecimalString(amount, minorDigits(currency));

export function useDate(): (iso: string) => string {
  const locale = useSettings((s) => s.settings?.locale ?? 'en-US');
  return (iso) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
}

/** Today's date in the desk's own calendar, as YYYY-MM-DD. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
