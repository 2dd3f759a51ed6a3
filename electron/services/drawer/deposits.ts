import type { z } from 'zod';
import type { DepositView } from '../../../shared/contract/drawer';
import { conflict, invalid, notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { nextNumber } from '../receipts/deskCounters';
import { getSession } from './drawerSessions';
import { newId } from '../../store/ids';

type Deposit = z.infer<typeof DepositView>;
type DepositRow = { id: string; desk_code: string; slip_number: string; currency: string; cash_amount: number; check_amount: number; check_count: number; status: Deposit['status']; bank_reference: string | null; created_at: string; deposited_at: string | null };

const toDeposit = (r: DepositRow, sessionIds: string[]): Deposit => ({
  id: r.id, slipNumber: r.slip_number, deskCode: r.desk_code, currency: r.currency, cashAmount: r.cash_amount, checkAmount: r.check_amount, checkCount: r.check_count,
  total: r.cash_amount + r.check_amount, status: r.status, bankReference: r.bank_reference, sessionIds, createdAt: r.created_at, depositedAt: r.deposited_at,
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
export function createDeposit(store: Store, deskCode: string, sessionIds: readonly string[], slipNumber: string | undefined, userId: string | null, at: Date): Deposit {
  if (new Set(sessionIds).size !== sessionIds.length) throw invalid('sessionIds', 'lists a session twice');
  const sessions = sessionIds.map((id, n) => {
    const s = getSession(store, id);
    if (s.status !== 'closed') throw invalid(`sessionIds.${n}`, 'is a drawer session still open; close it first');
    if (s.deposit_id) throw conflict('A drawer session chosen is already in another deposit', { depositId: s.deposit_id, sessionId: id });
    return s;
  });
  const first = sessions[0];
  if (!first) throw invalid('sessionIds', 'is empty');
  if (sessions.some((s) => s.currency !== first.currency || s.desk_code !== first.desk_code)) throw invalid('sessionIds', 'must all be of one desk and currency');
  const cash = sessions.reduce((sum, s) => sum + (s.counted_cash ?? 0), 0);
  const checks = store.get<{ n: number; total: number }>(sql`SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM payments
    WHERE session_id IN ${sql.in([...sessionIds])} AND method = 'check' AND status = 'completed'`);
  const id = newId('dep');
  const slip = slipNumber ?? `${deskCode}-D${String(nextNumber(store, deskCode, 'deposit')).padStart(5, '0')}`;
  const taken = store.get<{ id: string }>(sql`SELECT id FROM deposits WHERE slip_number = ${slip}`);
  if (taken) throw conflict(`Slip number ${slip} is already used`, { depositId: taken.id });
  store.run(sql`INSERT INTO deposits (id, desk_code, slip_number, currency, cash_amount, check_amount, check_count, status, created_by, created_at)
    VALUES (${id}, ${first.desk_code}, ${slip}, ${first.currency}, ${cash}, ${checks?.total ?? 0}, ${checks?.n ?? 0}, 'prepared', ${userId}, ${at.toISOString()})`);
  store.run(sql`UPDATE drawer_sessions SET deposit_id = ${id} WHERE id IN ${sql.in([...sessionIds])}`);
  return getDeposit(store, id);
}

export function markDeposited(store: Store, id: string, bankReference: string | undefined, userId: string | null, at: Date): Deposit {
  const d = getDeposit(store, id);
  if (d.status === 'deposited') throw conflict(`Deposit ${d.slipNumber} was already marked deposited on ${d.depositedAt ?? '?'}`, { depositId: id });
  store.run(sql`UPDATE deposits SET status = 'deposited', deposited_at = ${at.toISOString()}, deposited_by = ${userId}, bank_reference = ${bankReference ?? null} WHERE id = ${id}`);
  return getDeposit(store, id);
}
