// @ts-check
/*
 * The SQLite event writer thread (see sqliteWriter.mjs for why this is JavaScript). It owns its
 * own connection so the fsync of each commit never blocks the server's event loop: requests keep
 * being read and verified while a batch commits, and they form the next batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { prepareJournalWriter } from './sqliteJournalWriter.mjs';
import { configureConnection, prepareEventWriter } from './sqliteWriter.mjs';

/** @typedef {import('./sqliteWriterProtocol').WriterRequest} WriterRequest */
/** @typedef {import('./sqliteWriterProtocol').WriterResponse} WriterResponse */

const port = parentPort;
if (!port) throw new Error('sqliteWriterThread must run in a worker thread');
const { file } = /** @type {{ file: string }} */ (workerData);
const db = new Database(file);
configureConnection(db);
const write = prepareEventWriter(db);
const writeJournal = prepareJournalWriter(db);
/** @type {import('node:worker_threads').MessagePort | null} */
let journalPort = null;

/** @param {WriterResponse} msg */
const reply = (msg) => port.postMessage(msg);

port.on('message', (/** @type {WriterRequest} */ msg) => {
  if (msg.kind === 'journalPort') {
    // The office journal's pushes come on a port of their own (sqliteJournal.ts), through this
    // same connection and thread: one writer, so journal and events never wait on each other's lock.
    const journal = msg.port;
    journalPort = journal;
    journal.on('message', (/** @type {import('./sqliteWriterProtocol').JournalWriterRequest} */ req) => {
      try {
        journal.postMessage({ kind: 'written', results: writeJournal(req.pushes) });
      } catch (error) {
        journal.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
      }
    });
    return;
  }
  if (msg.kind === 'close') {
    journalPort?.close();
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
