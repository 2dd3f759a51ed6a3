import { Temporal } from 'temporal-polyfill';
import { dateInZone } from './dateInZone';

/**
 * The one date layer: calendar arithmetic and the text of every timestamp shown or printed,
 * in the office's time zone and locale (Settings), never the machine's. Runtime-neutral:
 * Temporal (the polyfill) for arithmetic across zone transitions, Intl for text.
 */

export { dateInZone };

/**
 * The first instant of the calendar day `date` (YYYY-MM-DD) in `timeZone`: usually its local
 * midnight; where a jump skips midnight, the jump; where midnight happens twice, the first.
 * A day the zone skipped altogether (Samoa's 30 December 2011) has no instants: it starts
 * where the next day does, so a range over it is empty rather than an error.
 */
export function startOfDayInZone(date: string, timeZone: string): Date {
  return new Date(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** `date` (YYYY-MM-DD) plus `days` calendar days (negative goes back). */
export const addDays = (date: string, days: number): string => Temporal.PlainDate.from(date).add({ days }).toString();

/** `date` plus `months` calendar months, the day clamped to the month's length (31 Jan + 1 month = 28/29 Feb). */
export const addMonths = (date: string, months: number): string => Temporal.PlainDate.from(date).add({ months }, { overflow: 'constrain' }).toString();

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Temporal.PlainDate.from(from).until(Temporal.PlainDate.from(to), { largestUnit: 'days' }).days;

export type OfficeClock = { locale: string; timeZone: string };

export type OfficeTimeFormat = {
  /** "Mar 2, 2026, 9:30 AM GMT+13": a moment in the office's zone, the zone named so no reader takes it for their own. */
  dateTime: (at: string | Date) => string;
  /** "9:30 AM": the clock time of a moment in the office's zone. */
  time: (at: string | Date) => string;
  /** "Mar 2, 2026": a calendar date (YYYY-MM-DD) as it is, or the office's day of a moment (an ISO timestamp or a Date). */
  date: (dayOrInstant: string | Date) => string;
  /** YYYY-MM-DD: the office's calendar day of a moment. */
  day: (at: string | Date) => string;
  timeZone: string;
  locale: string;
};

const cache = new Map<string, OfficeTimeFormat>();

/** A zone or locale this runtime does not know reads as UTC / en-US rather than breaking every screen. */
function known(clock: OfficeClock): OfficeClock {
  let timeZone = 'UTC';
  let locale = 'en-US';
  try {
    timeZone = new Intl.DateTimeFormat('en-US', { timeZone: clock.timeZone }).resolvedOptions().timeZone;
  } catch {
    // unknown zone: UTC
  }
  try {
    locale = new Intl.DateTimeFormat(clock.locale).resolvedOptions().locale;
  } catch {
    // unknown locale: en-US
  }
  return { timeZone, locale };
}

const instant = (at: string | Date): Date => (typeof at === 'string' ? new Date(at) : at);
const isCalendarDate = (text: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(text);

/** The office's formatter (made once per locale and zone: building Intl formatters costs more than using them). */
export function officeTimeFormat(clock: OfficeClock): OfficeTimeFormat {
  const key = `${clock.locale}|${clock.timeZone}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { locale, timeZone } = known(clock);
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone, year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' });
  const time = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' });
  const calendarDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
  const day = (at: string | Date): string => dateInZone(instant(at), timeZone);
  const format: OfficeTimeFormat = {
    dateTime: (at) => dateTime.format(instant(at)),
    time: (at) => time.format(instant(at)),
    date: (d) => calendarDate.format(new Date(`${typeof d === 'string' && isCalendarDate(d) ? d : day(d)}T00:00:00Z`)),
    day,
    timeZone,
    locale,
  };
  cache.set(key, format);
  return format;
}
