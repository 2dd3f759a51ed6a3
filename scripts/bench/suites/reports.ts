import { join } from 'node:path';
import { DATABASE_FILE } from '../../../electron/core';
import { tableScanBaseline } from '../baselines/tableScan';
import { buildReportsStore } from '../reportsStore';
import type { BenchCase, BenchSuite } from '../types';

const sizeFromEnv = (name: string, fallback: number): number => {
  const v = Number(process.env[name]);
  return Number.isSafeInteger(v) && v > 0 ? v : fallback;
};
const isoDaysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 7's report figures: every `reports:*` ≤ 50 ms and `dashboard:stats` ≤ 20 ms
 * (median, through invoke), each beside a full scan of the table it would otherwise read.
 * Store: built here with the cashier's bulk path (see reportsStore.ts) at
 * BURSAR_BENCH_REPORTS_ENROLLMENTS / BURSAR_BENCH_REPORTS_PAYMENTS (default 100k / 1M;
 * --quick 2k / 20k), until the harness's seeder writes enrollments and payments.
 */
export const reportsSuite: BenchSuite = {
  name: 'reports',
  async prepare(ctx) {
    const size = ctx.quick
      ? { enrollments: 2_000, payments: 20_000 }
      : { enrollments: sizeFromEnv('BURSAR_BENCH_REPORTS_ENROLLMENTS', 100_000), payments: sizeFromEnv('BURSAR_BENCH_REPORTS_PAYMENTS', 1_000_000) };
    const dir = join(ctx.workDir, 'reports-store');
    const { core, admin } = await buildReportsStore(dir, size, ctx.log);
    const file = join(dir, DATABASE_FILE);
    const n = (quick: number, full: number) => (ctx.quick ? quick : full);
    const scan = (table: string) => tableScanBaseline({ file, table, iterations: n(3, 5) });
    const year = { from: isoDaysAgo(365), to: isoDaysAgo(0) };
    const call = async (channel: string, input: unknown) => {
      const r = await core.invoke(channel, input, admin);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value;
    };
    const report = (name: string, channel: string, input: unknown, table: string, ms = 50): BenchCase => ({
      kind: 'timed',
      name: `${channel} ${name}`,
      source: 'issue 7',
      iterations: n(20, 50),
      warmup: 2,
      run: () => call(channel, input),
      baseline: scan(table),
      targets: [{ kind: 'maxMs', stat: 'median', ms }],
      notes: `${size.enrollments} enrollments, ${size.payments} payments`,
    });
    return {
      cases: [
        report('(year by day)', 'reports:revenue', { ...year, granularity: 'day' }, 'ledger_entries'),
        report('(year by week)', 'reports:revenue', { ...year, granularity: 'week' }, 'ledger_entries'),
        report('(year by month, one method)', 'reports:revenue', { ...year, granularity: 'month', method: 'card_terminal' }, 'ledger_entries'),
        report('(items due in a year)', 'reports:statusBreakdown', year, 'schedule_items'),
        report('(a year)', 'reports:productPerformance', year, 'ledger_entries'),
        report('(top 100 payers)', 'reports:aging', { limit: 100 }, 'schedule_items'),
        report('(a year)', 'reports:drawerSessions', year, 'drawer_sessions'),
        report('(a year)', 'reports:deposits', year, 'deposits'),
        report('', 'dashboard:stats', {}, 'schedule_items', 20),
      ],
      cleanup: () => core.close(),
    };
  },
};
