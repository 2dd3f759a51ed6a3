import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { forkCore } from '../../../electron/corehost/client';
import { rid, tempDir } from '../../support/core';
import { writeLargeBundle } from '../../support/oneRoster';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** The host's event-loop max delay (ms) while `invoke` runs: what a window's call would wait at worst. */
async function hostDelayWhile<T>(work: () => Promise<T>): Promise<{ maxMs: number; p99Ms: number; value: T }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  try {
    const value = await work();
    return { maxMs: delay.max / 1e6, p99Ms: delay.percentile(99) / 1e6, value };
  } finally {
    delay.disable();
  }
}

describe('a long write in the core process never stalls the host', () => {
  it('while the core imports a large roster in batches, the host event loop stays free and a read is answered before the import ends', async () => {
    const dir = tempDir();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const bundle = await writeLargeBundle(join(dir, 'bundle'), { students: 2_000, classes: 100, enrollments: 6_000 });
    const core = forkCore({ dataDir: join(dir, 'data'), version: 'test', checkOutput: false });
    cleanup.push(() => core.close());
    await core.ready;
    const conn = core.connect();
    const ok = async (channel: string, input: unknown) => {
      const r = await conn.invoke(channel, input);
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
      return r.value;
    };
    await ok('auth:setup', { requestId: rid('setup'), username: 'admin', displayName: 'Office Admin', password: 'admin-pass' });
    await ok('roster:saveMapping', { requestId: rid('map'), mapping: { productLevel: 'class', productType: 'course', currency: 'USD', defaultPrice: 450_00, priceColumn: null, coursePrices: [] } });

    const importId = rid('import');
    let importDone = false;
    const measured = hostDelayWhile(() => ok('roster:import', { requestId: importId, path: bundle, mode: 'bulk' }).finally(() => {
      importDone = true;
    }));

    // Reads meanwhile: how far the import is, and the office settings, each answered while it still runs.
    let readsDuringApply = 0;
    while (!importDone && readsDuringApply < 3) {
      const running = (await ok('roster:progress', { requestId: importId })) as { phase: string; rows: number } | null;
      if (running?.phase === 'applying' && running.rows > 0) {
        const settings = await conn.invoke('settings:get', {});
        expect(settings.ok).toBe(true);
        if (!importDone) readsDuringApply += 1;
      }
    }
    const { value, maxMs, p99Ms } = await measured;
    const result = value as { state: string; applied: number };
    expect(result.state).toBe('done');
    expect(result.applied).toBeGreaterThan(0);
    expect(readsDuringApply).toBe(3);

    // The same import with the core in this process, as the shells ran it before: its batches hold the loop.
    const local = createCore({ dataDir: join(dir, 'local'), version: 'test', checkOutput: false });
    cleanup.push(() => local.close());
    const localConn = local.connect();
    expect((await localConn.invoke('auth:setup', { requestId: rid('setup'), username: 'admin', displayName: 'Office Admin', password: 'admin-pass' })).ok).toBe(true);
    expect((await localConn.invoke('roster:saveMapping', { requestId: rid('map'), mapping: { productLevel: 'class', productType: 'course', currency: 'USD', defaultPrice: 450_00, priceColumn: null, coursePrices: [] } })).ok).toBe(true);
    const inProcess = await hostDelayWhile(() => localConn.invoke('roster:import', { requestId: rid('import'), path: bundle, mode: 'bulk' }));
    expect(inProcess.value.ok).toBe(true);

    const figures = `host event-loop max delay: core in a child ${maxMs.toFixed(1)} ms (p99 ${p99Ms.toFixed(1)}), core in this process ${inProcess.maxMs.toFixed(1)} ms`;
    console.log(figures);
    // Relative, so a loaded machine (which delays both) does not decide it.
    expect(maxMs, figures).toBeLessThan(inProcess.maxMs / 4);
  }, 180_000);
});
