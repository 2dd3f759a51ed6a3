import { invalid } from '../../core/errors';

/** Day granularity stops at five years: past that a chart and a CSV of days stop being a report. */
export const MAX_DAY_RANGE_DAYS = 5 * 366;

const dayNumber = (iso: string): number => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** Refuses a range that ends before it starts (naming `to`). */
export function checkRange(range: { from: string; to: string }): void {
  if (range.to < range.from) throw invalid('to', `must be on or after the start of the range (${range.from})`);
}

/** The ledger's timestamps are UTC ISO strings: a day range is a half-open timestamp range. */
export const timestampRange = (range: { from: string; to: string }): { start: string; end: string } => ({
  start: `${range.from}T00:00:00.000Z`,
  end: new Date((dayNumber(range.to) + 1) * 86_400_000).toISOString(),
});
