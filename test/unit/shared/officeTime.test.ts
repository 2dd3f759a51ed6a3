import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, officeTimeFormat } from '../../../shared/officeTime';
import { reportTable } from '../../../shared/reports/reportTables';

const plain = (s: string): string => s.replace(/[\u202f\u00a0]/g, ' ');

describe('the office formatter', () => {
  it("writes a moment on the office's clock with the zone named, whatever the machine's zone", () => {
    const f = officeTimeFormat({ locale: 'en-US', timeZone: 'Pacific/Kiritimati' });
    expect(plain(f.dateTime('2026-03-01T20:05:00.000Z'))).toBe('Mar 2, 2026, 10:05 AM GMT+14');
    expect(plain(f.time('2026-03-01T20:05:00.000Z'))).toBe('10:05 AM');
    expect(f.day('2026-03-01T20:05:00.000Z')).toBe('2026-03-02');
    // A calendar date stays the date it is; a moment is dated on the office's calendar.
    expect(f.date('2026-03-01')).toBe('Mar 1, 2026');
    expect(f.date('2026-03-01T20:05:00.000Z')).toBe('Mar 2, 2026');
  });

  it('follows the office locale', () => {
    expect(plain(officeTimeFormat({ locale: 'fr-FR', timeZone: 'Europe/Paris' }).dateTime('2026-03-01T20:05:00.000Z'))).toBe('1 mars 2026, 21:05 UTC+1');
  });

  it('reads a zone this runtime does not know as UTC instead of breaking the screen', () => {
    expect(officeTimeFormat({ locale: 'en-US', timeZone: 'Mars/Olympus' }).timeZone).toBe('UTC');
  });
});

describe('calendar arithmetic on Temporal', () => {
  it('adds days and months on the calendar, clamping to the month', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
  });
});

describe('report tables', () => {
  it('sum money and counts per currency in total rows, and write the CSV cells as before', () => {
    const row = (currency: string, net: number) => ({ period: '2026-03-02', currency, method: 'bank_transfer' as const, gross: net, voided: 0, refunded: 0, net, payments: 1, voids: 0, refunds: 0 });
    const t = reportTable('revenue', { granularity: 'week', rows: [row('USD', 120_00), row('EUR', 200_00), row('USD', 50_00)], totals: [] });
    expect(t.rows[0]).toEqual(['2026-03-02', 'USD', 'bank_transfer', '120.00', '0.00', '0.00', '120.00', '1', '0', '0']);
    expect(t.totals.map((r) => [r[0], r[1], r[6], r[7]])).toEqual([
      [{ kind: 'text', text: 'Total' }, { kind: 'text', text: 'USD' }, { kind: 'money', amount: 170_00, currency: 'USD' }, { kind: 'count', n: 2 }],
      [{ kind: 'text', text: 'Total' }, { kind: 'text', text: 'EUR' }, { kind: 'money', amount: 200_00, currency: 'EUR' }, { kind: 'count', n: 1 }],
    ]);
    expect(reportTable('revenue', { granularity: 'week', rows: [], totals: [] }).totals).toEqual([]);
  });
});
