import { describe, expect, it } from 'vitest';
import { startOfDayInZone } from '../../../electron/services/settings/officeDate';
import { dateInZone } from '../../../shared/dateInZone';
import { timestampRange } from '../../../electron/services/reports/dateRange';

describe('dateInZone', () => {
  it.each([
    ['2026-03-01T20:00:00Z', 'Pacific/Auckland', '2026-03-02'],
    ['2026-03-02T03:00:00Z', 'America/Los_Angeles', '2026-03-01'],
    ['2026-03-01T23:59:59.999Z', 'UTC', '2026-03-01'],
    ['2026-03-02T00:00:00Z', 'UTC', '2026-03-02'],
    // Sydney leaves daylight saving on 5 April 2026 at 03:00 local (16:00 UTC on the 4th): +11 before, +10 after.
    ['2026-04-04T12:59:59Z', 'Australia/Sydney', '2026-04-04'],
    ['2026-04-04T13:00:00Z', 'Australia/Sydney', '2026-04-05'],
    ['2026-04-05T13:59:59Z', 'Australia/Sydney', '2026-04-05'],
    ['2026-04-05T14:00:00Z', 'Australia/Sydney', '2026-04-06'],
    // Kiritimati is UTC+14, Pago Pago UTC-11: the same instant on three different dates.
    ['2026-01-01T11:00:00Z', 'Pacific/Kiritimati', '2026-01-02'],
    ['2026-01-01T11:00:00Z', 'Pacific/Pago_Pago', '2026-01-01'],
    ['2026-01-01T10:00:00Z', 'Pacific/Pago_Pago', '2025-12-31'],
    ['0099-06-01T12:00:00Z', 'UTC', '0099-06-01'],
  ])('%s in %s is %s', (at, zone, day) => {
    expect(dateInZone(new Date(at), zone)).toBe(day);
  });

  it('refuses a zone the runtime does not know', () => {
    expect(() => dateInZone(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('startOfDayInZone', () => {
  it.each([
    ['2026-03-02', 'Pacific/Auckland', '2026-03-01T11:00:00.000Z'],
    ['2026-01-01', 'UTC', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01', 'Asia/Kathmandu', '2025-12-31T18:15:00.000Z'],
    // Daylight saving changes at 02:00 or 03:00: midnight is as usual, on the day's own offset.
    ['2026-03-08', 'America/Los_Angeles', '2026-03-08T08:00:00.000Z'],
    ['2026-11-01', 'America/Los_Angeles', '2026-11-01T07:00:00.000Z'],
    ['2026-04-05', 'Australia/Sydney', '2026-04-04T13:00:00.000Z'],
    // Midnight skipped (clocks jump 00:00 -> 01:00): the day starts at the jump.
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00.000Z'],
    ['2026-03-08', 'America/Havana', '2026-03-08T05:00:00.000Z'],
    ['2026-03-29', 'Asia/Beirut', '2026-03-28T22:00:00.000Z'],
    // Midnight twice (01:00 -> 00:00): the day starts at the first.
    ['2026-11-01', 'America/Havana', '2026-11-01T04:00:00.000Z'],
  ])('%s in %s starts at %s', (date, zone, start) => {
    const at = startOfDayInZone(date, zone);
    expect(at.toISOString()).toBe(start);
    expect(dateInZone(at, zone)).toBe(date);
    expect(dateInZone(new Date(at.getTime() - 1), zone) < date).toBe(true);
  });
});

describe('startOfDayInZone on a day the zone skipped', () => {
  // Samoa crossed the date line: 29 December 2011 23:59:59 (UTC-10) was followed by 31 December 00:00 (UTC+14).
  it('a calendar day that never happened has no instants: it starts where the next day does', () => {
    const skipped = startOfDayInZone('2011-12-30', 'Pacific/Apia');
    expect(skipped.toISOString()).toBe('2011-12-30T10:00:00.000Z');
    expect(startOfDayInZone('2011-12-31', 'Pacific/Apia').toISOString()).toBe('2011-12-30T10:00:00.000Z');
    expect(startOfDayInZone('2011-12-29', 'Pacific/Apia').toISOString()).toBe('2011-12-29T10:00:00.000Z');
    expect(dateInZone(skipped, 'Pacific/Apia')).toBe('2011-12-31');
    expect(dateInZone(new Date(skipped.getTime() - 1), 'Pacific/Apia')).toBe('2011-12-29');
  });

  it('a report over the skipped day is an empty range, not an error', () => {
    expect(timestampRange({ from: '2011-12-30', to: '2011-12-30' }, 'Pacific/Apia')).toEqual({ start: '2011-12-30T10:00:00.000Z', end: '2011-12-30T10:00:00.000Z' });
    expect(timestampRange({ from: '2011-12-29', to: '2011-12-31' }, 'Pacific/Apia')).toEqual({ start: '2011-12-29T10:00:00.000Z', end: '2011-12-31T10:00:00.000Z' });
  });
});
