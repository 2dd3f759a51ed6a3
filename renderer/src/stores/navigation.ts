import { create } from 'zustand';

export const screens = ['settings', 'status'] as const;
export type ScreenId = (typeof screens)[number];

export const screenTitles: Record<ScreenId, string> = {
  settings: 'Settings',
  status: 'Status',
};

type NavStore = { screen: ScreenId; go(screen: ScreenId): void };

export const useNavigation = create<NavStore>((set) => ({
  screen: 'settings',
  go: (screen) => set({ screen }),
}));
