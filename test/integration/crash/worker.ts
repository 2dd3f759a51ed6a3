/**
 * The crash suite's child: opens the core, then sends the workloads' requests one after
 * another, telling the parent over IPC about each one the core acknowledged. It never
 * stops by itself; the parent SIGKILLs it.
 */
import { createCore } from '../../../electron/core';
import { sql } from '../../../electron/store/sql';
import { crashWorkloads } from './workloads';

export type WorkerArgs = { dataDir: string; workloads: string[]; next: Record<string, number> };
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'ack'; workload: string; i: number; requestId: string; channel: string; replayed: boolean }
  | { type: 'failed'; workload: string; i: number; message: string };

const args = JSON.parse(process.argv[2] ?? '{}') as WorkerArgs;
const send = (m: WorkerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) throw new Error('the crash worker must be started with an IPC channel');
    process.send(m, () => resolve());
  });

const core = createCore({ dataDir: args.dataDir, checkOutput: false, logError: () => {} });
const admin = core.store.get<{ id: string }>(sql`SELECT id FROM users WHERE role = 'admin' ORDER BY created_at LIMIT 1`);
if (!admin) throw new Error('the crash store has no admin');
const session = core.sessionFor(admin.id);
const next = { ...args.next };
await send({ type: 'ready' });

for (;;) {
  for (const name of args.workloads) {
    const workload = crashWorkloads[name];
    if (!workload) throw new Error(`unknown workload ${name}`);
    const i = next[name] ?? 0;
    const step = workload.step(i);
    const replayed = core.store.get(sql`SELECT 1 AS one FROM requests WHERE request_id = ${step.requestId}`) !== undefined;
    const r = await core.invoke(step.channel, step.input, session);
    if (!r.ok) {
      await send({ type: 'failed', workload: name, i, message: `${r.error.code} ${r.error.message}` });
      process.exit(2);
    }
    // The answer came after COMMIT with synchronous=FULL: from here the parent may count it.
    await send({ type: 'ack', workload: name, i, requestId: step.requestId, channel: step.channel, replayed });
    next[name] = i + 1;
  }
}
