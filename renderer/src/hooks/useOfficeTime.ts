import { officeTimeFormat } from '../../../shared/officeTime';
import type { OfficeTimeFormat } from '../../../shared/officeTime';
import { useSetting } from '../stores/settings';

/**
 * Every timestamp on a screen, in the office's zone and locale (Settings), never the
 * machine's: a desk whose clock is set elsewhere still shows the office's times.
 */
export function useOfficeTime(): OfficeTimeFormat {
  const locale = useSetting('locale', 'en-US');
  const timeZone = useSetting('timeZone', 'UTC');
  return officeTimeFormat({ locale, timeZone });
}
