import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createCore } from '../../../electron/core';
import type { Connection, Core } from '../../../electron/core';
import { forkCore } from '../../../electron/corehost/client';
import type { CoreProcessHandle } from '../../../electron/corehost/client';
import type { HostConnection } from '../../../electron/corehost/coreHandle';
import { writeLargeBundle } from '../../../test/support/oneRoster';
import type { BenchSuite } from '../types';

type Caller = Pick<HostConnection, 'invoke'> | Pick<Connection, 'invoke'>;

async function signedIn(conn: Caller, label: string): Promise<void> {
  const r = await conn.invoke('auth:setup', { requestId: `bench-corehost-${label}`, username: 'admin', displayName: 'Bench Admin', password: 'bench-pass' });
  if (!r.ok) throw new Error(`setup failed: ${r.error.message}`);
  const m = await conn.invoke('roster:saveMapping', { requestId: `bench-corehost-map-${label}`, mapping: { productLevel: 'class', productType: 'course', currency: 'USD', defaultPrice: 450_00, priceColumn: null, coursePrices: [] } });
  if (!m.ok) throw new Error(`mapping failed: ${m.error.message}`);
}

/** The host's event-loop max delay (ms) while `conn`'s core imports `bundle`: what a window would wait at worst. */
async function hostDelayDuringImport(conn: Caller, bundle: string, label: string): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const r = await conn.invoke('roster:import', { requestId: `bench-corehost-import-${label}`, path: bundle, mode: 'bulk' });
  delay.disable();
  if (!r.ok) throw new Error(`import failed: ${r.error.message}`);
  return delay.max / 1e6;
}

/**
 * Issue 13 (the core in its own process): what a call costs over the process boundary (Node
 * IPC with structured clone, as the browser host runs it; Electron's utility process is the
 * same protocol over its own port) against the same call into a core in this process, same
 * run, interleaved; and what the boundary buys: the shell's event-loop max delay while the
 * core imports a roster in batches, in its own process and in the shell's.
 */
export const coreHostSuite: BenchSuite = {
  name: 'coreHost',
  async prepare(ctx) {
    const childDir = join(ctx.workDir, 'corehost-child');
    const localDir = join(ctx.workDir, 'corehost-local');
    mkdirSync(localDir, { recursive: true });
    const child: CoreProcessHandle = forkCore({ dataDir: childDir, version: 'bench', checkOutput: false });
    const local: Core = createCore({ dataDir: localDir, version: 'bench', checkOutput: false });
    await child.ready;
    const overIpc = child.connect();
    const inProcess = local.connect();
    await signedIn(overIpc, 'child');
    await signedIn(inProcess, 'local');
    const students = ctx.quick ? 500 : 2_000;
    const bundle = await writeLargeBundle(join(ctx.workDir, 'corehost-bundle'), { students, classes: students / 20, enrollments: students * 3 });
    let imports = 0;
    const iterations = ctx.quick ? 300 : 3_000;
    // One import per core: a second import of the same bundle changes nothing and would time something else.
    const sampleDelay = async (conn: Caller, where: string): Promise<number[]> => [await hostDelayDuringImport(conn, bundle, `${where}-${++imports}`)];
    return {
      cases: [
        {
          kind: 'timed',
          name: 'corehost: settings:get round trip, core in a child process',
          source: 'issue 13',
          iterations,
          run: async () => {
            const r = await overIpc.invoke('settings:get', {});
            if (!r.ok) throw new Error(r.error.message);
          },
          baseline: {
            name: 'settings:get, core in this process',
            iterations,
            setup: () => async () => {
              const r = await inProcess.invoke('settings:get', {});
              if (!r.ok) throw new Error(r.error.message);
            },
          },
          notes: 'a connection with a signed-in session; the ratio is the price of the process boundary on the smallest read',
        },
        {
          kind: 'sampled',
          name: `corehost: host event-loop max delay while the core imports ${students.toLocaleString('en-US')} students, core in a child process`,
          source: 'issue 13',
          unit: 'ms',
          sample: () => sampleDelay(overIpc, 'child'),
          notes: 'perf_hooks monitorEventLoopDelay in the host; the import applies batches of 1,000 rows in the core process',
        },
        {
          kind: 'sampled',
          name: `corehost: host event-loop max delay while the core imports ${students.toLocaleString('en-US')} students, core in this process`,
          source: 'issue 13',
          unit: 'ms',
          sample: () => sampleDelay(inProcess, 'local'),
          notes: 'the same import with the core in the host (how the shells ran it before): each batch holds the host',
        },
      ],
      async cleanup() {
        overIpc.close();
        await child.close();
        local.close();
      },
    };
  },
};
