import type { z } from 'zod';
import type { DrawerMovements } from '../../../shared/contract/drawer';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { getSession } from './drawerSessions';
import { DRAWER_LINE_KINDS, drawerLineWords } from '../../../shared/documentLines';
import { catalogWords } from '../documents/catalogWords';

type Movements = z.infer<typeof DrawerMovements>;
type Line = Movements['lines'][number];

/** The order a cashier counts the kinds of drawer row in (their words: shared/documentLines.ts). */
const ORDER = (kind: string): number => {
  const i = (DRAWER_LINE_KINDS as readonly string[]).indexOf(kind);
  return i < 0 ? 9 : i;
};
/** `label` stays English (exports, logs); the screen and the Z report word `kind` in the office's language. */
const english = catalogWords('en-US');

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
    .map((r) => ({ kind: r.event, label: drawerLineWords(r.event, english), count: r.n, amount: r.amount }))
    .sort((a, b) => ORDER(a.kind) - ORDER(b.kind) || (a.kind < b.kind ? -1 : 1));
  if (!lines.some((l) => l.kind === 'drawer_open')) lines.unshift({ kind: 'drawer_open', label: drawerLineWords('drawer_open', english), count: 1, amount: s.opening_float });
  const moves = store.all<Movements['moves'][number]>(sql`SELECT m.id, m.kind, m.amount, m.reason, m.created_at AS at, u.display_name AS byName
    FROM drawer_moves m LEFT JOIN users u ON u.id = m.created_by WHERE m.session_id = ${s.id} ORDER BY m.created_at, m.id`);
  const refunds = store.all<Movements['refunds'][number]>(sql`SELECT r.id, r.method, r.amount, r.reason, r.created_at AS at, py.name AS payerName,
      (SELECT rr.number FROM refund_receipts rr WHERE rr.operation_id = r.operation_id) AS receiptNumber
    FROM refunds r JOIN payers py ON py.id = r.payer_id WHERE r.session_id = ${s.id} AND r.status <> 'failed' ORDER BY r.created_at, r.id`);
  const expectedCash = lines.reduce((sum, l) => sum + l.amount, 0);
  return { sessionId: s.id, currency: s.currency, lines, expectedCash, moves, refunds };
}
