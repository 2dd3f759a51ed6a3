import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MigrationStep } from '../migrate';
import type { CheckName, CheckResults } from './storeChecks';
import type { CheckpointResult, WorkerReply, WorkerRequest, WorkerTask } from './storeWorker';

export type StoreWorker = {
  /** Runs whole-store checks on `file` in the worker thread; the caller's thread stays free meanwhile. */
  check(file: string, checks: readonly CheckName[]): Promise<CheckResults>;
  /** Applies the pending schema steps to `file` in the worker thread, telling each as it starts. */
  upgrade(file: string, onStep: (step: MigrationStep) => void): Promise<void>;
  /**
   * Copies `file`'s WAL into the store file in the worker thread (a PASSIVE checkpoint on a
   * connection of its own), e.g. after a new desk's one large restore transaction, so the
   * desk's own connection does not do it on its next commit.
   */
  checkpoint(file: string): Promise<CheckpointResult>;
  /** Stops the worker; requests still running fail. */
  close(): Promise<void>;
};

const here = fileURLToPath(import.meta.url);

/**
 * The worker's entry: in the built app, `storeWorker.js` beside the bundled main
 * (electron.vite.config.ts builds it as a second entry); from sources (tests, the browser
 * host under tsx), the TypeScript entry loaded through tsx's require hook.
 */
function spawn(): Worker {
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), 'storeWorker.js'));
  const tsx = createRequire(here).resolve('tsx/cjs/api');
  const entry = join(dirname(here), 'storeWorker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true });
}

type Pending = { resolve(value: unknown): void; reject(e: Error): void; onStep?: (step: MigrationStep) => void };

/**
 * One worker thread for work that reads or rewrites a whole store (checks, upgrades, a large checkpoint),
 * started at the first request and kept for the next; each request opens its own
 * connection, so a restored file is read afresh. It holds the process open only while a
 * request runs.
 */
export function createStoreWorker(options: { nativeBinding?: string | undefined } = {}): StoreWorker {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = (): Worker => {
    if (worker) return worker;
    const w = spawn();
    w.on('message', (reply: WorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      if (!reply.done) {
        p.onStep?.(reply.step);
        return;
      }
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.ok) p.resolve(reply.results);
      else p.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    });
    w.on('error', (e) => failAll(e));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the store worker stopped (exit code ${code})`));
    });
    worker = w;
    return w;
  };
  const request = (task: WorkerTask, onStep?: (step: MigrationStep) => void): Promise<unknown> => {
    const w = start();
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, ...(onStep ? { onStep } : {}) });
      w.ref();
      w.postMessage({ ...task, id } satisfies WorkerRequest);
    });
  };

  return {
    check: async (file, checks) => (await request({ kind: 'checks', request: { file, checks, nativeBinding: options.nativeBinding } })) as CheckResults,
    upgrade: async (file, onStep) => {
      await request({ kind: 'upgrade', file, nativeBinding: options.nativeBinding }, onStep);
    },
    checkpoint: async (file) => (await request({ kind: 'checkpoint', file, nativeBinding: options.nativeBinding })) as CheckpointResult,
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** A check's result, which the worker always returns for a check that was asked for. */
export function required<T>(value: T | undefined, check: string): T {
  if (value === undefined) throw new Error(`the store worker returned no ${check} result`);
  return value;
}
