import { sql } from '../../../electron/store/sql';
import { readSettings } from '../../../electron/services/settings/settingsRepo';
import { bareInsertBaseline } from '../baselines/bareInsert';
import { sameRowsBaseline } from '../baselines/sameRows';
import { benchStoreDir, openBenchCore } from '../fixture';
import { describeRows, rowsWrittenBy } from '../rowsWritten';
import type { BenchSuite } from '../types';

/**
 * Issue 4: `payments:recordManual` (cash, through invoke: validation, idempotency record,
 * allocation, ledger, receipt, audit entry, one IMMEDIATE transaction at synchronous=FULL)
 * on the bench store (1M payments in the full run), against
 *  - the floor: a bare better-sqlite3 insert of as many rows of the same sizes as the
 *    probe payment wrote, one transaction each at the same durability (target ≤ 2×);
 *  - a stricter floor: the same rows into shadow tables with the same indexes, in the same file.
 */
export const cashierSuite: BenchSuite = {
  name: 'cashier',
  async prepare(ctx) {
    const dataDir = await benchStoreDir(ctx);
    const { core, admin } = await openBenchCore(dataDir);
    const n = (quick: number, full: number) => (ctx.quick ? quick : full);
    try {
      const settings = readSettings(core.store);
      const home = settings.defaultCurrency;
      const ids = core.store.all<{ id: string }>(sql`SELECT id FROM enrollments WHERE status = 'active' AND currency = ${home} ORDER BY rowid`).map((r) => r.id);
      if (ids.length === 0) throw new Error(`the bench store has no active ${home} enrollments (seed with --enrollments)`);
      const open = await core.invoke('drawer:current', {}, admin);
      if (open.ok && !open.value.session) {
        const opened = await core.invoke('drawer:open', { requestId: `bench-drawer-${Date.now()}`, openingFloat: 100_00 }, admin);
        if (!opened.ok) throw new Error(`drawer:open: ${opened.error.message}`);
      }
      const payments = core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM payments`)?.n ?? 0;
      const runTag = Date.now().toString(36);
      const pay = (i: number, tag: string) => core.invoke('payments:recordManual', {
        requestId: `bench-pay-${tag}-${i}`, enrollmentId: ids[(i * 7_919) % ids.length] ?? '', method: 'cash', amount: 10_00 + (i % 50) * 10, tendered: 100_00, currency: home,
      }, admin);

      // What one payment writes, learnt from a probe payment, so both floors write the same.
      const written = await rowsWrittenBy(core.store.raw, async () => {
        const r = await pay(0, `${runTag}-probe`);
        if (!r.ok) throw new Error(`probe payment: ${r.error.message}`);
      });
      const iterations = n(300, 2_000);
      const run = (tag: string) => async (i: number) => {
        const r = await pay(i, `${runTag}-${tag}`);
        if (!r.ok) throw new Error(`payments:recordManual: ${r.error.message}`);
      };
      return {
        cases: [
          {
            kind: 'timed',
            name: `payments:recordManual (cash) on ${payments.toLocaleString('en-US')} payments`,
            source: 'issue 4',
            iterations,
            run: run('a'),
            baseline: bareInsertBaseline({ name: `bare insert of ${written.rowBytes.length} rows (${describeRows(written)}), WAL FULL, 1 txn`, dir: ctx.workDir, rowBytes: written.rowBytes, iterations }),
            targets: [{ kind: 'ratioMax', max: 2 }],
            notes: `rows of ${written.rowBytes.join('+')} B; one fsync per payment, like the desk`,
          },
          {
            kind: 'timed',
            name: 'payments:recordManual (cash) vs the same rows into tables with the same indexes',
            source: 'issue 4 (stricter floor)',
            iterations: n(200, 1_000),
            run: run('b'),
            baseline: sameRowsBaseline({ name: `same ${written.rowBytes.length} rows, same indexes, same file, WAL FULL, 1 txn`, db: core.store.raw, byTable: written.byTable, iterations: n(200, 1_000) }),
            notes: 'what is left is validation, idempotency, reads, allocation and audit hashing',
          },
          {
            kind: 'sampled',
            name: 'payments:recordManual while ledger:verify and audit:verify run',
            unit: 'ms',
            notes: 'each payment as the desk takes them, one after another until both checks end; the checks read every row in the check worker',
            sample: async () => {
              const samples: number[] = [];
              let running = true;
              const started = performance.now();
              const checks = Promise.all([core.invoke('ledger:verify', {}, admin), core.invoke('audit:verify', {}, admin)]).finally(() => {
                running = false;
              });
              for (let i = 0; running; i++) {
                const t = performance.now();
                await run('c')(i);
                samples.push(performance.now() - t);
                // The desk's payments arrive as separate IPC messages, with event-loop turns between them.
                await new Promise((resolve) => setImmediate(resolve));
              }
              const [ledger, audit] = await checks;
              if (!ledger.ok || !audit.ok) throw new Error('a check failed to run');
              ctx.log(`  checks took ${((performance.now() - started) / 1000).toFixed(1)} s (ledger ok: ${ledger.value.ok}, audit ok: ${audit.value.ok}); ${samples.length} payments taken meanwhile`);
              return samples;
            },
          },
          {
            kind: 'timed',
            name: 'enrollments:paymentDetails of a random enrollment',
            iterations: n(100, 500),
            run: async (i) => {
              const r = await core.invoke('enrollments:paymentDetails', { enrollmentId: ids[(i * 104_729) % ids.length] ?? '' }, admin);
              if (!r.ok) throw new Error(r.error.message);
            },
            notes: 'the payment screen: items, payments, refunds, balance',
          },
        ],
        cleanup: () => core.close(),
      };
    } catch (e) {
      core.close();
      throw e;
    }
  },
};
