import { join } from 'node:path';
import { DATABASE_FILE } from '../../../electron/core';
import { tableScanBaseline } from '../baselines/tableScan';
import { benchStoreDir, openBenchCore } from '../fixture';
import type { BenchCase, BenchSuite } from '../types';

const isoDaysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 7's report figures: every `reports:*` ≤ 50 ms and `dashboard:stats` ≤ 20 ms
 * (median, through invoke), each beside a full scan of the table it would otherwise read.
 * Store: the run's bench store (a copy of `--store`, or the seeded 100k / 1M; --quick 1k / 10k),
 * opened through the core so migrations after the seed's build summaries on it. The seed's
 * enrollments end before most of its payments, so product performance is also timed over the
 * year of the latest enrollments, where all three of its figures have rows.
 */
export const reportsSuite: BenchSuite = {
  name: 'reports',
  async prepare(ctx) {
    const dir = await benchStoreDir(ctx);
    const { core, admin } = await openBenchCore(dir);
    const file = join(dir, DATABASE_FILE);
    const count = (table: string) => (core.store.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const size = { enrollments: count('enrollments'), payments: count('payments') };
    const lastEnrolled = (core.store.raw.prepare('SELECT max(enrolled_on) AS d FROM enrollments').get() as { d: string | null }).d ?? isoDaysAgo(0);
    const enrollmentYear = { from: new Date(Date.parse(`${lastEnrolled}T00:00:00Z`) - 365 * 86_400_000).toISOString().slice(0, 10), to: lastEnrolled };
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
        // Beside the enrollments it counts: a scan of the million-row ledger takes most of a minute a pass here.
        report('(a year)', 'reports:productPerformance', year, 'enrollments'),
        report('(the year of the latest enrollments)', 'reports:productPerformance', enrollmentYear, 'enrollments'),
        report('(top 100 payers)', 'reports:aging', { limit: 100 }, 'schedule_items'),
        report('(a year)', 'reports:drawerSessions', year, 'drawer_sessions'),
        report('(a year)', 'reports:deposits', year, 'deposits'),
        report('', 'dashboard:stats', {}, 'schedule_items', 20),
      ],
      cleanup: () => core.close(),
    };
  },
};
