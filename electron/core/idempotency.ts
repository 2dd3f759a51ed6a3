import { createHash } from 'node:crypto';
import { sql } from '../store/sql';
import type { Store } from '../store/store';
import { canonicalJson } from './canonicalJson';
import { refuseAs } from './errors';

export const inputHash = (channel: string, input: unknown): string => createHash('sha256').update(`${channel}\n${canonicalJson(input)}`).digest('hex');

type RequestRow = { channel: string; input_hash: string; result_json: string };

/**
 * Returns the stored result of an earlier request with this id, if any. The same id
 * with a different channel or input is a client bug and is refused, not replayed.
 */
export function findReplay(store: Store, requestId: string, channel: string, hash: string): { value: unknown } | null {
  const row = store.get<RequestRow>(sql`SELECT channel, input_hash, result_json FROM requests WHERE request_id = ${requestId}`);
  if (!row) return null;
  if (row.channel !== channel || row.input_hash !== hash) {
    throw refuseAs('CONFLICT', 'request.reused', {}, { requestId });
  }
  return { value: JSON.parse(row.result_json) as unknown };
}

export function recordRequest(store: Store, requestId: string, channel: string, hash: string, result: unknown, actorId: string | null, at: Date): void {
  store.run(sql`INSERT INTO requests (request_id, channel, input_hash, result_json, actor_id, created_at)
    VALUES (${requestId}, ${channel}, ${hash}, ${JSON.stringify(result) ?? 'null'}, ${actorId}, ${at.toISOString()})`);
}
