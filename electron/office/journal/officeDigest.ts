import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonicalJson';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { verifyReportSummaries } from '../../services/reports/verifySummaries';
import { columnsOf } from './captureTriggers';
import { LOCAL_KEY, journaledTables, specOf } from './tableKinds';

export type TableDigest = { table: string; rows: number; digest: string };
export type OfficeDigest = { deskId: string | null; tables: TableDigest[]; derived: { ok: boolean; problems: string[] } };

function digestRows(table: string, rows: readonly unknown[]): TableDigest {
  const lines = rows.map((r) => canonicalJson(r)).sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return { table, rows: lines.length, digest: hash.digest('hex') };
}

/**
 * A canonical digest of each office table — rows as canonical JSON, sorted — equal on every
 * desk once all hold the same entries. Left out: per-desk tables, derived tables and
 * columns (checked instead against their GROUP BY), each desk's local numbering (ledger
 * `seq`) and desk settings. Audit chains are digested as (desk, seq, hash) over this desk's
 * own chain and the copies of every other desk's.
 */
export function officeDigest(store: Store, deskId: string | null): OfficeDigest {
  const db = store.raw;
  const tables: TableDigest[] = [];
  for (const table of journaledTables) {
    const spec = specOf(table);
    if (!spec) continue;
    if (table === 'audit_log') {
      const own = db.prepare('SELECT seq, hash FROM audit_log').all() as { seq: number; hash: string }[];
      const others = db.prepare('SELECT desk, seq, hash FROM office_audit_log').all() as { desk: string; seq: number; hash: string }[];
      tables.push(digestRows('audit', [...own.map((r) => ({ desk: deskId ?? '', seq: r.seq, hash: r.hash })), ...others]));
      continue;
    }
    const skip = new Set<string>([...(spec.derivedColumns ?? []), ...(LOCAL_KEY[table] ? [LOCAL_KEY[table]] : [])]);
    const cols = columnsOf(db, table).map((c) => c.name).filter((c) => !skip.has(c));
    const deskKeys = spec.deskKeys ?? [];
    // Table and column names come from the classification and the schema, never from input.
    const q = sql`SELECT ${sql.raw(cols.join(', '))} FROM ${sql.raw(table)}${deskKeys.length ? sql` WHERE key NOT IN ${sql.in([...deskKeys])}` : sql``}`;
    tables.push(digestRows(table, db.prepare(q.text).all(...q.params)));
  }
  tables.push(digestRows('office_adjustments', db.prepare('SELECT * FROM office_adjustments').all()));
  tables.push(digestRows('office_conflicts', db.prepare('SELECT id, kind, entity_type, entity_id, detail_json FROM office_conflicts').all()));

  const problems = verifyReportSummaries(store);
  const paid = db.prepare(`SELECT i.id FROM schedule_items i LEFT JOIN (SELECT item_id, sum(amount) AS s FROM ledger_entries WHERE item_id IS NOT NULL GROUP BY item_id) a
    ON a.item_id = i.id WHERE i.paid_amount <> coalesce(a.s, 0) LIMIT 20`).all() as { id: string }[];
  for (const p of paid) problems.push(`schedule item ${p.id}: paid amount differs from its allocations`);
  return { deskId, tables, derived: { ok: problems.length === 0, problems } };
}
