import type { MessagePort } from 'node:worker_threads';
import type { JournalPushRequest, PushOutcome } from './journalTypes';
import type { InsertResult, NewEvent } from './types';

/** Messages between the SQLite store and its writer thread (sqliteWriterThread.mjs). */
export type WriterRequest = { kind: 'write'; events: NewEvent[] } | { kind: 'journalPort'; port: MessagePort } | { kind: 'close' };
export type WriterResponse = { kind: 'ready' } | { kind: 'written'; results: InsertResult[] } | { kind: 'failed'; message: string };

/** On the journal's own port (sqliteJournal.ts). */
export type JournalWriterRequest = { kind: 'push'; pushes: JournalPushRequest[] };
export type JournalWriterResponse = { kind: 'written'; results: PushOutcome[] } | { kind: 'failed'; message: string };
