// @ts-check
/*
 * The SQLite event writer thread (see sqliteWriter.mjs for why this is JavaScript). It owns its
 * own connection so the fsync of each commit never blocks the server's event loop: requests keep
 * being read and verified while a batch commits, and they form the next batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { configureConnection, prepareEventWriter } from './sqliteWriter.mjs';

/** @typedef {import('./sqliteWriterProtocol').WriterRequest} WriterRequest */
/** @typedef {import('./sqliteWriterProtocol').WriterResponse} WriterResponse */

const port = parentPort;
if (!port) throw new Error('sqliteWriterThread must run in a worker thread');
const { file } = /** @type {{ file: string }} */ (workerData);
const db = new Database(file);
configureConnection(db);
const write = prepareEventWriter(db);

/** @param {WriterResponse} msg */
const reply = (msg) => port.postMessage(msg);

port.on('message', (/** @type {WriterRequest} */ msg) => {
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
