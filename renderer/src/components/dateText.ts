import { Temporal } from 'temporal-polyfill';

/**
 * A calendar day as a person types and reads it in the office's locale, and back to the
 * YYYY-MM-DD the screens and the core use. Pure (no React, no catalogs): the words around it
 * (the pattern's letters, the errors) are the caller's.
 *
 * The order of day, month and year and the mark between them come from the locale's own short
 * numeric date (`Intl.DateTimeFormat(locale).formatToParts`, Gregorian calendar): es-ES and
 * en-GB 15/01/2027, en-US 01/15/2027, de-DE 15.01.2027, ja-JP 2027/01/15.
 *
 * Reading is forgiving about the marks (any of / . - or spaces between the numbers, leading
 * zeros optional) and strict about the day: it must be on the calendar (no 31/02, 29/02 only
 * in a leap year), and the year must be written in full with four digits, 1000 to 9999. A
 * two-digit year is refused rather than guessed ("27" could be 1927 or 2027; an office date
 * must not be a guess), and so is anything with letters.
 */

export type DatePart = 'day' | 'month' | 'year';
export type DateShape = { order: readonly [DatePart, DatePart, DatePart]; separator: string };

/**
 * What a typed text is:
 * - `empty`: nothing typed (the screen's "no date");
 * - `day`: a real day, as YYYY-MM-DD;
 * - `incomplete`: numbers so far that could still become a date (typing goes on);
 * - `shortYear`: three numbers whose year has two digits (refused, never guessed);
 * - `notADate`: cannot become a date by typing more (letters, a fourth number, a part too long);
 * - `noSuchDay`: three numbers that name no day on the calendar (31/02/2026, month 13, year 0999).
 */
export type DateReading =
  | { kind: 'empty' }
  | { kind: 'day'; day: string }
  | { kind: 'incomplete' }
  | { kind: 'shortYear' }
  | { kind: 'notADate' }
  | { kind: 'noSuchDay' };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Marks a locale writes that are not separators a person types (bidi marks in Arabic and Hebrew dates). */
const INVISIBLE = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const FALLBACK: DateShape = { order: ['month', 'day', 'year'], separator: '/' };
const shapes = new Map<string, DateShape>();

/** The office locale's numeric date order and separator (en-US if the tag is unreadable). */
export function dateShapeOf(locale: string): DateShape {
  const hit = shapes.get(locale);
  if (hit) return hit;
  let shape = FALLBACK;
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.UTC(2027, 0, 15)));
    const order = parts.map((p) => p.type).filter((type): type is DatePart => type === 'day' || type === 'month' || type === 'year');
    const first = parts.findIndex((p) => p.type === order[0]);
    const between = parts.slice(first + 1).find((p) => p.type === 'literal')?.value.replace(INVISIBLE, '').trim() ?? '';
    if (order.length === 3 && new Set(order).size === 3) {
      shape = { order: [order[0] ?? 'month', order[1] ?? 'day', order[2] ?? 'year'], separator: /^[./-]$/.test(between) ? between : '/' };
    }
  } catch {
    // An unreadable tag: the settings form refuses those; en-US order rather than a broken field.
  }
  shapes.set(locale, shape);
  return shape;
}

/** YYYY-MM-DD as the office writes it (15/01/2027 in es-ES); '' stays ''; anything else is returned as it is. */
export function formatDay(day: string, shape: DateShape): string {
  const m = ISO_DAY.exec(day);
  if (!m) return day;
  const value: Record<DatePart, string> = { year: m[1] ?? '', month: m[2] ?? '', day: m[3] ?? '' };
  return shape.order.map((part) => value[part]).join(shape.separator);
}

/** The pattern a person is shown ("dd/mm/aaaa" with Spanish letters), from the letters of the office's language. */
export function datePattern(shape: DateShape, letters: Record<DatePart, string>): string {
  return shape.order.map((part) => letters[part]).join(shape.separator);
}

/** A typed text read in the office's order: a real day as YYYY-MM-DD, or why it is not one. */
export function readDay(text: string, shape: DateShape): DateReading {
  const trimmed = text.replace(INVISIBLE, '').trim();
  if (trimmed === '') return { kind: 'empty' };
  if (!/^[\d\s./-]+$/.test(trimmed)) return { kind: 'notADate' };
  const numbers = trimmed.split(/[\s./-]+/).filter((n) => n !== '');
  if (numbers.length > 3) return { kind: 'notADate' };
  const at = (part: DatePart): string => numbers[shape.order.indexOf(part)] ?? '';
  // A part longer than it can be will not become a date by typing more.
  for (const part of shape.order) if (at(part).length > (part === 'year' ? 4 : 2)) return { kind: 'notADate' };
  if (numbers.length < 3) return { kind: 'incomplete' };
  const year = at('year');
  if (year.length < 4) return year.length === 2 ? { kind: 'shortYear' } : { kind: 'incomplete' };
  const y = Number(year);
  const m = Number(at('month'));
  const d = Number(at('day'));
  if (y < 1000 || m < 1 || m > 12 || d < 1) return { kind: 'noSuchDay' };
  if (d > Temporal.PlainYearMonth.from({ year: y, month: m }).daysInMonth) return { kind: 'noSuchDay' };
  return { kind: 'day', day: Temporal.PlainDate.from({ year: y, month: m, day: d }).toString() };
}

/** Whether a reading can only get worse by typing on: its error is worth showing while the person still types. */
export const settled = (reading: DateReading): boolean => reading.kind === 'notADate' || reading.kind === 'noSuchDay';
