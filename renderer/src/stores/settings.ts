import { create } from 'zustand';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';

type Settings = OutputOf<'settings:get'>;

type SettingsStore = {
  settings: Settings | null;
  load(): Promise<void>;
  set(settings: Settings): void;
};

/**
 * Loads overlap (a screen opening, a change notice, a restore): answers can come back out of
 * order, so only the answer to the newest request (or a newer `set`) is kept, never an older
 * read arriving late over fresher settings.
 */
let latest = 0;

export const useSettings = create<SettingsStore>((set) => ({
  settings: null,
  load: async () => {
    const mine = ++latest;
    const r = await invoke('settings:get', {});
    if (r.ok && mine === latest) set({ settings: r.value });
  },
  set: (settings) => {
    latest += 1;
    set({ settings });
  },
}));
