import type { DrawerSessionView } from '../../../shared/contract/drawer';
import { notFound, refuseAs, refuseFieldAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { drawerCash, post } from '../ledger/ledgerRepo';
import { readSetting } from '../settings/settingsRepo';
import { newId } from '../../store/ids';

export type SessionRow = {
  id: string;
  desk_code: string;
  currency: string;
  status: 'open' | 'closed';
  opening_float: number;
  opened_by: string | null;
  opened_at: string;
  closed_by: string | null;
  closed_at: string | null;
  expected_cash: number | null;
  counted_cash: number | null;
  over_short: number | null;
  denominations_json: string | null;
  close_note: string | null;
  z_number: number | null;
  deposit_id: string | null;
};

export function toSessionView(store: Store, r: SessionRow): DrawerSessionView {
  return {
    id: r.id,
    deskCode: r.desk_code,
    currency: r.currency,
    status: r.status,
    openingFloat: r.opening_float,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    expectedCash: r.expected_cash ?? drawerCash(store, r.id),
    countedCash: r.counted_cash,
    overShort: r.over_short,
    closeNote: r.close_note,
    zNumber: r.z_number,
    depositId: r.deposit_id,
  };
}

export const deskCodeOf = (store: Store): string => readSetting(store, 'deskCode');

export function openSessionOf(store: Store, deskCode: string): SessionRow | undefined {
  return store.get<SessionRow>(sql`SELECT * FROM drawer_sessions WHERE desk_code = ${deskCode} AND status = 'open'`);
}

export function getSession(store: Store, id: string): SessionRow {
  const r = store.get<SessionRow>(sql`SELECT * FROM drawer_sessions WHERE id = ${id}`);
  if (!r) throw notFound('Drawer session', id);
  return r;
}

/**
 * The open session that cash (and checks) must go into. Refuses clearly when the drawer
 * is closed, or holds another currency than the money being moved.
 */
export function requireOpenSession(store: Store, deskCode: string, currency: string, what: 'cash' | 'check' | 'paidIn' | 'paidOut' | 'close' | 'cashRefund'): SessionRow {
  const s = openSessionOf(store, deskCode);
  if (!s) throw refuseAs('CONFLICT', 'drawer.notOpen', { what }, { deskCode, reason: 'no_open_drawer' });
  if (s.currency !== currency) throw refuseFieldAs('VALIDATION', 'currency', 'drawer.wrongCurrency', { drawer: s.currency, currency });
  return s;
}

export function openSession(store: Store, deskCode: string, currency: string, openingFloat: number, userId: string | null, at: Date): SessionRow {
  const existing = openSessionOf(store, deskCode);
  if (existing) throw refuseAs('CONFLICT', 'drawer.alreadyOpen', {}, { sessionId: existing.id });
  const id = newId('drw');
  store.run(sql`INSERT INTO drawer_sessions (id, desk_code, currency, status, opening_float, opened_by, opened_at)
    VALUES (${id}, ${deskCode}, ${currency}, 'open', ${openingFloat}, ${userId}, ${at.toISOString()})`);
  post(store, 'drawer_open', at, [{ account: 'drawer', amount: openingFloat, currency, sessionId: id }]);
  return getSession(store, id);
}
