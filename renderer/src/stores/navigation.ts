import { create } from 'zustand';
import type { Role } from '../../../shared/schemas';

export const screens = ['dashboard', 'cashier', 'drawer', 'enroll', 'enrollments', 'schedules', 'products', 'refunds', 'reports', 'settings', 'users', 'audit', 'backups', 'status', 'deposits'] as const;
export type ScreenId = (typeof screens)[number];

export const screenInfo: Record<ScreenId, { title: string; roles: readonly Role[] }> = {
  dashboard: { title: 'Dashboard', roles: ['admin'] },
  cashier: { title: 'Cashier', roles: ['admin', 'cashier'] },
  drawer: { title: 'Drawer', roles: ['admin', 'cashier'] },
  enroll: { title: 'Enroll', roles: ['admin', 'cashier'] },
  enrollments: { title: 'Enrollments', roles: ['admin', 'cashier'] },
  schedules: { title: 'Schedules', roles: ['admin'] },
  products: { title: 'Products', roles: ['admin'] },
  refunds: { title: 'Refunds', roles: ['admin'] },
  reports: { title: 'Reports', roles: ['admin'] },
  settings: { title: 'Settings', roles: ['admin', 'cashier'] },
  users: { title: 'Users', roles: ['admin'] },
  audit: { title: 'Audit', roles: ['admin'] },
  backups: { title: 'Backups', roles: ['admin'] },
  status: { title: 'Status', roles: ['admin', 'cashier'] },
  // Last in the list so the Alt+number shortcuts of the screens before it stay as they were.
  deposits: { title: 'Deposits', roles: ['admin', 'cashier'] },
};

/** Screen-specific parameters, e.g. which enrollment the detail view shows. */
export type NavParams = { enrollmentId?: string };

type NavStore = { screen: ScreenId; params: NavParams; go(screen: ScreenId, params?: NavParams): void };

export const useNavigation = create<NavStore>((set) => ({
  // The first visible screen is shown: the dashboard for admins, the cashier for cashiers.
  screen: 'dashboard',
  params: {},
  go: (screen, params = {}) => set({ screen, params }),
}));
