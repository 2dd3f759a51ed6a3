import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core';
import type { Core, Session } from '../../electron/core';
import { deskCodeOf } from '../../electron/services/drawer/drawerSessions';
import { recordPayment } from '../../electron/services/payments/recordPayment';
import { verifyLedger } from '../../electron/services/ledger/verifyLedger';
import { seedCatalog } from '../seed/catalogSeed';

export type CashierBenchOptions = { enrollments?: number; payments?: number; measured?: number; keep?: boolean; log?: (line: string) => void };

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
const TABLES = ['payments', 'receipts', 'ledger_entries', 'requests', 'audit_log'] as const;

async function setupAdmin(core: Core): Promise<Session> {
  const conn = core.connect();
  const r = await conn.invoke('auth:setup', { requestId: `bench-setup-${Date.now()}`, username: 'bench', displayName: 'Bench', password: 'bench-pass' });
  const session = conn.session();
  if (!r.ok || !session) throw new Error('bench setup failed');
  return session;
}

const lastRowids = (core: Core): number[] => TABLES.map((t) => (core.store.raw.prepare(`SELECT coalesce(max(rowid), 0) AS n FROM ${t}`).get() as { n: number }).n);
type Row = Record<string, unknown>;
/** The rows written since `before` (per table), and their size as JSON text. */
function writtenSince(core: Core, before: number[]): { rows: number; bytes: number; byTable: [string, Row[]][] } {
  let rows = 0;
  let bytes = 0;
  const byTable: [string, Row[]][] = TABLES.map((t, i) => {
    const list = core.store.raw.prepare(`SELECT * FROM ${t} WHERE rowid > ?`).all(before[i] ?? 0) as Row[];
    rows += list.length;
    bytes += list.reduce((n, r) => n + JSON.stringify(r).length, 0);
    return [t, list];
  });
  return { rows, bytes, byTable };
}

/**
 * A stricter floor: the very rows the probe payment wrote, inserted by plain INSERTs into
 * shadow tables with the same columns and the same indexes (primary keys, unique and
 * partial ones), unique columns suffixed per iteration. What is left between this and the
 * channel is the core's own work: validation, idempotency, allocation, audit hashing.
 */
