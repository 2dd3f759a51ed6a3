import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, DATABASE_FILE } from '../../../electron/core';
import { verifyAudit } from '../../../electron/services/audit/auditLog';
import { verifyLedger } from '../../../electron/services/ledger/verifyLedger';
import { sql } from '../../../electron/store/sql';
import { openStore } from '../../../electron/store/store';
import { nodeCommandFor } from '../../../scripts/lib/bundleEntry';
import { createRng } from '../../../scripts/seed/prng';
import type { WorkerArgs, WorkerMessage } from './worker';
import { crashWorkloads, defaultWorkloads } from './workloads';
import type { Ack } from './workloads/types';

export type CrashOptions = {
  kills: number;
  seed: number;
  workloads?: string[];
  /** Full verification after every n-th kill (and always after the last). */
  verifyEvery?: number;
  /** Upper bound of the random wait between the worker being ready and the kill. */
  maxDelayMs?: number;
  onProgress?(stats: CrashStats): void;
};

export type CrashStats = {
  seed: number;
  kills: number;
  /** Kills that landed while the worker was still opening the store. */
  killedWhileOpening: number;
  acknowledged: number;
  /** Requests a restarted worker re-sent and found already committed (answer lost to the kill). */
  replayedAfterCrash: number;
  verifications: number;
  problems: string[];
  ms: number;
  /** Acknowledged requests per workload. */
  byWorkload: Record<string, number>;
  /** What the last verification found, for the long run's report. */
  final: StoreSummary | null;
};

export type StoreSummary = { payments: number; receipts: number; receiptsGapFree: boolean; ledgerOk: boolean; ledgerViolations: number; auditOk: boolean; auditEntries: number };

const WORKER = resolve(import.meta.dirname, 'worker.ts');

/**
 * Starts the worker, SIGKILLs it at a seeded random moment, restarts it from the first
 * unacknowledged step, and checks the store between kills.
 */
