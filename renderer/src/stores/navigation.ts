import { create } from 'zustand';
import type { Role } from '../../../shared/schemas';

export const screens = ['settings', 'users', 'audit', 'backups', 'status'] as const;
export type ScreenId = (typeof screens)[number];

export const screenInfo: Record<ScreenId, { title: string; roles: readonly Role[] }> = {
  settings: { title: 'Settings', roles: ['admin', 'cashier'] },
  users: { title: 'Users', roles: ['admin'] },
  audit: { title: 'Audit', roles: ['admin'] },
  backups: { title: 'Backups', roles: ['admin'] },
  status: { title: 'Status', roles: ['admin', 'cashier'] },
};

type NavStore = { screen: ScreenId; go(screen: ScreenId): void };

export const useNavigation = create<NavStore>((set) => ({
  screen: 'settings',
  go: (screen) => set({ screen }),
}));
