import type { Store } from '../../store/store';
import { dateInZone } from '../../../shared/dateInZone';
import { readSetting } from './settingsRepo';

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
    dateInZone(new Date(0), zone);
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