export async function runCrashSuite(options: CrashOptions): Promise<CrashStats> {
  const started = Date.now();
  const names = options.workloads ?? defaultWorkloads();
  for (const n of names) if (!crashWorkloads[n]) throw new Error(`unknown crash workload ${n} (known: ${Object.keys(crashWorkloads).join(', ')})`);
  const rng = createRng(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'bursar-crash-'));
  const stats: CrashStats = { seed: options.seed, kills: 0, killedWhileOpening: 0, acknowledged: 0, replayedAfterCrash: 0, verifications: 0, problems: [], ms: 0, byWorkload: Object.fromEntries(names.map((n) => [n, 0])), final: null };
  const acks: Ack[] = [];
  const next: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let child: ChildProcess | null = null;
  // Bundled once: a worker then starts in ~0.1 s instead of ~1 s under tsx.
  const worker = await nodeCommandFor(WORKER, { inlinePackages: true });

  try {
    const core = createCore({ dataDir, checkOutput: true });
    const conn = core.connect();
    const setup = await conn.invoke('auth:setup', { requestId: 'crash-setup-admin', username: 'admin', displayName: 'Crash Admin', password: 'admin-pass' });
    const admin = conn.session();
    if (!setup.ok || !admin) throw new Error('crash store setup failed');
    for (const n of names) await crashWorkloads[n]?.setup?.(core, admin);
    core.close();

    for (let k = 0; k < options.kills; k++) {
      const args: WorkerArgs = { dataDir, workloads: names, next };
      const [script, ...loader] = [...worker.args].reverse();
      const proc = fork(script as string, [JSON.stringify(args)], { execArgv: loader.reverse(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      child = proc;
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      let ready = false;
      let failed: string | null = null;
      const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
      const readyP = new Promise<void>((res) => {
        proc.on('message', (m: WorkerMessage) => {
          if (m.type === 'ready') {
            ready = true;
            res();
          } else if (m.type === 'ack') {
            acks.push({ workload: m.workload, i: m.i, requestId: m.requestId, channel: m.channel });
            stats.acknowledged++;
            stats.byWorkload[m.workload] = (stats.byWorkload[m.workload] ?? 0) + 1;
            if (m.replayed) stats.replayedAfterCrash++;
            next[m.workload] = Math.max(next[m.workload] ?? 0, m.i + 1);
          } else if (m.type === 'failed') {
            failed = `${m.workload} step ${m.i}: ${m.message}`;
          }
        });
      });

      // Mostly kill mid-work; one time in seven while the store is still opening.
      const duringOpen = rng.chance(1 / 7);
      if (duringOpen) {
        await Promise.race([sleep(rng.int(0, 400)), exited]);
      } else {
        const early = await Promise.race([readyP.then(() => 'ready' as const), exited.then(() => 'exited' as const), sleep(30_000).then(() => 'timeout' as const)]);
        if (early !== 'ready') throw new Error(`worker ${early} before it was ready:\n${stderr}`);
        await sleep(rng.int(0, options.maxDelayMs ?? 60));
      }
      if (!ready) stats.killedWhileOpening++;
      proc.kill('SIGKILL');
      const code = await exited;
      child = null;
      stats.kills++;
      if (failed) stats.problems.push(`kill ${k}: a request failed: ${failed}`);
      if (code !== null && code !== 0 && !failed) stats.problems.push(`kill ${k}: the worker exited by itself (${code}):\n${stderr}`);

      const last = k === options.kills - 1;
      if (last || (options.verifyEvery && (k + 1) % options.verifyEvery === 0)) {
        stats.verifications++;
        for (const p of verifyStore(dataDir, names, acks)) stats.problems.push(`after kill ${k + 1}: ${p}`);
        if (last) stats.final = summarizeStore(dataDir);
      }
      options.onProgress?.({ ...stats, ms: Date.now() - started });
      if (stats.problems.length > 20) break;
    }
  } finally {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    worker.dispose();
  }
  stats.ms = Date.now() - started;
  return stats;
}

/** The checks every workload gets, then each workload's own. */
export function verifyStore(dataDir: string, names: readonly string[], acks: readonly Ack[]): string[] {
  const problems: string[] = [];
  // Opening runs quick_check and the migration-history check, as a restarted desk would.
  const store = openStore({ file: join(dataDir, DATABASE_FILE) });
  try {
    const integrity = String(store.raw.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const fk = store.raw.pragma('foreign_key_check') as unknown[];
    if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);

    for (const ack of acks) {
      const rows = store.all<{ channel: string }>(sql`SELECT channel FROM requests WHERE request_id = ${ack.requestId}`);
      if (rows.length !== 1) problems.push(`acknowledged ${ack.requestId} has ${rows.length} requests rows`);
      else if (rows[0]?.channel !== ack.channel) problems.push(`acknowledged ${ack.requestId} is stored as ${rows[0]?.channel}`);
    }
    const unaudited = store.all<{ request_id: string }>(sql`SELECT r.request_id FROM requests r WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.request_id = r.request_id) LIMIT 5`);
    for (const r of unaudited) problems.push(`request ${r.request_id} committed without its audit entry`);
    const audit = verifyAudit(store);
    if (!audit.ok) problems.push(`audit chain broken at ${audit.firstBroken?.seq}: ${audit.firstBroken?.reason}`);

    for (const n of names) {
      const w = crashWorkloads[n];
      if (w) for (const p of w.verify(store, acks.filter((a) => a.workload === n))) problems.push(`${n}: ${p}`);
    }
  } finally {
    store.close();
  }
  return problems;
}

/** Counts for the report: payments and receipts stored, receipt numbers 1..n per desk, the two verifications. */
export function summarizeStore(dataDir: string): StoreSummary {
  const store = openStore({ file: join(dataDir, DATABASE_FILE) });
  try {
    const n = (q: ReturnType<typeof sql>) => store.get<{ n: number }>(q)?.n ?? 0;
    const gaps = n(sql`SELECT count(*) AS n FROM (SELECT desk_code FROM receipts GROUP BY desk_code HAVING count(*) <> max(seq) OR min(seq) <> 1 OR count(DISTINCT number) <> count(*))`);
    const ledger = verifyLedger(store);
    const audit = verifyAudit(store);
    return {
      payments: n(sql`SELECT count(*) AS n FROM payments`),
      receipts: n(sql`SELECT count(*) AS n FROM receipts`),
      receiptsGapFree: gaps === 0,
      ledgerOk: ledger.ok,
      ledgerViolations: ledger.violations.length,
      auditOk: audit.ok,
      auditEntries: audit.checked,
    };
  } finally {
    store.close();
  }
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));
