import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../electron/core';
import type { Core, Session } from '../../electron/core';
import { deskCodeOf } from '../../electron/services/drawer/drawerSessions';
import { recordPayment } from '../../electron/services/payments/recordPayment';
import { seedCatalog } from '../seed/catalogSeed';

export type ReportsStoreSize = { enrollments: number; payments: number };

const METHODS = ['bank_transfer', 'card_terminal', 'bank_transfer', 'card_terminal', 'bank_transfer'] as const;

/**
 * A store for the report figures until `npm run seed` fills enrollments and payments: the
 * catalog seeder's enrollments, then `payments` payments through the cashier's own
 * `recordPayment` in 2,000-payment transactions (as the cashier bench suite does), their
 * ledger times spread over the year up to now so the reports' date ranges cut real ranges.
 * Every ledger row goes through the 0005 trigger, so the summary is kept as in the app.
 */
export async function buildReportsStore(dir: string, size: ReportsStoreSize, log: (line: string) => void): Promise<{ core: Core; admin: Session }> {
  mkdirSync(dir, { recursive: true });
  const core = createCore({ dataDir: join(dir), checkOutput: false, version: 'bench' });
  const conn = core.connect();
  const r = await conn.invoke('auth:setup', { requestId: `bench-setup-${Date.now()}`, username: 'bench', displayName: 'Bench', password: 'bench-pass' });
  const admin = conn.session();
  if (!r.ok || !admin) throw new Error('bench setup failed');
  const seeded = await seedCatalog(core, admin, { enrollments: size.enrollments, onProgress: (n) => n % 50_000 === 0 && log(`  reports: seeded ${n} enrollments`) });
  log(`reports: ${seeded.enrollments} enrollments (${seeded.items} schedule items) in ${(seeded.ms / 1000).toFixed(1)} s`);
  const ids = (core.store.raw.prepare(`SELECT id FROM enrollments WHERE status = 'active' ORDER BY rowid`).all() as { id: string }[]).map((x) => x.id);
  const desk = deskCodeOf(core.store);
  const end = Date.now();
  const span = 365 * 86_400_000;
  const started = performance.now();
  for (let done = 0; done < size.payments;) {
    const batch = Math.min(2_000, size.payments - done);
    core.store.transaction(() => {
      for (let k = 0; k < batch; k++) {
        const n = done + k;
        const at = new Date(end - span + Math.floor((n / size.payments) * span));
        const method = METHODS[n % METHODS.length] ?? 'bank_transfer';
        recordPayment(core.store, { requestId: null, enrollmentId: ids[(n * 7919) % ids.length] ?? '', method, amount: 20_00 + (n % 97) * 50, currency: 'USD', reference: `B${n}`, receivedAt: at, deskCode: desk, createdBy: admin.userId }, at);
      }
    });
    done += batch;
    if (done % 100_000 === 0) log(`  reports: seeded ${done} payments`);
  }
  log(`reports: ${size.payments} payments in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return { core, admin };
}
