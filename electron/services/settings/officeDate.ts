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

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at `ms`, in milliseconds (seconds precision, as zones are). */
function offsetAt(ms: number, timeZone: string): number {
  let f = clockFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    clockFormatters.set(timeZone, f);
  }
  const n: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of f.formatToParts(new Date(ms))) n[part.type] = Number(part.value);
  const wall = new Date(0);
  wall.setUTCFullYear(n.year ?? 1970, (n.month ?? 1) - 1, n.day ?? 1);
  wall.setUTCHours(n.hour ?? 0, n.minute ?? 0, n.second ?? 0, 0);
  return wall.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
}

/**
 * The first instant of the calendar day `date` (YYYY-MM-DD) in `timeZone`: usually its local
 * midnight; where midnight is skipped by a daylight-saving jump, the jump itself; where it
 * happens twice, the first. Day ranges of reports over timestamps start and end here.
 */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const midnight = Date.parse(`${date}T00:00:00Z`);
  // A jump near the day's start lies within 15 hours of this UTC midnight (zones run -12 to +14).
  const candidates = [offsetAt(midnight - 15 * 3_600_000, timeZone), offsetAt(midnight, timeZone), offsetAt(midnight + 15 * 3_600_000, timeZone)]
    .map((offset) => midnight - offset)
    .filter((ms) => dateInZone(new Date(ms), timeZone) === date && dateInZone(new Date(ms - 1), timeZone) < date)
    .sort((a, b) => a - b);
  const start = candidates[0];
  if (start === undefined) throw new RangeError(`no start of ${date} in ${timeZone}`);
  return new Date(start);
}

/**
 * The office's time zone: the setting, or the machine's zone while none is set. A zone saved
 * under other time-zone data and unknown to this runtime reads as UTC rather than refusing
 * every payment until an admin picks a zone again.
 */
export function officeTimeZone(store: Store): string {
  const zone = readSetting(store, 'timeZone');
  try {
    formatterFor(zone);
    return zone;
  } catch {
    return 'UTC';
  }
}

/**
 * The office's calendar date of the instant `at`: "today" for due and overdue, the default
 * enrollment date, the revenue day of a ledger row. Not the UTC date — at 10:00 in Sydney
 * UTC is still on yesterday.
 */
export const officeDate = (store: Store, at: Date): string => dateInZone(at, officeTimeZone(store));
