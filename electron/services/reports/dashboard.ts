import type { DashboardStats } from '../../../shared/contract/reports';
import type { Services } from '../../core/services';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { deskCodeOf, openSessionOf } from '../drawer/drawerSessions';
import { drawerCash } from '../ledger/ledgerRepo';

/**
 * The first screen's figures, each an index lookup: today's row of the ledger's daily
 * summary, today's and the past-due outstanding items from the item summary (migration 0005), the desk's open drawer, the outbox count and the sync worker's state in memory.
 * Overdue is everything past due still owed on open items, partly paid ones included.
 */
export function dashboardStats(store: Store, services: Pick<Services, 'outboxPending' | 'sync'>, today: string): DashboardStats {
  const takings = store.all<{ currency: string; method: string; gross: number; voided: number; refunded: number; payments: number; voids: number }>(sql`SELECT currency, method,
      sum(gross) AS gross, sum(voided) AS voided, sum(refunded) AS refunded, sum(payments) AS payments, sum(voids) AS voids
    FROM revenue_daily WHERE day = ${today} GROUP BY currency, method ORDER BY currency, method`).map((t) => ({ ...t, net: t.gross - t.voided - t.refunded }));
  const owed = (cond: ReturnType<typeof sql>) => store.all<{ currency: string; count: number; amount: number }>(sql`SELECT currency, sum(items) AS count, sum(amount - paid) AS amount
    FROM item_totals WHERE state = 'open' AND ${cond} AND paid_class <> 'full' GROUP BY currency HAVING sum(items) > 0 ORDER BY currency`);
  const session = openSessionOf(store, deskCodeOf(store));
  const sync = services.sync.status();
  return {
    today,
    takings,
    dueToday: owed(sql`due_date = ${today}`),
    overdue: owed(sql`due_date < ${today}`),
    drawer: session ? { sessionId: session.id, deskCode: session.desk_code, currency: session.currency, openedAt: session.opened_at, expectedCash: drawerCash(store, session.id) } : null,
    outboxPending: services.outboxPending(),
    sync: { relayConfigured: sync.relayConfigured, online: sync.online, running: sync.running, lastSyncAt: sync.lastSyncAt, lastError: sync.lastError, lastErrorWords: sync.lastErrorWords, eventsWaiting: sync.eventsWaiting },
  };
}
