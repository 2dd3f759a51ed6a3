import type { DrawerSessionView } from '../../../shared/contract/drawer';
import { invalidAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { drawerCash, post } from '../ledger/ledgerRepo';
import { nextNumber } from '../receipts/deskCounters';
import { getSession, requireOpenSession, toSessionView } from './drawerSessions';
import { newId } from '../../store/ids';

/** Paid-in or paid-out cash: a drawer row of the open session with its reason. */
export function moveCash(store: Store, deskCode: string, currency: string, kind: 'paid_in' | 'paid_out', amount: number, reason: string, userId: string | null, at: Date): { id: string; session: DrawerSessionView } {
  const session = requireOpenSession(store, deskCode, currency, kind === 'paid_in' ? 'paidIn' : 'paidOut');
  if (kind === 'paid_out') {
    const cash = drawerCash(store, session.id);
    if (amount > cash) throw invalidAs('amount', 'drawer.paidOutOverCash', { cash: { amount: cash, currency: session.currency } });
  }
  const id = newId('mov');
  store.run(sql`INSERT INTO drawer_moves (id, session_id, kind, amount, reason, created_by, created_at) VALUES (${id}, ${session.id}, ${kind}, ${amount}, ${reason}, ${userId}, ${at.toISOString()})`);
  post(store, kind, at, [{ account: 'drawer', amount: kind === 'paid_in' ? amount : -amount, currency: session.currency, sessionId: session.id, moveId: id }]);
  return { id, session: toSessionView(store, getSession(store, session.id)) };
}

export type CloseInput = { countedCash: number; denominations?: { value: number; count: number }[] | undefined; note?: string | undefined };

/**
 * Closes the desk's drawer: expected cash is the sum of the session's drawer rows, the
 * over/short is counted − expected, and the next Z number of the desk is taken in the
 * same transaction. A difference needs a note.
 */
export function closeSession(store: Store, deskCode: string, input: CloseInput, userId: string | null, at: Date): { session: DrawerSessionView; zNumber: number } {
  const open = store.get<{ id: string; currency: string }>(sql`SELECT id, currency FROM drawer_sessions WHERE desk_code = ${deskCode} AND status = 'open'`);
  const session = requireOpenSession(store, deskCode, open?.currency ?? '', 'close');
  if (input.denominations) {
    const sum = input.denominations.reduce((s, d) => s + d.value * d.count, 0);
    if (sum !== input.countedCash) throw invalidAs('denominations', 'drawer.denominationsDisagree', { sum: { amount: sum, currency: session.currency }, counted: { amount: input.countedCash, currency: session.currency } });
  }
  const expected = drawerCash(store, session.id);
  const overShort = input.countedCash - expected;
  if (overShort !== 0 && !input.note) throw invalidAs('note', 'drawer.overShortNeedsNote', { difference: { amount: Math.abs(overShort), currency: session.currency }, short: overShort < 0 });
  const zNumber = nextNumber(store, deskCode, 'zreport');
  store.run(sql`UPDATE drawer_sessions SET status = 'closed', closed_by = ${userId}, closed_at = ${at.toISOString()}, expected_cash = ${expected},
      counted_cash = ${input.countedCash}, over_short = ${overShort}, denominations_json = ${input.denominations ? JSON.stringify(input.denominations) : null},
      close_note = ${input.note ?? null}, z_number = ${zNumber}
    WHERE id = ${session.id}`);
  return { session: toSessionView(store, getSession(store, session.id)), zNumber };
}
