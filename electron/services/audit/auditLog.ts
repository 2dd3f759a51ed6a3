import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonicalJson';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

export type AuditEntryInput = {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
};

export type Actor = { id: string | null; name: string; overrideBy?: string | null };

/** An audit_log row as stored. */
export type AuditRow = {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  override_by: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  request_id: string | null;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
};

export const GENESIS_HASH = '0'.repeat(64);

function hashRow(row: Omit<AuditRow, 'hash'>): string {
  const material = canonicalJson([
    row.seq, row.at, row.actor_id, row.actor_name, row.override_by, row.action,
    row.entity_type, row.entity_id, row.request_id, row.before_json, row.after_json, row.prev_hash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

const toJson = (v: unknown): string | null => (v === undefined ? null : canonicalJson(v));

/** Appends one entry chained to the previous one. Call inside the mutation's transaction. */
export function appendAudit(store: Store, at: Date, actor: Actor, requestId: string | null, entry: AuditEntryInput): void {
  const last = store.get<{ seq: number; hash: string }>(sql`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const row: Omit<AuditRow, 'hash'> = {
    seq: (last?.seq ?? 0) + 1,
    at: at.toISOString(),
    actor_id: actor.id,
    actor_name: actor.name,
    override_by: actor.overrideBy ?? null,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    request_id: requestId,
    before_json: toJson(entry.before),
    after_json: toJson(entry.after),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  store.run(sql`INSERT INTO audit_log (seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash)
    VALUES (${row.seq}, ${row.at}, ${row.actor_id}, ${row.actor_name}, ${row.override_by}, ${row.action}, ${row.entity_type}, ${row.entity_id}, ${row.request_id}, ${row.before_json}, ${row.after_json}, ${row.prev_hash}, ${hashRow(row)})`);
}

export type AuditVerification = { ok: boolean; checked: number; firstBroken: { seq: number; reason: string } | null };

/** Walks the chain; the first row whose hash or link does not hold is named. */
export function verifyAudit(store: Store): AuditVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const row of store.raw.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    if (row.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
    if (row.prev_hash !== prev) return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'link to the previous entry is broken' } };
    const { hash, ...rest } = row;
    if (hashRow(rest) !== hash) return { ok: false, checked, firstBroken: { seq: row.seq, reason: 'entry content was changed after it was written' } };
    prev = hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, firstBroken: null };
}
