import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputOf } from '../../shared/contract';
import { createCore } from '../../electron/core';
import type { Core, Session } from '../../electron/core';
import { seedCatalog } from '../seed/catalogSeed';

export type CatalogBenchOptions = { enrollments?: number; invokeEnrollments?: number; runs?: number; keep?: boolean; log?: (line: string) => void };

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function setupAdmin(core: Core): Promise<Session> {
  const conn = core.connect();
  const r = await conn.invoke('auth:setup', { requestId: `bench-setup-${Date.now()}`, username: 'bench', displayName: 'Bench', password: 'bench-pass' });
  const session = conn.session();
  if (!r.ok || !session) throw new Error('bench setup failed');
  return session;
}

/**
 * Catalog figures for `npm run bench`: enrollments created per second (through `invoke`,
 * one durable transaction each, and through the bulk seeder), and `schedules:list`
 * latency per filter on a store of `enrollments` enrollments (target ≤ 50 ms a page).
 */
export async function benchCatalog(options: CatalogBenchOptions = {}): Promise<Record<string, number>> {
  const log = options.log ?? ((line: string) => console.log(line));
  const enrollments = options.enrollments ?? 100_000;
  const invokeCount = options.invokeEnrollments ?? 1_000;
  const runs = options.runs ?? 25;
  const dataDir = mkdtempSync(join(tmpdir(), 'bursar-bench-catalog-'));
  // Output checking is a development aid; the shipped app runs without it.
  const core = createCore({ dataDir, checkOutput: false });
  const figures: Record<string, number> = {};
  try {
    const admin = await setupAdmin(core);
    const seeded = await seedCatalog(core, admin, { enrollments, onProgress: (n) => n % 20_000 === 0 && log(`  seeded ${n} enrollments`) });
    figures['catalog.seed.enrollmentsPerSecond'] = Math.round(seeded.enrollments / (seeded.ms / 1000));
    log(`catalog: seeded ${seeded.enrollments} enrollments / ${seeded.items} schedule items / ${seeded.payers} payers in ${(seeded.ms / 1000).toFixed(1)} s (${figures['catalog.seed.enrollmentsPerSecond']}/s, batched)`);

    // Enrollments through the channel: validation, idempotency record, audit, one fsync'd transaction each.
    const productId = seeded.products[0] ?? '';
    const plans = await core.invoke('plans:list', { productId }, admin);
    const planId = plans.ok ? (plans.value.plans[1]?.id ?? '') : '';
    const started = performance.now();
    for (let i = 0; i < invokeCount; i++) {
      const payer = await core.invoke('payers:create', { requestId: `bench-payer-${i}`, payer: { name: `Bench Payer ${i}` } }, admin);
      if (!payer.ok) throw new Error(payer.error.message);
      const r = await core.invoke('enrollments:create', { requestId: `bench-enroll-${i}`, payerId: payer.value.id, productId, planId }, admin);
      if (!r.ok) throw new Error(r.error.message);
    }
    const invokeMs = performance.now() - started;
    figures['catalog.invoke.enrollmentsPerSecond'] = Math.round(invokeCount / (invokeMs / 1000));
    log(`catalog: enrollments:create through invoke (plus payers:create each): ${figures['catalog.invoke.enrollmentsPerSecond']}/s over ${invokeCount}`);

    const payerId = (core.store.raw.prepare(`SELECT payer_id FROM schedule_items WHERE state = 'paused' LIMIT 1`).get() as { payer_id: string } | undefined)?.payer_id;
    const cases: [string, InputOf<'schedules:list'>][] = [
      ['no filter', {}],
      ['overdue', { overdue: true }],
      ['status due', { status: ['due'] }],
      ['status due+overdue', { status: ['due', 'overdue'] }],
      ['paused', { paused: true }],
      ['waived', { status: ['waived'] }],
      ['product + overdue', { productId, overdue: true }],
      ['product + due range', { productId, dueFrom: '2000-01-01', dueTo: '2100-01-01' }],
      ['due range 30 days', { dueFrom: new Date(Date.now() - 15 * 86_400_000).toISOString().slice(0, 10), dueTo: new Date(Date.now() + 15 * 86_400_000).toISOString().slice(0, 10) }],
      ['overdue, offset 20000', { overdue: true, offset: 20_000 }],
      ['payer', { payerId: payerId ?? '' }],
    ];
    // A cursor deep into the overdue list, to time keyset pages that skip the count.
    const deep = await core.invoke('schedules:list', { overdue: true, offset: 20_000, limit: 50, includeTotal: false }, admin);
    const deepCursor = deep.ok ? deep.value.nextCursor : null;
    if (deepCursor) cases.push(['overdue, keyset after 20050, no total', { overdue: true, after: deepCursor, includeTotal: false }]);
    cases.push(['overdue, no total', { overdue: true, includeTotal: false }]);
    for (const [label, input] of cases) {
      const times: number[] = [];
      const cpu: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        const r = await core.invoke('schedules:list', { limit: 50, ...input }, admin);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        times.push(performance.now() - t);
        if (!r.ok) throw new Error(r.error.message);
        total = r.value.total ?? -1;
      }
      times.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const median = percentile(times, 0.5);
      figures[`catalog.schedulesList.${label}.medianMs`] = Number(median.toFixed(2));
      figures[`catalog.schedulesList.${label}.medianCpuMs`] = Number(percentile(cpu, 0.5).toFixed(2));
      // CPU time is this process's own work: a fairer figure than wall time on a shared, busy machine.
      log(`catalog: schedules:list [${label}] total ${total === -1 ? 'skipped' : total}: median ${median.toFixed(1)} ms (cpu ${percentile(cpu, 0.5).toFixed(1)} ms), p95 ${percentile(times, 0.95).toFixed(1)} ms`);
    }
    return figures;
  } finally {
    core.close();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`catalog: store kept at ${dataDir}`);
  }
}
