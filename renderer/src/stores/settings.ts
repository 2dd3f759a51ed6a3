import { create } from 'zustand';
import type { OutputOf } from '../../../shared/contract';
import { invoke } from '../api/invoke';

type Settings = OutputOf<'settings:get'>;

type SettingsStore = {
  settings: Settings | null;
  load(): Promise<void>;
  set(settings: Settings): void;
};

export const useSettings = create<SettingsStore>((set) => ({
  settings: null,
  load: async () => {
    const r = await invoke('settings:get', {});
    if (r.ok) set({ settings: r.value });
  },
  set: (settings) => set({ settings }),
}));
