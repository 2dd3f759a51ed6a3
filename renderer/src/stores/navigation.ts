import { create } from 'zustand';
import type { Role } from '../../../shared/schemas';

export const screens = ['enroll', 'enrollments', 'schedules', 'products', 'settings', 'users', 'audit', 'backups', 'status'] as const;
export type ScreenId = (typeof screens)[number];

export const screenInfo: Record<ScreenId, { title: string; roles: readonly Role[] }> = {
  enroll: { title: 'Enroll', roles: ['admin', 'cashier'] },
  enrollments: { title: 'Enrollments', roles: ['admin', 'cashier'] },
  schedules: { title: 'Schedules', roles: ['admin'] },
  products: { title: 'Products', roles: ['admin'] },
  settings: { title: 'Settings', roles: ['admin', 'cashier'] },
  users: { title: 'Users', roles: ['admin'] },
  audit: { title: 'Audit', roles: ['admin'] },
  backups: { title: 'Backups', roles: ['admin'] },
  status: { title: 'Status', roles: ['admin', 'cashier'] },
};

/** Screen-specific parameters, e.g. which enrollment the detail view shows. */
export type NavParams = { enrollmentId?: string };

type NavStore = { screen: ScreenId; params: NavParams; go(screen: ScreenId, params?: NavParams): void };

export const useNavigation = create<NavStore>((set) => ({
  screen: 'enroll',
  params: {},
  go: (screen, params = {}) => set({ screen, params }),
}));
