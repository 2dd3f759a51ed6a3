import type { InputOf } from '../../../shared/contract';
import { sql } from '../../../electron/store/sql';
import { bareInsertBaseline } from '../baselines/bareInsert';
import { benchStoreDir, openBenchCore } from '../fixture';
import { describeRows, rowsWrittenBy } from '../rowsWritten';
import type { BenchCase, BenchSuite } from '../types';

const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issue 3: enrollments created per second through `enrollments:create` (plan, schedule,
 * idempotency record and audit in one durable transaction each), next to a bare insert of
 * the same rows; and `schedules:list` pages with the screen's filters on the bench store
 * (100k enrollments in the full run; target ≤ 50 ms a page).
 */
export const catalogSuite: BenchSuite = {
  name: 'catalog',
  async prepare(ctx) {
    const dataDir = await benchStoreDir(ctx);
    const { core, admin } = await openBenchCore(dataDir);
    const n = (quick: number, full: number) => (ctx.quick ? quick : full);
    try {
      const product = core.store.get<{ id: string; currency: string }>(sql`SELECT id, currency FROM products WHERE active = 1 ORDER BY rowid LIMIT 1`);
      if (!product) throw new Error('the bench store has no products (seed with --enrollments)');
      const plan = core.store.get<{ id: string }>(sql`SELECT id FROM payment_plans WHERE product_id = ${product.id} ORDER BY rowid LIMIT 1 OFFSET 1`)
        ?? core.store.get<{ id: string }>(sql`SELECT id FROM payment_plans WHERE product_id = ${product.id} LIMIT 1`);
      if (!plan) throw new Error('the bench product has no plan');
      const iterations = n(200, 1_000);
      const runTag = Date.now().toString(36);

      // One fresh payer per enrollment (one active enrollment per payer and product), made before the clock starts.
      const payers: string[] = [];
      const probeAndRuns = iterations + Math.min(50, Math.ceil(iterations / 10)) + 1;
      for (let i = 0; i < probeAndRuns; i++) {
        const r = await core.invoke('payers:create', { requestId: `bench-payer-${runTag}-${i}`, payer: { name: `Bench Payer ${runTag} ${i}` } }, admin);
        if (!r.ok) throw new Error(`payers:create: ${r.error.message}`);
        payers.push(r.value.id);
      }
      const enroll = async (i: number) => {
        const r = await core.invoke('enrollments:create', { requestId: `bench-enroll-${runTag}-${i}`, payerId: payers[i] ?? '', productId: product.id, planId: plan.id }, admin);
        if (!r.ok) throw new Error(`enrollments:create: ${r.error.message}`);
      };
      const written = await rowsWrittenBy(core.store.raw, () => enroll(probeAndRuns - 1));

      const enrollments = core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM enrollments`)?.n ?? 0;
      const payerId = core.store.get<{ payer_id: string }>(sql`SELECT payer_id FROM schedule_items WHERE state = 'paused' LIMIT 1`)?.payer_id
        ?? core.store.get<{ payer_id: string }>(sql`SELECT payer_id FROM schedule_items LIMIT 1`)?.payer_id ?? '';
      const today = new Date().toISOString().slice(0, 10);
      const deep = await core.invoke('schedules:list', { overdue: true, offset: n(200, 20_000), limit: 50, includeTotal: false }, admin);
      const deepCursor = deep.ok ? deep.value.nextCursor : null;
      const filters: [string, InputOf<'schedules:list'>][] = [
        ['no filter', {}],
        ['overdue', { overdue: true }],
        ['status due + overdue', { status: ['due', 'overdue'] }],
        ['paused', { paused: true }],
        ['waived', { status: ['waived'] }],
        ['product + overdue', { productId: product.id, overdue: true }],
        ['due in a 30-day range', { dueFrom: addDays(today, -15), dueTo: addDays(today, 15) }],
        ['one payer', { payerId }],
        ['overdue, keyset page deep in the list, no total', deepCursor ? { overdue: true, after: deepCursor, includeTotal: false } : { overdue: true, includeTotal: false }],
      ];
      const listCases: BenchCase[] = filters.map(([label, input]) => ({
        kind: 'timed',
        name: `schedules:list page of 50 — ${label}`,
        source: 'issue 3',
        iterations: n(20, 50),
        warmup: 2,
        run: async () => {
          const r = await core.invoke('schedules:list', { limit: 50, ...input }, admin);
          if (!r.ok) throw new Error(`schedules:list: ${r.error.message}`);
        },
        targets: [{ kind: 'maxMs', stat: 'median', ms: 50 }],
      }));
      return {
        cases: [
          {
            kind: 'timed',
            name: `enrollments:create (schedule + audit, 1 txn) on ${enrollments.toLocaleString('en-US')} enrollments`,
            source: 'issue 3',
            iterations,
            run: enroll,
            baseline: bareInsertBaseline({ name: `bare insert of ${written.rowBytes.length} rows (${describeRows(written)}), WAL FULL, 1 txn`, dir: ctx.workDir, rowBytes: written.rowBytes, iterations }),
            notes: 'the issue asks for the rate (ops/s column); no target',
          },
          ...listCases,
        ],
        cleanup: () => core.close(),
      };
    } catch (e) {
      core.close();
      throw e;
    }
  },
};
