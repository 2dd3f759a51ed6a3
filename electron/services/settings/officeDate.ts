import type { Store } from '../../store/store';
import { readSetting } from './settingsRepo';

/**
 * One formatter per zone, made once: building an `Intl.DateTimeFormat` costs far more than
 * formatting with it, and the office date is read on every payment.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-US with the Gregorian calendar and Latin digits: the parts are plain numbers whatever the locale.
    f = new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The `YYYY-MM-DD` calendar date of the instant `at` on a wall clock in `timeZone` (an IANA name). */
export function dateInZone(at: Date, timeZone: string): string {
  let y = '';
  let m = '';
  let d = '';
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'year') y = part.value;
    else if (part.type === 'month') m = part.value;
    else if (part.type === 'day') d = part.value;
  }
  return `${y.padStart(4, '0')}-${m}-${d}`;
}

/** The office's time zone: the setting, or the machine's zone while none is set. */
export const officeTimeZone = (store: Store): string => readSetting(store, 'timeZone');

/**
 * The office's calendar date of the instant `at`: "today" for due and overdue, the default
 * enrollment date, the revenue day of a ledger row. Not the UTC date — at 10:00 in Sydney
 * UTC is still on yesterday.
 */
export function officeDate(store: Store, at: Date): string {
  const zone = officeTimeZone(store);
  try {
    return dateInZone(at, zone);
  } catch {
    // A zone saved under another runtime's time-zone data and unknown to this one: the UTC
    // day rather than refusing every payment until an admin picks a zone again.
    return at.toISOString().slice(0, 10);
  }
}
