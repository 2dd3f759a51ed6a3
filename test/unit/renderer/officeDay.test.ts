import { afterEach, describe, expect, it } from 'vitest';
import { officeDayOf } from '../../../renderer/src/api/money';
import { chartOf } from '../../../renderer/src/screens/reports/chartData';
import { queryClient } from '../../../renderer/src/query/queryClient';
import { SETTINGS_KEY } from '../../../renderer/src/stores/settings';
import type { OutputOf } from '../../../shared/contract';

const settingsIn = (timeZone: string): OutputOf<'settings:get'> => ({
  officeName: 'Office', deskCode: 'DESK1', defaultCurrency: 'USD', locale: 'en-US', timeZone, lockAfterMinutes: 15, backupKeepDaily: 14, backupKeepWeekly: 8, lateFeesAutomatic: false, payerLinkDays: 90, officeAddress: '', officeTaxId: '', receiptPaper: 'a5', updatedAt: null,
});

const useSettingsOf = (timeZone: string) => queryClient.setQueryData(SETTINGS_KEY, settingsIn(timeZone));
afterEach(() => queryClient.clear());

describe('the window names days on the office calendar, as the core counts them', () => {
  it('a timestamp is dated in the office zone, not in UTC', () => {
    useSettingsOf('Pacific/Auckland');
    expect(officeDayOf('2026-03-01T20:00:00.000Z')).toBe('2026-03-02');
    useSettingsOf('America/Los_Angeles');
    expect(officeDayOf('2026-03-02T03:00:00.000Z')).toBe('2026-03-01');
    expect(officeDayOf(new Date('2026-03-02T09:00:00.000Z'))).toBe('2026-03-02');
  });

  it('the drawer-sessions chart labels each session with its office day', () => {
    useSettingsOf('Pacific/Auckland');
    const row = { sessionId: 's1', deskCode: 'DESK1', currency: 'USD', status: 'closed' as const, openedAt: '2026-03-01T19:30:00.000Z', closedAt: '2026-03-02T05:00:00.000Z', zNumber: 1,
      openingFloat: 100_00, cashIn: 0, cashOut: 0, paidIn: 0, paidOut: 0, expected: 100_00, counted: 100_00, overShort: 0, depositSlip: null };
    const chart = chartOf('drawerSessions', { rows: [row] }, (amount, currency) => `${amount} ${currency}`);
    expect(chart.points.map((p) => p.label)).toEqual(['2026-03-02']);
  });
});
