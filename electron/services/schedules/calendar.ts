import type { PlanInterval } from '../../../shared/contract/plans';

/**
 * Calendar dates as `YYYY-MM-DD` text, computed in UTC so a date never drifts with the
 * machine's time zone or daylight saving. Pure: no clock is read here.
 */
type Ymd = { y: number; m: number; d: number };

export function parseDate(date: string): Ymd {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a date: ${date}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** Day arithmetic through a UTC Date; setUTCFullYear keeps years below 100 literal (Date.UTC would add 1900). */
function utcMs(y: number, m: number, d: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return date.getTime();
}

function fromUtc(ms: number): string {
  const date = new Date(ms);
  const y = date.getUTCFullYear();
  if (y < 1 || y > 9999) throw new RangeError('date outside years 0001-9999');
  return `${String(y).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(utcMs(y, m + 1, 0)).getUTCDate();
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parseDate(date);
  return fromUtc(utcMs(y, m, d + days));
}

/** Whole days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
  const pa = parseDate(a);
  const pb = parseDate(b);
  return Math.round((utcMs(pb.y, pb.m, pb.d) - utcMs(pa.y, pa.m, pa.d)) / 86_400_000);
}

/**
 * `k` months after `anchor`, on the anchor's day of month clamped to the month's length.
 * Always computed from the anchor, never from the previous result, so Jan 31 gives
 * Feb 28/29 and then Mar 31 again (chaining would drift to the 28th for ever).
 */
export function addMonthsAnchored(anchor: string, k: number): string {
  const { y, m, d } = parseDate(anchor);
  const monthIndex = y * 12 + (m - 1) + k;
  const ny = Math.floor(monthIndex / 12);
  const nm = (monthIndex % 12) + 1;
  if (ny < 1 || ny > 9999) throw new RangeError('date outside years 0001-9999');
  const day = Math.min(d, daysInMonth(ny, nm));
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The `k`-th date of a series starting at `anchor` (k = 0 is the anchor itself). */
export function nthDate(anchor: string, interval: PlanInterval, k: number): string {
  switch (interval) {
    case 'weekly':
      return addDays(anchor, 7 * k);
    case 'biweekly':
      return addDays(anchor, 14 * k);
    case 'monthly':
      return addMonthsAnchored(anchor, k);
  }
}

/**
 * The UTC date of an instant. Not the office's "today" (that is `officeDate` in
 * settings/officeDate.ts, in the office's zone): only for seeds and tests that mean UTC.
 */
export const dateOf = (at: Date): string => at.toISOString().slice(0, 10);
