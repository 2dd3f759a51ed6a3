import { create } from 'zustand';
import type { Role } from '../../../shared/schemas';
import { t } from '../i18n';

export const screens = ['dashboard', 'cashier', 'drawer', 'enroll', 'enrollments', 'schedules', 'products', 'refunds', 'reports', 'settings', 'users', 'audit', 'backups', 'status', 'deposits'] as const;
export type ScreenId = (typeof screens)[number];

/**
 * `key`: the digit of the screen's Alt+digit shortcut. Fixed per screen, whoever signs in, so
 * Alt+2 is the Cashier for an admin and a cashier alike; a screen a role does not see simply
 * has no shortcut for it. Only ten digits can be typed with Alt, so the less used screens
 * have none (they are one click away in the navigation).
 */
/** `title` is read when shown, so it is in the window's language of the moment. */
export const screenInfo: Record<ScreenId, { readonly title: string; roles: readonly Role[]; key?: string }> = {
  dashboard: { get title() { return t('screen.dashboard'); }, roles: ['admin'], key: '1' },
  cashier: { get title() { return t('screen.cashier'); }, roles: ['admin', 'cashier'], key: '2' },
  drawer: { get title() { return t('screen.drawer'); }, roles: ['admin', 'cashier'], key: '3' },
  enroll: { get title() { return t('screen.enroll'); }, roles: ['admin', 'cashier'], key: '4' },
  enrollments: { get title() { return t('screen.enrollments'); }, roles: ['admin', 'cashier'], key: '5' },
  schedules: { get title() { return t('screen.schedules'); }, roles: ['admin'], key: '6' },
  products: { get title() { return t('screen.products'); }, roles: ['admin'], key: '7' },
  refunds: { get title() { return t('screen.refunds'); }, roles: ['admin'], key: '8' },
  reports: { get title() { return t('screen.reports'); }, roles: ['admin'], key: '9' },
  settings: { get title() { return t('screen.settings'); }, roles: ['admin', 'cashier'] },
  users: { get title() { return t('screen.users'); }, roles: ['admin'] },
  audit: { get title() { return t('screen.audit'); }, roles: ['admin'] },
  backups: { get title() { return t('screen.backups'); }, roles: ['admin'] },
  status: { get title() { return t('screen.status'); }, roles: ['admin', 'cashier'] },
  deposits: { get title() { return t('screen.deposits'); }, roles: ['admin', 'cashier'], key: '0' },
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
