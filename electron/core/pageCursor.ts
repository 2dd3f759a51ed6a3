import { invalidAs } from './errors';
import { sql } from '../store/sql';
import type { SqlQuery } from '../store/sql';

/**
 * Keyset cursors for lists ordered newest first by an immutable (time, id) pair: the cursor
 * is the last row's key, base64url-encoded so callers treat it as opaque and pass it back as
 * given. Paging by key (never OFFSET) costs the same however deep, and rows inserted or
 * updated between pages can neither repeat nor push older rows out of reach.
 */
export type PageKey = { at: string; id: string };

const MAX_PART = 300;

/** The channel is part of the cursor, so one list's cursor given to another is refused, not misread. */
export const encodeCursor = (channel: string, key: PageKey): string => Buffer.from(JSON.stringify([channel, key.at, key.id]), 'utf8').toString('base64url');

/** The key inside a cursor this channel returned; anything else is refused naming `cursor`. */
export function decodeCursor(cursor: string, channel: string): PageKey {
  const refuse = () => invalidAs('cursor', 'cursor.stale', {}, { channel });
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw refuse();
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parts) || parts.length !== 3 || parts[0] !== channel) throw refuse();
  const [, at, id] = parts as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || !at || !id || at.length > MAX_PART || id.length > MAX_PART) throw refuse();
  return { at, id };
}

/**
 * `WHERE` part for the rows after `key` in `ORDER BY at DESC, id DESC`. Written with the time
 * alone as a top-level range so the planner walks the time index from the cursor down.
 */
export const olderThan = (at: SqlQuery, id: SqlQuery, key: PageKey): SqlQuery => sql`${at} <= ${key.at} AND (${at} < ${key.at} OR ${id} < ${key.id})`;

/**
 * A page from rows read with `LIMIT limit + 1`: the extra row only says there is a next page,
 * so the last page carries no cursor.
 */
export function pageOf<T>(found: readonly T[], limit: number, channel: string, keyOf: (row: T) => PageKey): { rows: T[]; nextCursor: string | null } {
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  return { rows, nextCursor: found.length > limit && last ? encodeCursor(channel, keyOf(last)) : null };
}
