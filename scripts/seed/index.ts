/**
 * `npm run seed -- --enrollments N --payments M --out DIR [--seed S] [--users U] [--settings-updates K] [--force]`
 * Builds a deterministic Bursar store in DIR through the core. Counts with no seeder yet
 * are reported, not silently ignored.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyAudit } from '../../electron/services/audit/auditLog';
import { verifyLedger } from '../../electron/services/ledger/verifyLedger';
import { DATABASE_FILE } from '../../electron/core';
import { openStore } from '../../electron/store/store';
import { cashierSeedStats } from './seeders/cashier';
import { seedStore } from './seedStore';

const count = (name: string, v: string | undefined, fallback: number): number => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0, got ${v}`);
  return n;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      enrollments: { type: 'string' },
      payments: { type: 'string' },
      users: { type: 'string' },
      'settings-updates': { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.out) throw new Error('--out DIR is required');
  const dataDir = resolve(values.out);
  if (existsSync(join(dataDir, DATABASE_FILE)) && !values.force) throw new Error(`${dataDir} already holds a store; choose another folder`);
  mkdirSync(dataDir, { recursive: true });
  const seed = count('seed', values.seed, 1);
  const counts = {
    enrollments: count('enrollments', values.enrollments, 0),
    payments: count('payments', values.payments, 0),
    users: count('users', values.users, 3),
    settingsUpdates: count('settings-updates', values['settings-updates'], 0),
  };

  let lastPrint = 0;
  const report = await seedStore({
    dataDir,
    seed,
    counts,
    onProgress: (done, total, phase) => {
      const now = Date.now();
      if (now - lastPrint < 250 && done < total) return;
      lastPrint = now;
      process.stderr.write(`\r${phase}: ${done}/${total} (${total ? Math.floor((done / total) * 100) : 100}%)   `);
    },
  });
  process.stderr.write('\n');

  const store = openStore({ file: join(dataDir, DATABASE_FILE), readonly: true });
  const verifyStarted = Date.now();
  const audit = verifyAudit(store);
  const ledger = verifyLedger(store);
  const verifyMs = Date.now() - verifyStarted;
  store.close();
  for (const missing of report.unprovided) console.log(`note: --${missing} ${counts[missing]} skipped: no seeder provides it yet (scripts/seed/seeders/index.ts)`);
  console.log(`seeded ${dataDir} from seed ${seed} in ${(report.ms / 1000).toFixed(1)} s`);
  for (const [table, n] of Object.entries(report.tables)) console.log(`  ${table.padEnd(24)} ${n}`);
  const c = cashierSeedStats;
  if (counts.payments > 0) {
    console.log(`  (${c.sessions} drawer sessions closed with Z reports, ${c.deposits} deposits, ${c.voids} voids, ${c.refunds} refunds of which ${c.cardRefunds} through Stripe, ${c.events} webhook events applied)`);
    for (const s of c.skipped) console.log(`  skipped: ${s}`);
  }
  console.log(`audit:verify: ${audit.ok ? `ok (${audit.checked} entries)` : `BROKEN at ${audit.firstBroken?.seq}: ${audit.firstBroken?.reason}`}`);
  console.log(`ledger:verify: ${ledger.ok ? 'ok' : `${ledger.violations.length} violations`} (${ledger.checked.entries} ledger rows, ${ledger.checked.payments} payments, ${ledger.checked.sessions} sessions, ${ledger.checked.receipts} receipts) — both in ${(verifyMs / 1000).toFixed(1)} s`);
  for (const v of ledger.violations.slice(0, 10)) console.log(`  - ${v.check} ${v.entityType} ${v.entityId ?? ''}: ${v.message}`);
  if (!audit.ok || !ledger.ok) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
