import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../../electron/core';
import { sql } from '../../../../electron/store/sql';
import { openStore } from '../../../../electron/store/store';
import { nodeCommandFor } from '../../../../scripts/lib/bundleEntry';
import { createRng } from '../../../../scripts/seed/prng';
import { joinDesk, makeDesk, startTestHub } from '../../../support/office/officeRig';
import type { TestHub } from '../../../support/office/testHub';
import type { DeskWorkerArgs, DeskWorkerMessage } from './deskWorker';

const KILLS = Number(process.env.OFFICE_CRASH_KILLS ?? 6);
const WORKER = resolve(import.meta.dirname, 'deskWorker.ts');

type Seen = { added: Set<string>; acknowledged: number };

/** What the killed desk's file must show: every entry up to its cursor applied once, none beyond. */
function verify(dataDir: string, hub: TestHub, seen: Seen, cursors: number[] = []): string[] {
  const problems: string[] = [];
  const store = openStore({ file: join(dataDir, DATABASE_FILE) });
  try {
    const cursor = store.get<{ cursor: number }>(sql`SELECT cursor FROM office_membership`)?.cursor ?? 0;
    cursors.push(cursor);
    if (cursor < seen.acknowledged) problems.push(`the stored cursor ${cursor} is behind the committed ${seen.acknowledged}: a committed page was lost`);
    const applied = store.all<{ id: string; cursor: number; times: number }>(sql`SELECT id, cursor, times FROM kv_applied ORDER BY cursor`);
    const doubles = applied.filter((a) => a.times !== 1);
    if (doubles.length > 0) problems.push(`${doubles.length} entries applied twice, e.g. ${doubles[0]?.id}`);
    if (applied.some((a) => a.cursor > cursor)) problems.push('entries applied beyond the stored cursor');
    if (applied.length !== cursor) problems.push(`${applied.length} entries applied for cursor ${cursor}`);
    const hubIds = hub.entries().slice(0, cursor).map((e) => e.id);
    if (applied.map((a) => a.id).join() !== hubIds.join()) problems.push('the applied entries are not the hub’s first entries in its order');
    const outbox = new Set(store.all<{ id: string }>(sql`SELECT id FROM kv_outbox`).map((r) => r.id));
    for (const id of seen.added) if (!outbox.has(id)) problems.push(`journaled entry ${id} was lost`);
  } finally {
    store.close();
  }
  return problems;
}

describe('an office desk killed with SIGKILL mid-push and mid-apply', () => {
  const cleanups: (() => void | Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it(`${KILLS} kills while pushing and applying pages: nothing lost, nothing stored or applied twice`, async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
    const rng = createRng(seed);
    const t0s = Date.now();
    const hub = await startTestHub({ pageMaxBytes: 2000 });
    cleanups.push(() => hub.close());
    const a = await makeDesk('Front desk');
    cleanups.push(() => a.core.dispose());
    await joinDesk(a, hub);
    for (let i = 0; i < 1500; i++) a.kv.add(`desk-a-${i % 7}`, 1);
    await a.core.ok('office:syncNow', {});
    const b = await makeDesk('Back office');
    await joinDesk(b, hub);
    b.core.close();
    cleanups.push(() => b.core.dispose());

    console.log(`office crash: set up in ${((Date.now() - t0s) / 1000).toFixed(1)} s`);
    const worker = await nodeCommandFor(WORKER, { inlinePackages: true });
    cleanups.push(() => worker.dispose());
    const seen: Seen = { added: new Set(), acknowledged: 0 };
    const problems: string[] = [];
    const cursors: number[] = [];
    const readyMs: number[] = [];
    const t0 = Date.now();
    let child: ChildProcess | null = null;
    cleanups.push(() => {
      if (child && child.exitCode === null) child.kill('SIGKILL');
    });
    const start = (mode: DeskWorkerArgs['mode']) => {
      const args: DeskWorkerArgs = { dataDir: b.core.dataDir, mode, addPerRound: rng.int(1, 30), head: hub.entries().length };
      const [script, ...loader] = [...worker.args].reverse();
      const proc = fork(script as string, [JSON.stringify(args)], { execArgv: loader.reverse(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      child = proc;
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-4000);
      });
      const exited = new Promise<number | null>((res) => proc.once('exit', (code) => res(code)));
      const ready = new Promise<void>((res) =>
        proc.on('message', (m: DeskWorkerMessage) => {
          if (m.type === 'ready') res();
          else if (m.type === 'added') seen.added.add(m.id);
          else seen.acknowledged = Math.max(seen.acknowledged, m.cursor);
        }),
      );
      return { proc, exited, ready, stderr: () => stderr };
    };

    for (let k = 0; k < KILLS; k++) {
      if (rng.chance(0.3)) hub.dropNext(1, '/v1/journal');
      if (rng.chance(0.3)) hub.dropAfterCommit(1);
      const forked = Date.now();
      const run = start('run');
      const first = await Promise.race([run.ready.then(() => 'ready' as const), run.exited.then(() => 'exited' as const)]);
      if (first !== 'ready') throw new Error(`the desk worker exited before it was ready:\n${run.stderr()}`);
      readyMs.push(Date.now() - forked);
      // The child is busy pushing and applying pages from here on: the kill lands anywhere in that.
      await new Promise((r) => setTimeout(r, rng.int(150, 2500)));
      run.proc.kill('SIGKILL');
      const code = await run.exited;
      if (code !== null) problems.push(`kill ${k}: the worker exited by itself (${code}): ${run.stderr()}`);
      for (const p of verify(b.core.dataDir, hub, seen, cursors)) problems.push(`after kill ${k + 1}: ${p}`);
    }

    // Heal: the desk drains, then every journaled entry is at the hub once and applied once on both desks.
    const drain = start('drain');
    expect(await drain.exited, drain.stderr()).toBe(0);
    expect(problems).toEqual([]);
    expect(verify(b.core.dataDir, hub, seen)).toEqual([]);
    const bDesk = hub.entries().find((e) => seen.added.has(e.id))?.desk;
    const fromB = hub.entries().filter((e) => e.desk === bDesk);
    expect(new Set(fromB.map((e) => e.id)).size).toBe(fromB.length);
    for (const id of seen.added) expect(fromB.some((e) => e.id === id), id).toBe(true);
    expect(fromB.map((e) => e.desk_seq)).toEqual(fromB.map((_, i) => i + 1));
    await a.core.ok('office:syncNow', {});
    expect(a.kv.doubles()).toEqual([]);
    expect(a.kv.appliedCount()).toBe(hub.entries().length);
    console.log(`office crash: ${KILLS} kills in ${((Date.now() - t0) / 1000).toFixed(1)} s, cursor after each: ${cursors.join(' ')}; ready after ${readyMs.join(' ')} ms; ${hub.entries().length} entries (${fromB.length} from the killed desk), seed ${seed}`);
  }, 240_000);
});
