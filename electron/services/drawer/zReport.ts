import type { z } from 'zod';
import type { ZReport } from '../../../shared/contract/drawer';
import type { PaymentMethod } from '../../../shared/contract/payments';
import { refuseAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getSession, toSessionView } from './drawerSessions';

/** The numbered end-of-session report, entirely derived from the session's rows. */
export function zReport(store: Store, sessionId: string): z.infer<typeof ZReport> {
  const s = getSession(store, sessionId);
  if (s.status !== 'closed' || s.z_number === null) throw refuseAs('CONFLICT', 'drawer.zStillOpen', {}, { sessionId: s.id });
  const byMethod = store.all<{ method: PaymentMethod; count: number; amount: number }>(sql`SELECT method, count(*) AS count, sum(amount) AS amount
    FROM payments WHERE session_id = ${s.id} AND status = 'completed' GROUP BY method ORDER BY method`);
  const voids = store.get<{ count: number; amount: number }>(sql`SELECT count(*) AS count, coalesce(sum(amount), 0) AS amount FROM payments WHERE session_id = ${s.id} AND status = 'voided'`);
  const refunds = store.all<{ method: PaymentMethod; count: number; amount: number }>(sql`SELECT method, count(*) AS count, sum(amount) AS amount
    FROM refunds WHERE session_id = ${s.id} AND status <> 'failed' GROUP BY method ORDER BY method`);
  const moves = store.get<{ paid_in: number; paid_out: number }>(sql`SELECT coalesce(sum(CASE WHEN kind = 'paid_in' THEN amount END), 0) AS paid_in,
    coalesce(sum(CASE WHEN kind = 'paid_out' THEN amount END), 0) AS paid_out FROM drawer_moves WHERE session_id = ${s.id}`);
  const checks = store.all<{ paymentId: string; number: string; bank: string | null; amount: number; payerName: string; receiptNumber: string }>(sql`
    SELECT p.id AS paymentId, p.check_number AS number, p.check_bank AS bank, p.amount AS amount, py.name AS payerName, r.number AS receiptNumber
    FROM payments p JOIN payers py ON py.id = p.payer_id JOIN receipts r ON r.payment_id = p.id
    WHERE p.session_id = ${s.id} AND p.method = 'check' AND p.status = 'completed' ORDER BY p.received_at, p.id`);
  return {
    zNumber: s.z_number,
    title: `Z report ${s.desk_code}-Z${String(s.z_number).padStart(4, '0')}`,
    session: toSessionView(store, s),
    totalsByMethod: byMethod,
    paymentCount: byMethod.reduce((n, m) => n + m.count, 0),
    paymentTotal: byMethod.reduce((n, m) => n + m.amount, 0),
    voids: { count: voids?.count ?? 0, amount: voids?.amount ?? 0 },
    refunds,
    paidIn: moves?.paid_in ?? 0,
    paidOut: moves?.paid_out ?? 0,
    checks,
    denominations: s.denominations_json ? (JSON.parse(s.denominations_json) as { value: number; count: number }[]) : null,
  };
}
