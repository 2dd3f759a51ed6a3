import type { z } from 'zod';
import type { DrawerMovements } from '../../../shared/contract/drawer';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getSession } from './drawerSessions';

type Movements = z.infer<typeof DrawerMovements>;
type Line = Movements['lines'][number];

/** How each kind of drawer row reads on screen and paper, in the order a cashier counts. */
const LINE: Record<string, { label: string; order: number }> = {
  drawer_open: { label: 'Float', order: 0 },
  payment: { label: 'Cash payments', order: 1 },
  void: { label: 'Voided cash payments', order: 2 },
  refund: { label: 'Cash refunds', order: 3 },
  paid_in: { label: 'Paid in', order: 4 },
  paid_out: { label: 'Paid out', order: 5 },
};

/**
 * Every cash movement of a drawer session, from its ledger rows: the float, cash payments,
 * voids, cash refunds, paid in and out. The lines add up to the expected cash by
 * construction (expected cash is the sum of the session's drawer rows); the paid in/out and
 * refunds are listed one by one so the cashier can reconcile the drawer on screen.
 */
export function drawerMovements(store: Store, sessionId: string): Movements {
  const s = getSession(store, sessionId);
  const sums = store.all<{ event: string; n: number; amount: number }>(sql`SELECT event, count(*) AS n, sum(amount) AS amount
    FROM ledger_entries WHERE session_id = ${s.id} AND account = 'drawer' GROUP BY event`);
  const lines: Line[] = sums
    .map((r) => ({ kind: r.event, label: LINE[r.event]?.label ?? 'Other adjustments', count: r.n, amount: r.amount }))
    .sort((a, b) => (LINE[a.kind]?.order ?? 9) - (LINE[b.kind]?.order ?? 9) || (a.kind < b.kind ? -1 : 1));
  if (!lines.some((l) => l.kind === 'drawer_open')) lines.unshift({ kind: 'drawer_open', label: 'Float', count: 1, amount: s.opening_float });
  const moves = store.all<Movements['moves'][number]>(sql`SELECT m.id, m.kind, m.amount, m.reason, m.created_at AS at, u.display_name AS byName
    FROM drawer_moves m LEFT JOIN users u ON u.id = m.created_by WHERE m.session_id = ${s.id} ORDER BY m.created_at, m.id`);
  const refunds = store.all<Movements['refunds'][number]>(sql`SELECT r.id, r.method, r.amount, r.reason, r.created_at AS at, py.name AS payerName,
      (SELECT rr.number FROM refund_receipts rr WHERE rr.operation_id = r.operation_id) AS receiptNumber
    FROM refunds r JOIN payers py ON py.id = r.payer_id WHERE r.session_id = ${s.id} AND r.status <> 'failed' ORDER BY r.created_at, r.id`);
  const expectedCash = lines.reduce((sum, l) => sum + l.amount, 0);
  return { sessionId: s.id, currency: s.currency, lines, expectedCash, moves, refunds };
}
