import { create } from 'zustand';
import type { Role } from '../../../shared/schemas';

export const screens = ['dashboard', 'cashier', 'drawer', 'enroll', 'enrollments', 'schedules', 'products', 'refunds', 'reports', 'settings', 'users', 'audit', 'backups', 'status', 'deposits'] as const;
export type ScreenId = (typeof screens)[number];

/**
 * `key`: the digit of the screen's Alt+digit shortcut. Fixed per screen, whoever signs in, so
 * Alt+2 is the Cashier for an admin and a cashier alike; a screen a role does not see simply
 * has no shortcut for it. Only ten digits can be typed with Alt, so the less used screens
 * have none (they are one click away in the navigation).
 */
export const screenInfo: Record<ScreenId, { title: string; roles: readonly Role[]; key?: string }> = {
  dashboard: { title: 'Dashboard', roles: ['admin'], key: '1' },
  cashier: { title: 'Cashier', roles: ['admin', 'cashier'], key: '2' },
  drawer: { title: 'Drawer', roles: ['admin', 'cashier'], key: '3' },
  enroll: { title: 'Enroll', roles: ['admin', 'cashier'], key: '4' },
  enrollments: { title: 'Enrollments', roles: ['admin', 'cashier'], key: '5' },
  schedules: { title: 'Schedules', roles: ['admin'], key: '6' },
  products: { title: 'Products', roles: ['admin'], key: '7' },
  refunds: { title: 'Refunds', roles: ['admin'], key: '8' },
  reports: { title: 'Reports', roles: ['admin'], key: '9' },
  settings: { title: 'Settings', roles: ['admin', 'cashier'] },
  users: { title: 'Users', roles: ['admin'] },
  audit: { title: 'Audit', roles: ['admin'] },
  backups: { title: 'Backups', roles: ['admin'] },
  status: { title: 'Status', roles: ['admin', 'cashier'] },
  deposits: { title: 'Deposits', roles: ['admin', 'cashier'], key: '0' },
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
