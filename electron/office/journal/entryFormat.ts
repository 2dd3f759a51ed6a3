import type { SqlValue } from '../../store/sql';

/**
 * What one journal entry holds: the rows and field writes of one committed transaction at
 * one desk, in the order they were written (so foreign keys hold when they are replayed).
 *
 * - `row`: a row the transaction created (a fact, or the creation of a mutable row). Applied
 *   once, by union: a row already held is left alone.
 * - `set`: one field written later, with the HLC of that write; applied only when later than
 *   the write the desk holds for that field. `c` is `*` for a table whose whole row is one field.
 * - `del`: a row removed (plan rules are replaced as a list; a delinquent item is settled).
 *
 * `seen` is the highest hub cursor the desk had applied when it wrote the entry: entries with
 * a later cursor were made without knowing this one (concurrent), which is what the
 * conflict rules look for.
 */
export type RowValues = Record<string, SqlValue>;
export type RowOp = { k: 'row'; t: string; r: RowValues };
export type SetOp = { k: 'set'; t: string; pk: SqlValue[]; c: string; v: SqlValue | RowValues; h: string };
export type DelOp = { k: 'del'; t: string; pk: SqlValue[]; h: string };
export type EntryOp = RowOp | SetOp | DelOp;
export type EntryBody = { v: 1; seen: number; at: string; ops: EntryOp[] };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const encodeEntry = (body: EntryBody): Uint8Array => encoder.encode(JSON.stringify(body));

export function decodeEntry(bytes: Uint8Array): EntryBody {
  const body = JSON.parse(decoder.decode(bytes)) as EntryBody;
  if (body?.v !== 1 || !Array.isArray(body.ops) || typeof body.seen !== 'number') throw new Error('not an office journal entry (version 1)');
  return body;
}
