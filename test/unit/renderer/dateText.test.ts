import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { datePattern, dateShapeOf, formatDay, readDay, settled } from '../../../renderer/src/components/dateText';

const us = dateShapeOf('en-US');
const gb = dateShapeOf('en-GB');
const es = dateShapeOf('es-ES');
const de = dateShapeOf('de-DE');
const day = (text: string, shape = es) => readDay(text, shape);

describe('a date field in the office locale: the order and marks come from the locale', () => {
  it('en-US writes month first, en-GB and es-ES day first with slashes, de-DE with points, ja-JP year first', () => {
    expect(formatDay('2027-01-15', us)).toBe('01/15/2027');
    expect(formatDay('2027-01-15', gb)).toBe('15/01/2027');
    expect(formatDay('2027-01-15', es)).toBe('15/01/2027');
    expect(formatDay('2027-01-15', de)).toBe('15.01.2027');
    expect(formatDay('2027-01-15', dateShapeOf('ja-JP'))).toBe('2027/01/15');
    expect(formatDay('2027-01-15', dateShapeOf('ar-EG')), 'no bidi marks in a typed date').toBe('15/01/2027');
    expect(formatDay('', es)).toBe('');
  });

  it('the pattern shown is in the letters of the office language', () => {
    expect(datePattern(es, { day: 'dd', month: 'mm', year: 'aaaa' })).toBe('dd/mm/aaaa');
    expect(datePattern(us, { day: 'dd', month: 'mm', year: 'yyyy' })).toBe('mm/dd/yyyy');
    expect(datePattern(de, { day: 'dd', month: 'mm', year: 'yyyy' })).toBe('dd.mm.yyyy');
  });

  it('an unreadable locale tag reads as en-US rather than breaking the field', () => {
    expect(formatDay('2027-01-15', dateShapeOf('not a locale!'))).toBe('01/15/2027');
  });
});

describe('reading a typed date', () => {
  it('the same text is a different day in es-ES and en-US: 12/02/2026 is 12 February in Spain, 2 December in the US', () => {
    expect(day('12/02/2026', es)).toEqual({ kind: 'day', day: '2026-02-12' });
    expect(day('12/02/2026', us)).toEqual({ kind: 'day', day: '2026-12-02' });
    expect(day('02/12/2026', us)).toEqual({ kind: 'day', day: '2026-02-12' });
  });

  it('round trip: every day from 1900 to 2999 written by the locale reads back as itself in en-US, en-GB, es-ES and de-DE', () => {
    const days = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2999-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(days, (iso) => {
        for (const shape of [us, gb, es, de]) expect(readDay(formatDay(iso, shape), shape)).toEqual({ kind: 'day', day: iso });
      }),
      { numRuns: 500 },
    );
  });

  it('leading zeros and the marks between the numbers are optional', () => {
    expect(day('5/1/2027')).toEqual({ kind: 'day', day: '2027-01-05' });
    expect(day(' 15-01-2027 ')).toEqual({ kind: 'day', day: '2027-01-15' });
    expect(day('15.01.2027')).toEqual({ kind: 'day', day: '2027-01-15' });
    expect(day('15 1 2027')).toEqual({ kind: 'day', day: '2027-01-15' });
    expect(day('15/01/2027', de)).toEqual({ kind: 'day', day: '2027-01-15' });
  });

  it('29 February only in a leap year (2024, 2000), never in 2026 or 1900', () => {
    expect(day('29/02/2024')).toEqual({ kind: 'day', day: '2024-02-29' });
    expect(day('29/02/2000')).toEqual({ kind: 'day', day: '2000-02-29' });
    expect(day('02/29/2024', us)).toEqual({ kind: 'day', day: '2024-02-29' });
    expect(day('29/02/2026')).toEqual({ kind: 'noSuchDay' });
    expect(day('29/02/1900')).toEqual({ kind: 'noSuchDay' });
  });

  it('a day not on the calendar is refused: 31 February, 31 April, day 0, month 13, a year before 1000', () => {
    for (const text of ['31/02/2026', '31/04/2026', '00/01/2026', '15/13/2026', '15/00/2026', '15/01/0999']) expect(day(text), text).toEqual({ kind: 'noSuchDay' });
    expect(day('13/15/2026', us), 'month 13 in en-US').toEqual({ kind: 'noSuchDay' });
    expect(day('31/02/2026', us), 'month 31').toEqual({ kind: 'noSuchDay' });
  });

  it('letters, a fourth number or a part too long can never become a date', () => {
    for (const text of ['abc', '15/ene/2027', '15/01/2027x', '2027-01-15T00:00', '15/01/2027/1', '150/01/2027', '15/01/20270', '15,01,2027']) expect(day(text), text).toEqual({ kind: 'notADate' });
  });

  it('a two-digit year is refused, never guessed (27 could be 1927 or 2027)', () => {
    expect(day('15/01/27')).toEqual({ kind: 'shortYear' });
    expect(day('01/15/27', us)).toEqual({ kind: 'shortYear' });
  });

  it('an unfinished date is incomplete while typing goes on; only what cannot be mended is an error at once', () => {
    for (const text of ['1', '15', '15/', '15/01', '15/01/', '15/01/2', '15/01/202']) expect(day(text), text).toEqual({ kind: 'incomplete' });
    expect(day('')).toEqual({ kind: 'empty' });
    expect(day('   ')).toEqual({ kind: 'empty' });
    expect(settled(day('15/01/20'))).toBe(false);
    expect(settled(day('15/01'))).toBe(false);
    expect(settled(day('31/02/2026'))).toBe(true);
    expect(settled(day('abc'))).toBe(true);
  });
});
