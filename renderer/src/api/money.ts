import { useCallback } from 'react';
import { dateInZone } from '../../../shared/dateInZone';
import { decimalMarkOf, formatMoney, minorDigits, minorToDecimalString, parseMoney } from '../../../shared/money';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { currentSettings, useSetting } from '../stores/settings';

/** Formats minor units with the office locale; the one place screens turn amounts into text. */
export function useMoney(): (amount: number, currency: string) => string {
  const locale = useSetting('locale', 'en-US');
  // The same function while the locale stays: tables memoize their columns on it.
  return useCallback((amount: number, currency: string) => formatMoney(amount, currency, locale), [locale]);
}

/** What a person typed (in the office locale's notation) → minor units, or null when it is not an amount. */
export const parseAmount = (text: string, currency: string): number | null => parseMoney(text, currency, decimalMarkOf(currentSettings()?.locale ?? 'en-US'));

/** Minor units → the plain decimal a person edits ("1234.50"). */
export const amountToInput = (amount: number, currency: string): string => minorToDecimalString(amount, minorDigits(currency));

/** A calendar date (YYYY-MM-DD) as it is, or the office's day of a timestamp, in the office locale. */
export function useDate(): (iso: string) => string {
  return useOfficeTime().date;
}

/**
 * The date of an instant (a Date or an ISO timestamp) in the office's calendar (its time zone
 * in Settings, as the core counts days), as YYYY-MM-DD; the window's own zone until the
 * settings are loaded or if the zone is unknown here.
 */
export function officeDayOf(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const timeZone = currentSettings()?.timeZone;
  if (timeZone) {
    try {
      return dateInZone(d, timeZone);
    } catch {
      // An unknown zone: fall through to the window's own calendar.
    }
  }
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Today's date in the office's calendar, as YYYY-MM-DD. */
export const today = (): string => officeDayOf(new Date());