function sameRowsInserter(core: Core, byTable: [string, Row[]][]): (i: number) => void {
  const db = core.store.raw;
  const plans = byTable.filter(([, rows]) => rows.length > 0).map(([t, rows]) => {
    const shadow = `bench_${t}`;
    const cols = (db.prepare(`SELECT name, pk FROM pragma_table_info(?)`).all(t) as { name: string; pk: number }[]);
    db.exec(`DROP TABLE IF EXISTS ${shadow}`);
    db.exec(`CREATE TABLE ${shadow} (${cols.map((c) => `"${c.name}"`).join(', ')})`);
    const unique = new Set<string>();
    for (const idx of db.prepare(`SELECT name, "unique", partial FROM pragma_index_list(?)`).all(t) as { name: string; unique: number; partial: number }[]) {
      const on = (db.prepare(`SELECT name FROM pragma_index_info(?)`).all(idx.name) as { name: string }[]).map((c) => c.name);
      const where = idx.partial ? ((db.prepare(`SELECT sql FROM sqlite_schema WHERE name = ?`).get(idx.name) as { sql: string }).sql.match(/ WHERE (.*)$/s)?.[1] ?? null) : null;
      if (idx.unique) on.forEach((c) => unique.add(c));
      db.exec(`CREATE ${idx.unique ? 'UNIQUE ' : ''}INDEX bench_${idx.name} ON ${shadow} (${on.map((c) => `"${c}"`).join(', ')})${where ? ` WHERE ${where}` : ''}`);
    }
    for (const c of cols) if (c.pk) unique.add(c.name);
    const insert = db.prepare(`INSERT INTO ${shadow} (${cols.map((c) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    return { rows, cols: cols.map((c) => c.name), unique, insert };
  });
  const tx = db.transaction((i: number) => {
    for (const p of plans) {
      for (const row of p.rows) {
        p.insert.run(...p.cols.map((c) => {
          const v = row[c];
          if (!p.unique.has(c) || v === null || v === undefined) return v ?? null;
          return typeof v === 'number' ? v + (i + 1) * 1_000_000_000 : `${String(v)}~${i}`;
        }));
      }
    }
  });
  return (i) => tx.immediate(i);
}

/**
 * Cashier figures for `npm run bench`: `payments:recordManual` (cash, through invoke:
 * validation, idempotency record, audit entry, allocation, ledger, receipt, one durable
 * transaction) median and p99 on a store of `payments` payments, interleaved with a bare
 * better-sqlite3 insert of the same number of rows of the same size, one transaction each,
 * on the same connection (WAL, synchronous = FULL). Target: ratio ≤ 2.
 */
export async function benchCashier(options: CashierBenchOptions = {}): Promise<Record<string, number>> {
  const log = options.log ?? ((line: string) => console.log(line));
  const enrollments = options.enrollments ?? 100_000;
  const payments = options.payments ?? 1_000_000;
  const measured = options.measured ?? 2_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'bursar-bench-cashier-'));
  const core = createCore({ dataDir, checkOutput: false });
  const figures: Record<string, number> = {};
  try {
    const admin = await setupAdmin(core);
    const seeded = await seedCatalog(core, admin, { enrollments, onProgress: (n) => n % 50_000 === 0 && log(`  seeded ${n} enrollments`) });
    log(`cashier: ${seeded.enrollments} enrollments seeded in ${(seeded.ms / 1000).toFixed(1)} s`);

    // Bulk path for the store's history: the same service the channel uses, 2,000 payments a transaction.
    const ids = (core.store.raw.prepare(`SELECT id FROM enrollments WHERE status = 'active' ORDER BY rowid`).all() as { id: string }[]).map((r) => r.id);
    const desk = deskCodeOf(core.store);
    const started = performance.now();
    const at = new Date();
    for (let done = 0; done < payments;) {
      const batch = Math.min(2_000, payments - done);
      core.store.transaction(() => {
        for (let k = 0; k < batch; k++) {
          const n = done + k;
          recordPayment(core.store, { requestId: null, enrollmentId: ids[n % ids.length] ?? '', method: 'bank_transfer', amount: 20_00 + (n % 97) * 50, currency: 'USD', reference: `B${n}`, receivedAt: at, deskCode: desk, createdBy: admin.userId }, at);
        }
      });
      done += batch;
      if (done % 100_000 === 0) log(`  seeded ${done} payments`);
    }
    const seedMs = performance.now() - started;
    figures['cashier.seed.paymentsPerSecond'] = Math.round(payments / (seedMs / 1000));
    log(`cashier: ${payments} payments seeded in ${(seedMs / 1000).toFixed(1)} s (${figures['cashier.seed.paymentsPerSecond']}/s, batched)`);

    const open = await core.invoke('drawer:open', { requestId: `bench-drawer-${Date.now()}`, openingFloat: 100_00 }, admin);
    if (!open.ok) throw new Error(open.error.message);

    // What one payment writes, measured on a probe payment, so the baseline writes the same.
    const before = lastRowids(core);
    const probe = await core.invoke('payments:recordManual', { requestId: 'bench-probe', enrollmentId: ids[0] ?? '', method: 'cash', amount: 50_00, tendered: 60_00, currency: 'USD' }, admin);
    if (!probe.ok) throw new Error(probe.error.message);
    const written = writtenSince(core, before);
    const rowsPer = written.rows;
    const bytesPerRow = Math.ceil(written.bytes / rowsPer);
    core.store.raw.exec('CREATE TABLE IF NOT EXISTS bench_bare (id INTEGER PRIMARY KEY, k TEXT NOT NULL UNIQUE, payload BLOB NOT NULL) STRICT');
    const bare = core.store.raw.prepare('INSERT INTO bench_bare (k, payload) VALUES (?, ?)');
    const payload = Buffer.alloc(bytesPerRow, 7);
    const bareTx = core.store.raw.transaction((i: number) => {
      for (let r = 0; r < rowsPer; r++) bare.run(`${i}-${r}`, payload);
    });

    const sameRows = sameRowsInserter(core, written.byTable);
    const times: number[] = [];
    const bareTimes: number[] = [];
    const sameTimes: number[] = [];
    for (let i = 0; i < measured; i++) {
      let t = performance.now();
      const r = await core.invoke('payments:recordManual', { requestId: `bench-pay-${i}`, enrollmentId: ids[(i * 7919) % ids.length] ?? '', method: 'cash', amount: 10_00 + (i % 50) * 10, tendered: 100_00, currency: 'USD' }, admin);
      times.push(performance.now() - t);
      if (!r.ok) throw new Error(r.error.message);
      t = performance.now();
      bareTx.immediate(i);
      bareTimes.push(performance.now() - t);
      t = performance.now();
      sameRows(i);
      sameTimes.push(performance.now() - t);
    }
    sameTimes.sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    bareTimes.sort((a, b) => a - b);
    figures['cashier.recordManual.medianMs'] = Number(percentile(times, 0.5).toFixed(3));
    figures['cashier.recordManual.p99Ms'] = Number(percentile(times, 0.99).toFixed(3));
    figures['cashier.bareInsert.medianMs'] = Number(percentile(bareTimes, 0.5).toFixed(3));
    figures['cashier.bareInsert.p99Ms'] = Number(percentile(bareTimes, 0.99).toFixed(3));
    const ratio = percentile(times, 0.5) / percentile(bareTimes, 0.5);
    figures['cashier.recordManual.ratio'] = Number(ratio.toFixed(2));
    log(`cashier: payments:recordManual (cash) on ${payments} payments: median ${figures['cashier.recordManual.medianMs']} ms, p99 ${figures['cashier.recordManual.p99Ms']} ms`);
    log(`cashier: bare insert of the same ${rowsPer} rows x ${bytesPerRow} B, one FULL-sync transaction: median ${figures['cashier.bareInsert.medianMs']} ms, p99 ${figures['cashier.bareInsert.p99Ms']} ms`);
    log(`cashier: ratio ${ratio.toFixed(2)} (target <= 2: ${ratio <= 2 ? 'met' : 'NOT met'})`);
    const sameRatio = percentile(times, 0.5) / percentile(sameTimes, 0.5);
    figures['cashier.sameRowsInsert.medianMs'] = Number(percentile(sameTimes, 0.5).toFixed(3));
    figures['cashier.sameRowsInsert.p99Ms'] = Number(percentile(sameTimes, 0.99).toFixed(3));
    figures['cashier.recordManual.sameRowsRatio'] = Number(sameRatio.toFixed(2));
    log(`cashier: plain INSERTs of the same rows into tables with the same indexes, one FULL-sync transaction: median ${figures['cashier.sameRowsInsert.medianMs']} ms, p99 ${figures['cashier.sameRowsInsert.p99Ms']} ms`);
    log(`cashier: ratio to the same-rows floor ${sameRatio.toFixed(2)} (target <= 2: ${sameRatio <= 2 ? 'met' : 'NOT met'})`);

    const t = performance.now();
    const verified = verifyLedger(core.store);
    figures['cashier.ledgerVerify.ms'] = Math.round(performance.now() - t);
    log(`cashier: ledger:verify over ${verified.checked.entries} ledger rows: ${verified.ok ? 'ok' : `${verified.violations.length} violations`} in ${figures['cashier.ledgerVerify.ms']} ms`);
    return figures;
  } finally {
    core.close();
    if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    else log(`cashier: store kept at ${dataDir}`);
  }
}
