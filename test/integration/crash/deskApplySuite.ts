import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createCore, DATABASE_FILE } from '../../../electron/core';
import { sql } from '../../../electron/store/sql';
import { openStore } from '../../../electron/store/store';
import { readCursor } from '../../../electron/sync/syncState';
import { nodeCommandFor } from '../../../scripts/lib/bundleEntry';
import { createRng } from '../../../scripts/seed/prng';
import type { ApplyWorkerArgs, ApplyWorkerMessage } from './applyWorker';

export type DeskApplyOptions = { kills: number; seed: number; maxDelayMs?: number; verifyEvery?: number; onProgress?(s: DeskApplyStats): void };
export type DeskApplyStats = {
  seed: number;
  kills: number;
  /** Highest cursor the child said was committed. */
  acknowledged: number;
  /** The stored relay cursor at the end: every event up to it applied exactly once. */
  cursor: number;
  applied: number;
  /** Events sent again after a restart (before the stored cursor): each must have been a no-op. */
  redelivered: number;
  verifications: number;
  problems: string[];
  ms: number;
};

const WORKER = resolve(import.meta.dirname, 'applyWorker.ts');
const LABEL = 'crash';

/**
 * SIGKILLs the apply child at random moments and checks, between kills: the stored cursor is
 * at least every cursor the child reported committed; `processed_events` holds exactly one row
 * per relay cursor 1..cursor (no gap, no double, none beyond the cursor), each the event that
 * cursor carries; and the file passes integrity_check.
 */
export async function runDeskApplyCrash(options: DeskApplyOptions): Promise<DeskApplyStats> {
  const started = Date.now();
  const rng = createRng(options.seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'bursar-desk-crash-'));
  const stats: DeskApplyStats = { seed: options.seed, kills: 0, acknowledged: 0, cursor: 0, applied: 0, redelivered: 0, verifications: 0, problems: [], ms: 0 };
  let child: ChildProcess | null = null;
  const worker = await nodeCommandFor(WORKER, { inlinePackages: true });
  try {
    createCore({ dataDir, checkOutput: false }).close();
    for (let k = 0; k < options.kills; k++) {
      const args: ApplyWorkerArgs = { dataDir, label: LABEL, redeliver: rng.int(0, 8), pageSizes: Array.from({ length: 8 }, () => (rng.chance(0.5) ? 1 : rng.int(2, 60))) };
      const [script, ...loader] = [...worker.args].reverse();
      const proc = fork(script as string, [JSON.stringify(args)], { execArgv: loader.reverse(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      child = proc;
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
      const ready = new Promise<void>((res) => {
        proc.on('message', (m: ApplyWorkerMessage) => {
          if (m.type === 'ready') {
            stats.redelivered += Math.max(0, stats.acknowledged - m.from + 1);
            res();
          } else stats.acknowledged = Math.max(stats.acknowledged, m.cursor);
        });
      });
      const first = await Promise.race([ready.then(() => 'ready' as const), exited.then(() => 'exited' as const), sleep(30_000).then(() => 'timeout' as const)]);
      if (first !== 'ready') throw new Error(`apply worker ${first} before it was ready:\n${stderr}`);
      await sleep(rng.int(0, options.maxDelayMs ?? 80));
      proc.kill('SIGKILL');
      const code = await exited;
      child = null;
      stats.kills++;
      if (code !== null) stats.problems.push(`kill ${k}: the apply worker exited by itself (${code}):\n${stderr}`);
      if (k === options.kills - 1 || (k + 1) % (options.verifyEvery ?? 10) === 0) {
        stats.verifications++;
        for (const p of verifyDeskApply(dataDir, stats)) stats.problems.push(`after kill ${k + 1}: ${p}`);
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

export function verifyDeskApply(dataDir: string, stats: DeskApplyStats): string[] {
  const problems: string[] = [];
  const store = openStore({ file: join(dataDir, DATABASE_FILE) });
  try {
    const integrity = String(store.raw.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
    const cursor = readCursor(store);
    stats.cursor = cursor;
    if (cursor < stats.acknowledged) problems.push(`the stored cursor ${cursor} is behind the committed cursor ${stats.acknowledged} the worker reported: a committed apply was lost`);
    const rows = store.all<{ relay_cursor: number | null; event_id: string; source: string }>(sql`SELECT relay_cursor, event_id, source FROM processed_events ORDER BY relay_cursor`);
    stats.applied = rows.length;
    if (rows.length !== cursor) problems.push(`${rows.length} processed events for cursor ${cursor}: ${rows.length < cursor ? 'a gap' : 'doubles or events beyond the cursor'}`);
    const seen = new Set<number>();
    for (const r of rows) {
      if (r.source !== 'relay' || r.relay_cursor === null) problems.push(`event ${r.event_id} recorded from ${r.source} without a relay cursor`);
      else if (r.relay_cursor > cursor) problems.push(`event ${r.event_id} applied with cursor ${r.relay_cursor}, beyond the stored cursor ${cursor}`);
      else if (seen.has(r.relay_cursor)) problems.push(`cursor ${r.relay_cursor} applied twice`);
      else if (r.event_id !== `evt_${LABEL}_${r.relay_cursor}`) problems.push(`cursor ${r.relay_cursor} holds ${r.event_id}`);
      if (r.relay_cursor !== null) seen.add(r.relay_cursor);
      if (problems.length > 10) break;
    }
    for (let c = 1; c <= cursor && problems.length <= 10; c++) if (!seen.has(c)) problems.push(`cursor ${c} was never applied (gap)`);
  } finally {
    store.close();
  }
  return problems;
}

const sleep = (ms: number) => new Promise<void>((res) => setTimeout(res, ms));
