import type { z } from 'zod';
import type { DeskFilters, DepositsReport, DrawerSessionsReport } from '../../../shared/contract/reports';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { officeTimeZone } from '../settings/officeDate';
import { checkRange, timestampRange } from './dateRange';

type SessionRow = {
  id: string; desk_code: string; currency: string; status: 'open' | 'closed'; opened_at: string; closed_at: string | null; z_number: number | null;
  counted_cash: number | null; slip: string | null; float: number; cash_in: number; cash_out: number; paid_in: number; paid_out: number; expected: number;
};

/**
 * Sessions opened in the range (the office's calendar days), each with its cash split by what moved it — from
 * `drawer_session_totals`, the trigger-kept sums of the session's own drawer ledger rows
 * (migration 0011, proven by verifyReportSummaries), so the columns add up to the expected
 * cash by construction: float + cash in − cash out + paid in − paid out.
 */
export function drawerSessionsReport(store: Store, f: z.output<typeof DeskFilters>): DrawerSessionsReport {
  checkRange(f);
  const { start, end } = timestampRange(f, officeTimeZone(store));
  const where = [sql`s.opened_at >= ${start}`, sql`s.opened_at < ${end}`];
  if (f.deskCode) where.push(sql`s.desk_code = ${f.deskCode}`);
  if (f.currency) where.push(sql`s.currency = ${f.currency}`);
  const rows = store.all<SessionRow>(sql`SELECT s.id, s.desk_code, s.currency, s.status, s.opened_at, s.closed_at, s.z_number, s.counted_cash, d.slip_number AS slip,
      coalesce(l.float, 0) AS float, coalesce(l.cash_in, 0) AS cash_in, coalesce(l.cash_out, 0) AS cash_out, coalesce(l.paid_in, 0) AS paid_in,
      coalesce(l.paid_out, 0) AS paid_out, coalesce(l.expected, 0) AS expected
    FROM drawer_sessions s
    LEFT JOIN deposits d ON d.id = s.deposit_id
    LEFT JOIN drawer_session_totals l ON l.session_id = s.id
    WHERE ${sql.join(where, ' AND ')}
    ORDER BY s.opened_at, s.id`);
  return {
    rows: rows.map((r) => ({
      sessionId: r.id, deskCode: r.desk_code, currency: r.currency, status: r.status, openedAt: r.opened_at, closedAt: r.closed_at, zNumber: r.z_number,
      openingFloat: r.float, cashIn: r.cash_in, cashOut: r.cash_out, paidIn: r.paid_in, paidOut: r.paid_out, expected: r.expected,
      counted: r.counted_cash, overShort: r.counted_cash === null ? null : r.counted_cash - r.expected, depositSlip: r.slip,
    })),
  };
}

type DepositRow = {
  id: string; slip_number: string; desk_code: string; currency: string; status: 'prepared' | 'deposited'; created_at: string; deposited_at: string | null;
  cash_amount: number; check_amount: number; check_count: number; bank_reference: string | null; sessions: number;
};

/** Deposits prepared in the range (the office's calendar days), with how many drawer sessions each one carries. */
export function depositsReport(store: Store, f: z.output<typeof DeskFilters>): DepositsReport {
  checkRange(f);
  const { start, end } = timestampRange(f, officeTimeZone(store));
  const where = [sql`d.created_at >= ${start}`, sql`d.created_at < ${end}`];
  if (f.deskCode) where.push(sql`d.desk_code = ${f.deskCode}`);
  if (f.currency) where.push(sql`d.currency = ${f.currency}`);
  const rows = store.all<DepositRow>(sql`SELECT d.id, d.slip_number, d.desk_code, d.currency, d.status, d.created_at, d.deposited_at, d.cash_amount, d.check_amount, d.check_count,
      d.bank_reference, (SELECT count(*) FROM drawer_sessions s WHERE s.deposit_id = d.id) AS sessions
    FROM deposits d WHERE ${sql.join(where, ' AND ')} ORDER BY d.created_at, d.slip_number`);
  return {
    rows: rows.map((r) => ({
      depositId: r.id, slipNumber: r.slip_number, deskCode: r.desk_code, currency: r.currency, status: r.status, createdAt: r.created_at, depositedAt: r.deposited_at,
      sessions: r.sessions, cashAmount: r.cash_amount, checkAmount: r.check_amount, checkCount: r.check_count, total: r.cash_amount + r.check_amount, bankReference: r.bank_reference,
    })),
  };
}
