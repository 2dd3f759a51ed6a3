import type { z } from 'zod';
import type { DepositView } from '../../../shared/contract/drawer';
import { invalidAs, notFound, refuseAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { nextNumber } from '../receipts/deskCounters';
import { getSession, openSessionOf } from './drawerSessions';
import { newId } from '../../store/ids';
import { dayParam } from '../../../shared/errorMessages';
import { dateInZone } from '../../../shared/dateInZone';
import { readSettings } from '../settings/settingsRepo';

type Deposit = z.infer<typeof DepositView>;
type DepositRow = { id: string; desk_code: string; slip_number: string; currency: string; cash_amount: number; float_kept: number; check_amount: number; check_count: number; status: Deposit['status']; bank_reference: string | null; created_at: string; deposited_at: string | null };

const toDeposit = (r: DepositRow, sessionIds: string[]): Deposit => ({
  id: r.id, slipNumber: r.slip_number, deskCode: r.desk_code, currency: r.currency, cashAmount: r.cash_amount, checkAmount: r.check_amount, checkCount: r.check_count,
  total: r.cash_amount + r.check_amount, floatKept: r.float_kept, status: r.status, bankReference: r.bank_reference, sessionIds, createdAt: r.created_at, depositedAt: r.deposited_at,
});

export function getDeposit(store: Store, id: string): Deposit {
  const r = store.get<DepositRow>(sql`SELECT * FROM deposits WHERE id = ${id}`);
  if (!r) throw notFound('Deposit', id);
  const sessionIds = store.all<{ id: string }>(sql`SELECT id FROM drawer_sessions WHERE deposit_id = ${id} ORDER BY opened_at`).map((s) => s.id);
  return toDeposit(r, sessionIds);
}

/** Deposits newest first; the sessions of the page come in one query. */
export function listDeposits(store: Store, f: { status?: Deposit['status'] | undefined; limit: number; offset: number }): { deposits: Deposit[]; total: number } {
  const where = f.status ? sql`status = ${f.status}` : sql`1 = 1`;
  const rows = store.all<DepositRow>(sql`SELECT * FROM deposits WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${f.limit} OFFSET ${f.offset}`);
  const total = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM deposits WHERE ${where}`)?.n ?? 0;
  const sessions = new Map<string, string[]>();
  if (rows.length > 0) {
    for (const s of store.all<{ id: string; deposit_id: string }>(sql`SELECT id, deposit_id FROM drawer_sessions WHERE deposit_id IN ${sql.in(rows.map((r) => r.id))} ORDER BY opened_at`)) {
      sessions.set(s.deposit_id, [...(sessions.get(s.deposit_id) ?? []), s.id]);
    }
  }
  return { deposits: rows.map((r) => toDeposit(r, sessions.get(r.id) ?? [])), total };
}

export type DepositableSession = { id: string; deskCode: string; currency: string; zNumber: number; openedAt: string; closedAt: string; countedCash: number; checkCount: number; checkAmount: number };

/** Closed sessions not in a deposit yet, oldest first, with what each brings to the bank. */
export function depositableSessions(store: Store): DepositableSession[] {
  return store.all<DepositableSession>(sql`SELECT s.id, s.desk_code AS deskCode, s.currency, s.z_number AS zNumber, s.opened_at AS openedAt, s.closed_at AS closedAt,
      s.counted_cash AS countedCash,
      (SELECT count(*) FROM payments p WHERE p.session_id = s.id AND p.method = 'check' AND p.status = 'completed') AS checkCount,
      (SELECT coalesce(sum(p.amount), 0) FROM payments p WHERE p.session_id = s.id AND p.method = 'check' AND p.status = 'completed') AS checkAmount
    FROM drawer_sessions s WHERE s.status = 'closed' AND s.deposit_id IS NULL ORDER BY s.closed_at, s.id`);
}

/**
 * Groups the counted cash and the checks of closed sessions into one bank deposit. A
 * session goes into one deposit only; all must be of one desk and currency.
 */
export function createDeposit(store: Store, deskCode: string, sessionIds: readonly string[], slipNumber: string | undefined, userId: string | null, at: Date, keepFloat = 0): Deposit {
  if (new Set(sessionIds).size !== sessionIds.length) throw invalidAs('sessionIds', 'deposit.sessionTwice', {});
  const sessions = sessionIds.map((id, n) => {
    const s = getSession(store, id);
    if (s.status !== 'closed') throw invalidAs(`sessionIds.${n}`, 'deposit.sessionOpen', {});
    if (s.deposit_id) throw refuseAs('CONFLICT', 'deposit.sessionInOther', {}, { depositId: s.deposit_id, sessionId: id });
    return s;
  });
  const first = sessions[0];
  if (!first) throw invalidAs('sessionIds', 'deposit.noSessions', {});
  if (sessions.some((s) => s.currency !== first.currency || s.desk_code !== first.desk_code)) throw invalidAs('sessionIds', 'deposit.mixedSessions', {});
  const counted = sessions.reduce((sum, s) => sum + (s.counted_cash ?? 0), 0);
  if (keepFloat > 0) {
    // The float stays in this desk's drawer for its next opening: only the newest session's
    // cash is still in the drawer, and only while the desk has not opened it again.
    if (sessions.some((s) => s.desk_code !== deskCode)) throw invalidAs('keepFloat', 'deposit.floatOtherDesk', {});
    if (openSessionOf(store, deskCode)) throw invalidAs('keepFloat', 'deposit.floatDrawerOpen', {});
    if (keepFloat > counted) throw invalidAs('keepFloat', 'deposit.floatOverCash', { cash: { amount: counted, currency: first.currency } });
  }
  const cash = counted - keepFloat;
  const checks = store.get<{ n: number; total: number }>(sql`SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM payments
    WHERE session_id IN ${sql.in([...sessionIds])} AND method = 'check' AND status = 'completed'`);
  const id = newId('dep');
  const slip = slipNumber ?? `${deskCode}-D${String(nextNumber(store, deskCode, 'deposit')).padStart(5, '0')}`;
  const taken = store.get<{ id: string }>(sql`SELECT id FROM deposits WHERE slip_number = ${slip}`);
  if (taken) throw refuseAs('CONFLICT', 'deposit.slipUsed', { slip }, { depositId: taken.id });
  store.run(sql`INSERT INTO deposits (id, desk_code, slip_number, currency, cash_amount, float_kept, check_amount, check_count, status, created_by, created_at)
    VALUES (${id}, ${first.desk_code}, ${slip}, ${first.currency}, ${cash}, ${keepFloat}, ${checks?.total ?? 0}, ${checks?.n ?? 0}, 'prepared', ${userId}, ${at.toISOString()})`);
  store.run(sql`UPDATE drawer_sessions SET deposit_id = ${id} WHERE id IN ${sql.in([...sessionIds])}`);
  return getDeposit(store, id);
}

export function markDeposited(store: Store, id: string, bankReference: string | undefined, userId: string | null, at: Date): Deposit {
  const d = getDeposit(store, id);
  if (d.status === 'deposited') throw refuseAs('CONFLICT', 'deposit.alreadyDeposited', { slip: d.slipNumber, date: dayParam(d.depositedAt ? dateInZone(new Date(d.depositedAt), readSettings(store).timeZone) : '') }, { depositId: id });
  store.run(sql`UPDATE deposits SET status = 'deposited', deposited_at = ${at.toISOString()}, deposited_by = ${userId}, bank_reference = ${bankReference ?? null} WHERE id = ${id}`);
  return getDeposit(store, id);
}

/**
 * The float the desk's last deposit kept in the drawer, while no session has opened since:
 * what the next opening should count. Read from the rows; nothing is marked as used.
 */
export function carriedFloat(store: Store, deskCode: string): { amount: number; currency: string; slipNumber: string } | null {
  const d = store.get<{ float_kept: number; currency: string; slip_number: string; created_at: string }>(sql`SELECT float_kept, currency, slip_number, created_at FROM deposits
    WHERE desk_code = ${deskCode} ORDER BY created_at DESC, id DESC LIMIT 1`);
  if (!d || d.float_kept === 0) return null;
  const openedSince = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM drawer_sessions WHERE desk_code = ${deskCode} AND opened_at >= ${d.created_at}`)?.n ?? 0;
  return openedSince > 0 ? null : { amount: d.float_kept, currency: d.currency, slipNumber: d.slip_number };
}
