import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonicalJson';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import type { AuditAction, AuditEntityType } from '../../../shared/auditActions';

/** One entry to append: its action and record type are the listed ones (shared/auditActions.ts), each worded on screen. */
export type AuditEntryInput = {
  action: AuditAction;
  entityType: AuditEntityType;
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

/** Walks one chain; the first row whose hash or link does not hold is named. */
function verifyChain(rows: IterableIterator<AuditRow>, of: string): AuditVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (const row of rows) {
    if (row.seq !== expectedSeq) return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `${of}entry ${expectedSeq} is missing` } };
    if (row.prev_hash !== prev) return { ok: false, checked, firstBroken: { seq: row.seq, reason: `${of}link to the previous entry is broken` } };
    const { hash, ...rest } = row;
    if (hashRow(rest) !== hash) return { ok: false, checked, firstBroken: { seq: row.seq, reason: `${of}entry content was changed after it was written` } };
    prev = hash;
    expectedSeq += 1;
    checked += 1;
  }
  return { ok: true, checked, firstBroken: null };
}

/**
 * Walks this desk's chain, then, on a desk of an office, every other desk's chain as that
 * desk wrote it (office_audit_log): each desk's chain must verify on every desk.
 */
export function verifyAudit(store: Store): AuditVerification {
  const own = verifyChain(store.raw.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>, '');
  if (!own.ok) return own;
  let checked = own.checked;
  const office = store.raw.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'office_audit_log'`).get();
  if (!office) return own;
  const desks = store.raw.prepare('SELECT DISTINCT desk FROM office_audit_log ORDER BY desk').all() as { desk: string }[];
  const rowsOf = store.raw.prepare(`SELECT seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash
    FROM office_audit_log WHERE desk = ? ORDER BY seq`);
  for (const { desk } of desks) {
    const chain = verifyChain(rowsOf.iterate(desk) as IterableIterator<AuditRow>, `desk ${desk}: `);
    checked += chain.checked;
    if (!chain.ok) return { ...chain, checked };
  }
  return { ok: true, checked, firstBroken: null };
}
