import { join } from 'node:path';
import type { Core } from '../../../electron/core';
import { catalog, cpuMs, entriesFrom, firstDesk, Hub, laterDesk, mixAt, PAGE, throwaway } from '../officeDesks';
import type { Desk } from '../officeDesks';
import { openWeekDesk, weekOffline } from '../officeWeekFixture';
import type { BenchSuite } from '../types';

/**
 * Issue 13: how fast a desk takes in the rest of the office's work. Over an in-memory hub
 * (the transport's sealing and HTTP are measured by the relay suites):
 * - a desk applies remote entries of a realistic mix, a page of 500 per transaction as the
 *   transport pulls them (target ≥ 5,000 entries/s = 10 pages/s); baseline: the desk that made
 *   them, 500 mutations through the contract;
 * - a desk back after a week offline (2,000 own mutations, 20,000 entries from others; a tenth
 *   with --quick) pushes its own and pulls until nothing is pending (target ≤ 30 s); baseline:
 *   a desk with nothing of its own taking in the same others' entries.
 */
export const officeApplySuite: BenchSuite = {
  name: 'officeApply',
  async prepare(ctx) {
    const cores: Core[] = [];
    const dir = (name: string) => join(ctx.workDir, `office-apply-${name}`);
    try {
      // 1. Remote entries applied.
      const hub = new Hub();
      const a = throwaway(await firstDesk(dir('a')));
      cores.push(a.core);
      const cat = await catalog(a);
      while (hub.push(a.core) > 0);
      const t = laterDesk(dir('t'), 'desk-t', 'DT', hub);
      cores.push(t.core);
      const pages = ctx.quick ? 4 : 10;
      const warmup = 1;
      ctx.log(`officeApply: making ${(pages + warmup) * PAGE} entries at desk A`);
      await entriesFrom(a, hub, (pages + warmup) * PAGE, mixAt(a, 'a', cat));
      // Its baseline (500 mutations through the contract) is timed with the store's own setting.
      a.core.store.raw.pragma('synchronous = FULL');
      const base = t.cursor;
      // The machine is shared: the process CPU each timed page costs is kept beside its wall time.
      const pageCpu: number[] = [];
      const applyPage = (i: number) => {
        const from = base + i * PAGE;
        const cpu = process.cpuUsage();
        const to = hub.pull(t.core, from, PAGE);
        if (i >= warmup) pageCpu.push(cpuMs(cpu));
        if (to - from !== PAGE) throw new Error(`page ${i}: the hub had ${to - from} entries, not ${PAGE}`);
      };
      const makeMore = mixAt(a, 'a2', cat);

      // 2. A week offline: built once and cached (full size), made when its case runs (its baseline's setup, before anything is timed), so `--only` can skip it.
      const own = ctx.quick ? 200 : 2_000;
      const others = ctx.quick ? 2_000 : 20_000;
      const weekCpu: number[] = [];
      const stayCpu: number[] = [];
      const hub2 = new Hub();
      let week: { away: Desk; stay: Desk } | null = null;
      const weekOfflineDesks = async (): Promise<{ away: Desk; stay: Desk }> => {
        if (week) return week;
        const w = await weekOffline(ctx, own, others);
        hub2.log.push(...w.log);
        const away = openWeekDesk(w.awayDir, w.awayCursor);
        cores.push(away.core);
        const stay = openWeekDesk(w.stayDir, w.stayCursor);
        cores.push(stay.core);
        if (away.core.services.office.unsentCount() !== w.awayUnsent) throw new Error(`the desk back from a week offline has ${away.core.services.office.unsentCount()} entries to send, not ${w.awayUnsent}`);
        week = { away, stay };
        return week;
      };
      const weekDesks = () => {
        if (!week) throw new Error('the week offline was not made');
        return week;
      };

      return {
        cases: [
          {
            kind: 'timed',
            name: `officeApply: a desk applies remote entries (a page of ${PAGE} per op; payments, enrollments, field edits)`,
            source: 'issue 13',
            iterations: pages,
            warmup,
            run: applyPage,
            baseline: { name: `the desk that made them: ${PAGE} mutations through the contract`, iterations: 1, warmup: 0, setup: () => async () => { for (let k = 0; k < PAGE; k += 1) await makeMore(); } },
            targets: [{ kind: 'minOpsPerSec', ops: 5_000 / PAGE }],
            notes: `${PAGE} entries per op: ≥ ${5_000 / PAGE} ops/s is ≥ 5,000 entries/s`,
          },
          {
            kind: 'sampled',
            name: `officeApply: process CPU time of each page of ${PAGE} applied above (user + system)`,
            source: 'issue 13',
            unit: 'ms',
            sample: () => Promise.resolve(pageCpu),
            targets: [{ kind: 'minOpsPerSec', ops: 5_000 / PAGE }],
            notes: 'what the wall figure would be on an idle core',
          },
          {
            kind: 'timed',
            name: `officeApply: a desk returns after a week offline (${own.toLocaleString('en')} own mutations, ${others.toLocaleString('en')} from others) until converged`,
            source: 'issue 13',
            iterations: 1,
            warmup: 0,
            run: () => {
              const { away } = weekDesks();
              const cpu = process.cpuUsage();
              let cursor = away.cursor;
              while (hub2.push(away.core) > 0);
              while (cursor < hub2.log.length) cursor = hub2.pull(away.core, cursor, PAGE);
              if (away.core.services.office.unsentCount() !== 0) throw new Error('the desk still has entries to send');
              weekCpu.push(cpuMs(cpu));
            },
            baseline: {
              name: `a desk with nothing of its own taking in the others' ${others.toLocaleString('en')}`,
              iterations: 1,
              warmup: 0,
              setup: async () => {
                const { stay } = await weekOfflineDesks();
                return () => {
                  const cpu = process.cpuUsage();
                  let cursor = stay.cursor;
                  const end = hub2.log.length;
                  while (cursor < end) cursor = hub2.pull(stay.core, cursor, PAGE);
                  stayCpu.push(cpuMs(cpu));
                };
              },
            },
            targets: [{ kind: 'maxMs', stat: 'median', ms: 30_000 }],
            notes: ctx.quick ? 'a tenth of the issue\'s sizes with --quick' : 'pages of 500 entries, one transaction each',
          },
          {
            kind: 'sampled',
            name: 'officeApply: process CPU time of the week offline above until converged (user + system)',
            source: 'issue 13',
            unit: 'ms',
            sample: () => Promise.resolve(weekCpu),
            targets: [{ kind: 'maxValue', value: 30_000 }],
            notes: 'the desk with nothing of its own: see the next line',
          },
          {
            kind: 'sampled',
            name: 'officeApply: process CPU time of the baseline above (nothing of its own, the same others\' entries)',
            source: 'issue 13',
            unit: 'ms',
            sample: () => Promise.resolve(stayCpu),
          },
        ],
        cleanup: () => {
          for (const c of cores) c.close();
        },
      };
    } catch (e) {
      for (const c of cores) c.close();
      throw e;
    }
  },
};
