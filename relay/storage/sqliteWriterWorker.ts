import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection, prepareEventWriter } from './sqliteEventWriter';
import type { InsertResult, NewEvent } from './types';

/**
 * The SQLite event writer, on its own thread so the fsync of each commit never blocks the
 * server's event loop: requests keep being read and verified while a batch commits, and they
 * form the next batch.
 */
export type WriterRequest = { kind: 'write'; events: NewEvent[] } | { kind: 'close' };
export type WriterResponse =
  | { kind: 'ready' }
  | { kind: 'written'; results: InsertResult[] }
  | { kind: 'failed'; message: string };

const port = parentPort;
if (!port) throw new Error('sqliteWriterWorker must run in a worker thread');
const { file } = workerData as { file: string };
const db = new Database(file);
configureConnection(db);
const write = prepareEventWriter(db);

const reply = (msg: WriterResponse): void => port.postMessage(msg);
port.on('message', (msg: WriterRequest) => {
  if (msg.kind === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    reply({ kind: 'written', results: write(msg.events) });
  } catch (error) {
    reply({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
reply({ kind: 'ready' });
