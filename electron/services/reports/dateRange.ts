import { invalidAs } from '../../core/errors';
import { addDays, daysBetween as calendarDaysBetween, startOfDayInZone } from '../../../shared/officeTime';
import { dayParam } from '../../../shared/errorMessages';

/** Day granularity stops at five years: past that a chart and a CSV of days stop being a report. */
export const MAX_DAY_RANGE_DAYS = 5 * 366;

export const daysBetween = calendarDaysBetween;

/** Refuses a range that ends before it starts (naming `to`). */
export function checkRange(range: { from: string; to: string }): void {
  if (range.to < range.from) throw invalidAs('to', 'report.toBeforeFrom', { from: dayParam(range.from) });
}

/**
 * Timestamps are UTC ISO strings and a day is the office's calendar day in `timeZone`: a day
 * range is the half-open timestamp range from the first day's first instant to the day after
 * the last one's.
 */
export const timestampRange = (range: { from: string; to: string }, timeZone: string): { start: string; end: string } => ({
  start: startOfDayInZone(range.from, timeZone).toISOString(),
  end: startOfDayInZone(addDays(range.to, 1), timeZone).toISOString(),
});
