import { useMemo } from 'react';
import { dateInZone } from '../../../shared/dateInZone';
import { currentSettings, useSetting } from '../stores/settings';

export function useDate(): (iso: string) => string {
  const locale = useSetting('locale', 'en-US');
  // One formatter per locale (building an Intl formatter costs far more than using it), one function while it stays.
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    return (iso: string) => format.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
  }, [locale]);
}

/**
 * The date of an instant (a Date or an ISO timestamp) in the office's calendar (its time zone
 * in Settings, as the core counts days), as YYYY-MM-DD; the window's own zone until the
 * settings are loaded or if the zone is unknown here.
 */
export function officeDayOf(instant: Date | string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const timeZone = currentSettings()?.timeZone;
  if (timeZone) {
    try {
      return dateInZone(d, timeZone);
    } catch {
      // An unknown zone: fall through to the window's own calendar.
    }
  }
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Today's date in the office's calendar, as YYYY-MM-DD. */
export const today = (): string => officeDayOf(new Date());
