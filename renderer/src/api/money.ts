import { dateInZone } from '../../../shared/dateInZone';
import { useOfficeTime } from '../hooks/useOfficeTime';
import { currentSettings } from '../stores/settings';

/** A calendar date (YYYY-MM-DD) as it is, or the office's day of a timestamp, in the office locale. */
export function useDate(): (iso: string) => string {
  return useOfficeTime().date;
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
