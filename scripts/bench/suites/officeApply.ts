import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../../electron/core';
import type { Core, Session } from '../../../electron/core';
import type { IncomingEntry } from '../../../electron/office/journalPort';
import { writeSettings } from '../../../electron/services/settings/settingsRepo';
import type { BenchSuite } from '../types';

const OFFICE = 'bench-office';
// The transport applies pages of up to 500 entries, one transaction each (officeTransport.ts).
const PAGE = 500;

/** The hub's part without network or crypto (as test/support/office/memoryHub.ts): order what desks push, hand pages out by cursor. */
class Hub {
  readonly log: IncomingEntry[] = [];
  push(core: Core, limit = 500): number {
    const out = core.services.office.unsent(limit);
    const acks = out.map((e) => {
      const cursor = this.log.length + 1;
      this.log.push({ cursor, id: e.id, desk: e.desk, deskSeq: e.deskSeq, body: e.body });
      return { id: e.id, cursor };
    });
    core.services.office.markSent(acks);
    return out.length;
  }
  pull(core: Core, after: number, size: number): number {
    const page = this.log.slice(after, after + size);
    if (page.length === 0) return after;
    core.store.transaction(() => core.services.office.applyPage(page));
    return page.at(-1)?.cursor ?? after;
  }
}

/** Milliseconds of process CPU (user + system) since `since`. */
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

type Desk = { core: Core; admin: Session; cursor: number };

async function firstDesk(dir: string): Promise<Desk> {
  mkdirSync(dir, { recursive: true });
  const core = createCore({ dataDir: dir, checkOutput: false, version: 'bench' });
  const conn = core.connect();
  const r = await conn.invoke('auth:setup', { requestId: 'bench-office-setup', username: 'admin', displayName: 'Office Admin', password: 'admin-pass' });
  const admin = conn.session();
  if (!r.ok || !admin) throw new Error(`auth:setup: ${r.ok ? 'no session' : r.error.message}`);
  writeSettings(core.store, { deskCode: 'DA' }, new Date());
  core.services.office.join({ officeId: OFFICE, deskId: 'desk-a', seed: true });
  return { core, admin, cursor: 0 };
}

/** A desk that joins the office empty and applies everything the hub holds so far. */
function laterDesk(dir: string, deskId: string, code: string, hub: Hub): Desk {
  mkdirSync(dir, { recursive: true });
  const core = createCore({ dataDir: dir, checkOutput: false, version: 'bench' });
  writeSettings(core.store, { deskCode: code }, new Date());
  core.services.office.join({ officeId: OFFICE, deskId, seed: false });
  let cursor = 0;
  while (cursor < hub.log.length) cursor = hub.pull(core, cursor, 500);
  const adminId = core.store.raw.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: string };
  return { core, admin: core.sessionFor(adminId.id), cursor };
}

async function ok(d: Desk, channel: string, input: unknown): Promise<Record<string, unknown>> {
  const r = await d.core.invoke(channel, input, d.admin);
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  return r.value as Record<string, unknown>;
}

