import type { Settings } from '../../../shared/contract/settings';
import { formatMoney } from '../../../shared/money';
import { officeTimeFormat } from '../../../shared/officeTime';

/**
 * Money and time as the office writes them on paper: its locale and currency, its zone.
 * Intl's narrow and thin spaces (fr-FR, de-CH) are printed as they are: the document fonts
 * hold them.
 */
export type OfficeFormat = {
  money: (amount: number, currency: string) => string;
  /** "3 Dec 2025, 10:14 GMT+11": a moment, in the office's zone, with the zone named. */
  dateTime: (iso: string | Date) => string;
  /** "3 Dec 2025": a calendar date (YYYY-MM-DD), no zone arithmetic. */
  date: (ymd: string) => string;
};

export function officeFormat(settings: Pick<Settings, 'locale' | 'timeZone'>): OfficeFormat {
  const time = officeTimeFormat(settings);
  return {
    money: (amount, currency) => formatMoney(amount, currency, settings.locale),
    dateTime: time.dateTime,
    date: time.date,
  };
}

/** The office's heading on every document: name, address lines and tax/registration id. */
export function officeLines(settings: Pick<Settings, 'officeName' | 'officeAddress' | 'officeTaxId'>): { name: string; lines: string[] } {
  const lines = settings.officeAddress.split('\n').filter(Boolean);
  if (settings.officeTaxId) lines.push(`Tax/registration ID: ${settings.officeTaxId}`);
  return { name: settings.officeName, lines };
}
