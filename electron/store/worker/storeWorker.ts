import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { MigrationStep } from '../migrate';
import { openStore } from '../store';
import { runChecks } from './storeChecks';
import type { CheckRequest } from './storeChecks';

export type WorkerTask =
  | { kind: 'checks'; request: CheckRequest }
  | { kind: 'upgrade'; file: string; nativeBinding?: string | undefined }
  | { kind: 'checkpoint'; file: string; nativeBinding?: string | undefined };

export type WorkerRequest = WorkerTask & { id: number };

export type WorkerReply =
  | { id: number; done: true; ok: true; results?: unknown }
  | { id: number; done: true; ok: false; message: string; code: string | null }
  | { id: number; done: false; step: MigrationStep };

const reply = (message: WorkerReply) => parentPort?.postMessage(message);

/** What a checkpoint did: SQLite's answer (busy: another checkpoint held it; frames in the WAL, and copied into the store). */
export type CheckpointResult = { busy: number; log: number; checkpointed: number };

/**
 * Copies the store's WAL into the store file on a connection of its own (PASSIVE: it waits for
 * no one, and the desk's connection keeps writing meanwhile). Nothing durable depends on it:
 * a committed transaction is already durable in the fsynced WAL.
 */
function checkpoint(file: string, nativeBinding: string | undefined): CheckpointResult {
  const db = new Database(file, { fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('busy_timeout = 5000');
    const [r] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
    return r ?? { busy: 0, log: 0, checkpointed: 0 };
  } finally {
    db.close();
  }
}

/**
 * The store worker's thread, one request at a time: whole-store checks on a read-only
 * connection, an upgrade (the pending schema steps, told one by one as they start), or a
 * checkpoint of a large WAL off the desk's thread.
 */
parentPort?.on('message', (message: WorkerRequest) => {
  try {
    if (message.kind === 'checks') {
      reply({ id: message.id, done: true, ok: true, results: runChecks(message.request) });
    } else if (message.kind === 'checkpoint') {
      reply({ id: message.id, done: true, ok: true, results: checkpoint(message.file, message.nativeBinding) });
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
