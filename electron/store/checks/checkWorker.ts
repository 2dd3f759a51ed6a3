import { parentPort } from 'node:worker_threads';
import { runChecks } from './storeChecks';
import type { CheckRequest } from './storeChecks';

/** The check worker's thread: one request at a time, answered by id. */
parentPort?.on('message', (message: { id: number; request: CheckRequest }) => {
  try {
    parentPort?.postMessage({ id: message.id, ok: true, results: runChecks(message.request) });
  } catch (e) {
    parentPort?.postMessage({ id: message.id, ok: false, message: (e as Error).message, code: (e as { code?: unknown }).code ?? null });
  }
});
