import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Core, Session } from '../../../electron/core';
import { DATABASE_FILE } from '../../../electron/core';
import { readSettings } from '../../../electron/services/settings/settingsRepo';
import { sql } from '../../../electron/store/sql';
import { benchStoreDir, openBenchCore } from '../fixture';
import type { BenchSuite } from '../types';

/** A copy of the bench store in a folder of its own, so one copy can join an office and the other not. */
function copyOf(from: string, to: string): string {
  mkdirSync(to, { recursive: true });
  const src = join(from, DATABASE_FILE);
  copyFileSync(src, join(to, DATABASE_FILE));
  if (existsSync(`${src}-wal`)) copyFileSync(`${src}-wal`, join(to, `${DATABASE_FILE}-wal`));
  return to;
}

async function cashierDesk(core: Core, admin: Session): Promise<(tag: string) => (i: number) => Promise<void>> {
  const home = readSettings(core.store).defaultCurrency;
  const ids = core.store.all<{ id: string }>(sql`SELECT id FROM enrollments WHERE status = 'active' AND currency = ${home} ORDER BY rowid`).map((r) => r.id);
  if (ids.length === 0) throw new Error(`the bench store has no active ${home} enrollments`);
  const open = await core.invoke('drawer:current', {}, admin);
  if (open.ok && !open.value.session) {
    const opened = await core.invoke('drawer:open', { requestId: `bench-office-drawer-${Date.now()}`, openingFloat: 100_00 }, admin);
    if (!opened.ok) throw new Error(`drawer:open: ${opened.error.message}`);
  }
  const runTag = Date.now().toString(36);
  return (tag) => async (i) => {
    const r = await core.invoke('payments:recordManual', {
      requestId: `bench-office-${runTag}-${tag}-${i}`, enrollmentId: ids[(i * 7_919) % ids.length] ?? '', method: 'cash', amount: 10_00 + (i % 50) * 10, tendered: 100_00, currency: home,
    }, admin);
    if (!r.ok) throw new Error(`payments:recordManual: ${r.error.message}`);
  };
}

/**
 * Issue 13: what journaling costs a payment. The same `payments:recordManual` (cash, one
 * durable transaction each) on two copies of the bench store: one a desk of an office (the
 * capture triggers note every row, the entry is folded and stored in the same transaction),
 * one not in an office (the baseline, measured interleaved in the same run). Target ≤ 1.25×.
 */
export const officeSuite: BenchSuite = {
  name: 'office',
  async prepare(ctx) {
    const source = await benchStoreDir(ctx);
    const plain = await openBenchCore(copyOf(source, join(ctx.workDir, 'office-plain')));
    let desk: { core: Core; admin: Session } | null = null;
    try {
      desk = await openBenchCore(copyOf(source, join(ctx.workDir, 'office-desk')));
      desk.core.services.office.join({ officeId: 'bench-office', deskId: 'bench-desk', seed: false });
      const journaled = await cashierDesk(desk.core, desk.admin);
      const bare = await cashierDesk(plain.core, plain.admin);
      const iterations = ctx.quick ? 300 : 2_000;
      const inOffice = desk;
      // The machine is shared: the process CPU of each call is kept beside its wall time.
      const cpu = { journaled: [] as number[], bare: [] as number[] };
      const timedCpu = (fn: (i: number) => Promise<void>, into: number[]) => async (i: number) => {
        const c0 = process.cpuUsage();
        await fn(i);
        const d = process.cpuUsage(c0);
        into.push((d.user + d.system) / 1000);
      };
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
      return {
        cases: [
          {
            kind: 'timed',
            name: 'office: payments:recordManual (cash) journaled, vs the same desk not in an office',
            source: 'issue 13',
            iterations,
            run: timedCpu(journaled('j'), cpu.journaled),
            baseline: { name: 'payments:recordManual (cash), desk not in an office', iterations, setup: () => timedCpu(bare('b'), cpu.bare) },
            targets: [{ kind: 'ratioMax', max: 1.25 }],
            notes: 'capture triggers + one entry folded and stored per transaction; unsent entries pile up as on a desk offline',
          },
          {
            kind: 'sampled',
            name: 'office: process CPU time of each journaled payments:recordManual above (user + system)',
            source: 'issue 13',
            unit: 'ms',
            sample: () => Promise.resolve(cpu.journaled),
          },
          {
            kind: 'sampled',
            name: 'office: process CPU time of each payments:recordManual not in an office above (user + system)',
            source: 'issue 13',
            unit: 'ms',
            sample: () => Promise.resolve(cpu.bare),
          },
          {
            kind: 'sampled',
            name: 'office: process CPU time, journaled / not in an office (medians, warm-up calls included)',
            source: 'issue 13',
            unit: '×',
            sample: () => Promise.resolve([median(cpu.journaled) / median(cpu.bare)]),
            targets: [{ kind: 'maxValue', value: 1.25 }],
          },
        ],
        cleanup: () => {
          inOffice.core.close();
          plain.core.close();
        },
      };
    } catch (e) {
      desk?.core.close();
      plain.core.close();
      throw e;
    }
  },
};
