import type { Store } from '../../store/store';
import { dateInZone, startOfDayInZone } from '../../../shared/officeTime';
import { readSetting } from './settingsRepo';

/** Day boundaries come from the shared date layer (Temporal): no offsets are probed here. */
export { startOfDayInZone };

/**
 * The office's time zone: the setting, or the machine's zone while none is set. A zone saved
 * under other time-zone data and unknown to this runtime reads as UTC rather than refusing
 * every payment until an admin picks a zone again.
 */
export function officeTimeZone(store: Store): string {
  const zone = readSetting(store, 'timeZone');
  try {
    dateInZone(new Date(0), zone);
    return zone;
  } catch {
    return 'UTC';
  }
}

/**
 * The office's calendar date of the instant `at`: "today" for due and overdue, the default
 * enrollment date, the revenue day of a ledger row. Not the UTC date — at 10:00 in Sydney
 * UTC is still on yesterday.
 */
export const officeDate = (store: Store, at: Date): string => dateInZone(at, officeTimeZone(store));
