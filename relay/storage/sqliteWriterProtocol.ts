import type { InsertResult, NewEvent } from './types';

/** Messages between the SQLite store and its writer thread (sqliteWriterThread.mjs). */
export type WriterRequest = { kind: 'write'; events: NewEvent[] } | { kind: 'close' };
export type WriterResponse = { kind: 'ready' } | { kind: 'written'; results: InsertResult[] } | { kind: 'failed'; message: string };
