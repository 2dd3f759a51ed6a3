import { parentPort } from 'node:worker_threads';
import type { MigrationStep } from '../migrate';
import { openStore } from '../store';
import { runChecks } from './storeChecks';
import type { CheckRequest } from './storeChecks';

export type WorkerTask =
  | { kind: 'checks'; request: CheckRequest }
  | { kind: 'upgrade'; file: string; nativeBinding?: string | undefined };

export type WorkerRequest = WorkerTask & { id: number };

export type WorkerReply =
  | { id: number; done: true; ok: true; results?: unknown }
  | { id: number; done: true; ok: false; message: string; code: string | null }
  | { id: number; done: false; step: MigrationStep };

const reply = (message: WorkerReply) => parentPort?.postMessage(message);

/**
 * The store worker's thread, one request at a time: whole-store checks on a read-only
 * connection, or an upgrade (the pending schema steps, told one by one as they start).
 */
parentPort?.on('message', (message: WorkerRequest) => {
  try {
    if (message.kind === 'checks') {
      reply({ id: message.id, done: true, ok: true, results: runChecks(message.request) });
    } else {
      const store = openStore({
        file: message.file,
        ...(message.nativeBinding ? { nativeBinding: message.nativeBinding } : {}),
        onMigration: (step) => reply({ id: message.id, done: false, step }),
      });
      store.close();
      reply({ id: message.id, done: true, ok: true });
    }
  } catch (e) {
    reply({ id: message.id, done: true, ok: false, message: (e as Error).message, code: typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : null });
  }
});