/** Products and plans every desk's mix uses: made at desk A before anyone goes offline. */
async function catalog(a: Desk): Promise<{ products: { id: string; planId: string }[] }> {
  const products = [];
  for (let i = 0; i < 5; i += 1) {
    const p = await ok(a, 'products:create', { requestId: `bench-prd-${i}`, product: { type: 'course', name: `Course ${i}`, price: 300_00, currency: 'USD' } });
    const plan = await ok(a, 'plans:create', { requestId: `bench-pln-${i}`, plan: { productId: p.id, name: 'Full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } });
    products.push({ id: String(p.id), planId: String(plan.id) });
  }
  return { products };
}

/**
 * A realistic mix of office work at one desk through the contract, one mutation per call: a new
 * payer enrolled (2 entries), payments by bank transfer on the desk's enrollments, price edits
 * and payer phone edits (field writes).
 */
function mixAt(d: Desk, tag: string, cat: { products: { id: string; planId: string }[] }) {
  const enrollments: string[] = [];
  const payers: string[] = [];
  let n = 0;
  return async (): Promise<void> => {
    const i = n;
    n += 1;
    const kind = enrollments.length === 0 ? 0 : i % 5;
    const product = cat.products[i % cat.products.length] ?? { id: '', planId: '' };
    if (kind === 0) {
      const payer = await ok(d, 'payers:create', { requestId: `bench-${tag}-pyr-${i}`, payer: { name: `Payer ${tag} ${i}` } });
      payers.push(String(payer.id));
      const e = await ok(d, 'enrollments:create', { requestId: `bench-${tag}-enr-${i}`, payerId: payer.id, productId: product.id, planId: product.planId });
      enrollments.push(String((e.enrollment as { id: string }).id));
    } else if (kind === 1 || kind === 2) {
      await ok(d, 'payments:recordManual', { requestId: `bench-${tag}-pay-${i}`, enrollmentId: enrollments[(i * 7) % enrollments.length], method: 'bank_transfer', amount: 10_00 + (i % 7) * 100, currency: 'USD', reference: `T-${i}` });
    } else if (kind === 3) {
      await ok(d, 'products:update', { requestId: `bench-${tag}-upd-${i}`, productId: product.id, patch: { price: 300_00 + (i % 50) * 100 } });
    } else {
      await ok(d, 'payers:update', { requestId: `bench-${tag}-phn-${i}`, payerId: payers[(i * 3) % payers.length], patch: { phone: `555-01${String(i % 100).padStart(2, '0')}` } });
    }
  };
}

async function entriesFrom(d: Desk, hub: Hub, count: number, make: () => Promise<void>): Promise<void> {
  const start = d.core.services.office.unsentCount();
  while (d.core.services.office.unsentCount() - start < count) await make();
  while (hub.push(d.core) > 0);
}

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
      const a = await firstDesk(dir('a'));
      cores.push(a.core);
      const cat = await catalog(a);
      while (hub.push(a.core) > 0);
      const t = laterDesk(dir('t'), 'desk-t', 'DT', hub);
      cores.push(t.core);
      const pages = ctx.quick ? 4 : 10;
      const warmup = 1;
      ctx.log(`officeApply: making ${(pages + warmup) * PAGE} entries at desk A`);
      await entriesFrom(a, hub, (pages + warmup) * PAGE, mixAt(a, 'a', cat));
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

      // 2. A week offline: made when its case runs (its baseline's setup, before anything is timed), so `--only` can skip it.
      const own = ctx.quick ? 200 : 2_000;
      const others = ctx.quick ? 2_000 : 20_000;
      const weekCpu: number[] = [];
      const stayCpu: number[] = [];
      const hub2 = new Hub();
      let week: { away: Desk; stay: Desk } | null = null;
      const weekOffline = async (): Promise<{ away: Desk; stay: Desk }> => {
        if (week) return week;
        const a2 = await firstDesk(dir('a2'));
        cores.push(a2.core);
        const cat2 = await catalog(a2);
        while (hub2.push(a2.core) > 0);
        const away = laterDesk(dir('away'), 'desk-d', 'DD', hub2);
        cores.push(away.core);
        const stay = laterDesk(dir('stay'), 'desk-s', 'DS', hub2);
        cores.push(stay.core);
        ctx.log(`officeApply: ${own} mutations at the desk offline, ${others} entries from the others`);
        const mine = mixAt(away, 'd', cat2);
        for (let i = 0; i < own; i += 1) await mine();
        await entriesFrom(a2, hub2, others, mixAt(a2, 'o', cat2));
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
              while (cursor < hub2.log.length) cursor = hub2.pull(away.core, cursor, 500);
              if (away.core.services.office.unsentCount() !== 0) throw new Error('the desk still has entries to send');
              weekCpu.push(cpuMs(cpu));
            },
            baseline: {
              name: `a desk with nothing of its own taking in the others' ${others.toLocaleString('en')}`,
              iterations: 1,
              warmup: 0,
              setup: async () => {
                const { stay } = await weekOffline();
                return () => {
                  const cpu = process.cpuUsage();
                  let cursor = stay.cursor;
                  const end = hub2.log.length;
                  while (cursor < end) cursor = hub2.pull(stay.core, cursor, 500);
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
