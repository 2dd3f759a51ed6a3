import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckName, CheckResults } from './storeChecks';

export type CheckRunner = {
  /** Runs the checks on `file` in the worker thread; the caller's thread stays free meanwhile. */
  run(file: string, checks: readonly CheckName[]): Promise<CheckResults>;
  /** Stops the worker; checks still running fail. */
  close(): Promise<void>;
};

type Reply = { id: number; ok: true; results: CheckResults } | { id: number; ok: false; message: string; code: string | null };

const here = fileURLToPath(import.meta.url);

/**
 * The worker's entry: in the built app, `checkWorker.js` beside the bundled main
 * (electron.vite.config.ts builds it as a second entry); from sources (tests, the browser
 * host under tsx), the TypeScript entry loaded through tsx's require hook.
 */
function spawn(): Worker {
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), 'checkWorker.js'));
  const tsx = createRequire(here).resolve('tsx/cjs/api');
  const entry = join(dirname(here), 'checkWorker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { eval: true });
}

/**
 * One worker thread for whole-store checks, started at the first check and kept for the
 * next (a check opens its own read-only connection each time, so a restored file is read
 * afresh). It holds the process open only while a check runs.
 */
export function createCheckRunner(options: { nativeBinding?: string | undefined } = {}): CheckRunner {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve(r: CheckResults): void; reject(e: Error): void }>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = (): Worker => {
    if (worker) return worker;
    const w = spawn();
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.ok) p.resolve(reply.results);
      else p.reject(Object.assign(new Error(reply.message), reply.code ? { code: reply.code } : {}));
    });
    w.on('error', (e) => failAll(e));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`the check worker stopped (exit code ${code})`));
    });
    worker = w;
    return w;
  };

  return {
    run(file, checks) {
      const w = start();
      const id = ++nextId;
      return new Promise<CheckResults>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, request: { file, checks, nativeBinding: options.nativeBinding } });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

/** A check's result, which the worker always returns for a check that was asked for. */
export function required<T>(value: T | undefined, check: string): T {
  if (value === undefined) throw new Error(`the check worker returned no ${check} result`);
  return value;
}
