/**
 * `tsx scripts/bench/explainReports.ts <bursar.sqlite>`: the query plan of every report's
 * statements on a real store, to check each is an index range (SEARCH … USING [COVERING]
 * INDEX), not a SCAN of a big table, and a median time per report.
 */
import Database from 'better-sqlite3';
import { agingReport } from '../../electron/services/reports/aging';
import { dashboardStats } from '../../electron/services/reports/dashboard';
import { depositsReport, drawerSessionsReport } from '../../electron/services/reports/drawerReports';
import { productPerformance } from '../../electron/services/reports/productPerformance';
import { revenueReport } from '../../electron/services/reports/revenue';
import { statusBreakdown } from '../../electron/services/reports/statusBreakdown';
import type { SqlQuery } from '../../electron/store/sql';
import type { Store } from '../../electron/store/store';

const file = process.argv[2];
if (!file) throw new Error('usage: explainReports <bursar.sqlite>');
const db = new Database(file, { readonly: true });
let explain = true;
const plan = (q: SqlQuery) => {
  if (explain) console.log('   ', (db.prepare(`EXPLAIN QUERY PLAN ${q.text}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join(' | '));
};
const store = {
  all: <T>(q: SqlQuery) => (plan(q), db.prepare(q.text).all(...q.params) as T[]),
  get: <T>(q: SqlQuery) => (plan(q), db.prepare(q.text).get(...q.params) as T),
} as unknown as Store;
const today = new Date().toISOString().slice(0, 10);
const year = { from: new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10), to: today };
const services = { outboxPending: () => 0, sync: { status: () => ({ relayConfigured: false, online: false, running: false, lastSyncAt: null, lastError: null, cursor: 0, eventsWaiting: false, lastCatchupAt: null }) } } as never;
const cases: [string, () => unknown][] = [
  ['revenue year by day', () => revenueReport(store, { ...year, granularity: 'day' })],
  ['revenue year by month', () => revenueReport(store, { ...year, granularity: 'month' })],
  ['statusBreakdown year', () => statusBreakdown(store, year, today)],
  ['productPerformance year', () => productPerformance(store, year)],
  ['aging top 100', () => agingReport(store, { limit: 100 }, today)],
  ['drawerSessions year', () => drawerSessionsReport(store, year)],
  ['deposits year', () => depositsReport(store, year)],
  ['dashboard', () => dashboardStats(store, services, today)],
];
for (const [label, run] of cases) {
  console.log(label);
  explain = true;
  run();
  explain = false;
  const times: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`    median ${(times[7] ?? NaN).toFixed(1)} ms`);
}
