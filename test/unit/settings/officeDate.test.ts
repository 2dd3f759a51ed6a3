import { describe, expect, it } from 'vitest';
import { dateInZone } from '../../../electron/services/settings/officeDate';

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
