import type { OutputOf } from '../../../shared/contract';
import { channelKey } from '../query/invalidation';
import { queryClient } from '../query/queryClient';
import { useChannelQuery } from '../query/useChannelQuery';
import { useSession } from './session';

type Settings = OutputOf<'settings:get'>;

export const SETTINGS_KEY = channelKey('settings:get', {});

/**
 * The office's settings, one cached read for every screen (money, dates, the top bar). It is
 * read again on the change notices (a save, a restore); they cancel an older read still in
 * flight, so a late answer never lands over fresher settings.
 */
export function useOfficeSettings(options?: { enabled?: boolean }) {
  return useChannelQuery('settings:get', {}, { staleTime: Infinity, ...options });
}

/**
 * One field of the settings (or `fallback` before they are read). Read only with someone signed
 * in: the settings are staff-only, so a read from the sign-in screen would only be refused.
 */
export function useSetting<K extends keyof Settings>(field: K, fallback: Settings[K]): Settings[K] {
  const signedIn = useSession((s) => Boolean(s.state.user));
  const { data } = useChannelQuery('settings:get', {}, { staleTime: Infinity, enabled: signedIn, select: (s) => s[field] });
  return data ?? fallback;
}

/** Outside React (parsing, error words): the settings as last read, or null. */
export const currentSettings = (): Settings | null => queryClient.getQueryData<Settings>(SETTINGS_KEY) ?? null;

/** A save's answer is the settings now: shown at once, and any older read in flight dropped. */
export async function showSavedSettings(settings: Settings): Promise<void> {
  await queryClient.cancelQueries({ queryKey: SETTINGS_KEY });
  queryClient.setQueryData(SETTINGS_KEY, settings);
}
