import { newId } from '../../store/ids';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { DEFAULT_ROSTER_MAPPING, RosterMapping } from '../../../shared/contract/roster';
import type { RosterMode, RosterReport } from '../../../shared/contract/roster';

export type LinkKind = 'course' | 'class' | 'user' | 'enrollment';
/** What an import set that Bursar may change since: compared, never blindly overwritten. */
export type Imported = { price?: number; planId?: string; title?: string; courseSourcedId?: string; role?: string };
export type Link = { entityId: string | null; digest: string; imported: Imported; flag: 'remove' | null };

type LinkRow = { entity_id: string | null; digest: string; imported_json: string | null; flag: 'remove' | null };

export function findLink(store: Store, kind: LinkKind, sourcedId: string): Link | undefined {
  const row = store.get<LinkRow>(sql`SELECT entity_id, digest, imported_json, flag FROM roster_links WHERE kind = ${kind} AND sourced_id = ${sourcedId}`);
  return row && { entityId: row.entity_id, digest: row.digest, imported: row.imported_json ? (JSON.parse(row.imported_json) as Imported) : {}, flag: row.flag };
}

export function saveLink(store: Store, kind: LinkKind, sourcedId: string, link: Link, importId: string, at: Date): void {
  const imported = Object.keys(link.imported).length > 0 ? JSON.stringify(link.imported) : null;
  store.run(sql`INSERT INTO roster_links (kind, sourced_id, entity_id, digest, imported_json, flag, import_id, updated_at)
    VALUES (${kind}, ${sourcedId}, ${link.entityId}, ${link.digest}, ${imported}, ${link.flag}, ${importId}, ${at.toISOString()})
    ON CONFLICT (kind, sourced_id) DO UPDATE SET entity_id = excluded.entity_id, digest = excluded.digest, imported_json = excluded.imported_json,
      flag = excluded.flag, import_id = excluded.import_id, updated_at = excluded.updated_at`);
}

/**
 * Every link of a kind, read once: an import asks about each of its sourcedIds several times
 * (the check, the write, the enrollments naming the same students), and one indexed read per
 * ask was a tenth of the import's time.
 */
export function allLinks(store: Store, kind: LinkKind): Map<string, Link> {
  const links = new Map<string, Link>();
  for (const row of store.all<LinkRow & { sourced_id: string }>(sql`SELECT sourced_id, entity_id, digest, imported_json, flag FROM roster_links WHERE kind = ${kind}`)) {
    links.set(row.sourced_id, { entityId: row.entity_id, digest: row.digest, imported: row.imported_json ? (JSON.parse(row.imported_json) as Imported) : {}, flag: row.flag });
  }
  return links;
}

/** Every link of a kind that is not flagged yet: a bulk file's absent rows are found among them. */
export function unflaggedLinks(store: Store, kind: LinkKind): { sourcedId: string; entityId: string | null }[] {
  return store.all<{ sourced_id: string; entity_id: string | null }>(sql`SELECT sourced_id, entity_id FROM roster_links WHERE kind = ${kind} AND flag IS NULL`).map((r) => ({ sourcedId: r.sourced_id, entityId: r.entity_id }));
}

export function readMapping(store: Store): RosterMapping {
  const row = store.get<{ mapping_json: string }>(sql`SELECT mapping_json FROM roster_mapping WHERE id = 1`);
  if (!row) return DEFAULT_ROSTER_MAPPING;
  const parsed = RosterMapping.safeParse(JSON.parse(row.mapping_json));
  return parsed.success ? parsed.data : DEFAULT_ROSTER_MAPPING;
}

export function writeMapping(store: Store, mapping: RosterMapping, at: Date): void {
  store.run(sql`INSERT INTO roster_mapping (id, mapping_json, updated_at) VALUES (1, ${JSON.stringify(mapping)}, ${at.toISOString()})
    ON CONFLICT (id) DO UPDATE SET mapping_json = excluded.mapping_json, updated_at = excluded.updated_at`);
}

export type Contact = { sourceId: string; relationship: 'guardian' | 'parent' | 'relative'; name: string; email: string | null; phone: string | null };

/** Inserts or updates a payer's contact by its sourcedId; true when something changed. */
export function upsertContact(store: Store, payerId: string, c: Contact, at: Date): boolean {
  const existing = store.get<{ id: string; relationship: string; name: string; email: string | null; phone: string | null }>(
    sql`SELECT id, relationship, name, email, phone FROM payer_contacts WHERE payer_id = ${payerId} AND source_id = ${c.sourceId}`,
  );
  const ts = at.toISOString();
  if (!existing) {
    store.run(sql`INSERT INTO payer_contacts (id, payer_id, source_id, relationship, name, email, phone, created_at, updated_at)
      VALUES (${newId('pct')}, ${payerId}, ${c.sourceId}, ${c.relationship}, ${c.name}, ${c.email}, ${c.phone}, ${ts}, ${ts})`);
    return true;
  }
  if (existing.relationship === c.relationship && existing.name === c.name && existing.email === c.email && existing.phone === c.phone) return false;
  store.run(sql`UPDATE payer_contacts SET relationship = ${c.relationship}, name = ${c.name}, email = ${c.email}, phone = ${c.phone}, updated_at = ${ts} WHERE id = ${existing.id}`);
  return true;
}

type ContactFields = { relationship: string; name: string; email: string | null; phone: string | null };

/** Every imported contact (one with a sourcedId), by payer and sourcedId: read once, where a re-import compares 10,000 of them. */
export function importedContacts(store: Store): Map<string, ContactFields> {
  const rows = store.all<ContactFields & { payer_id: string; source_id: string }>(sql`SELECT payer_id, source_id, relationship, name, email, phone FROM payer_contacts WHERE source_id IS NOT NULL`);
  return new Map(rows.map((r) => [contactKey(r.payer_id, r.source_id), { relationship: r.relationship, name: r.name, email: r.email, phone: r.phone }]));
}

export const contactKey = (payerId: string, sourceId: string): string => `${payerId}\u0000${sourceId}`;

export function contactDiffers(row: ContactFields | undefined, c: Contact): boolean {
  return !row || row.relationship !== c.relationship || row.name !== c.name || row.email !== c.email || row.phone !== c.phone;
}

/** The active enrollments of payers an import made, as `payer\0product`: read once per run. */
export function activeImportedPairs(store: Store): Set<string> {
  const rows = store.all<{ payer_id: string; product_id: string }>(sql`
    SELECT e.payer_id, e.product_id FROM roster_links l JOIN enrollments e ON e.payer_id = l.entity_id
    WHERE l.kind = 'user' AND l.entity_id IS NOT NULL AND e.status = 'active'`);
  return new Set(rows.map((r) => `${r.payer_id}\u0000${r.product_id}`));
}

/** A guardian changed in the SIS: every student's copy of that contact follows. */
export function updateContactsBySource(store: Store, c: Contact, at: Date): number {
  return store.run(sql`UPDATE payer_contacts SET relationship = ${c.relationship}, name = ${c.name}, email = ${c.email}, phone = ${c.phone}, updated_at = ${at.toISOString()}
    WHERE source_id = ${c.sourceId} AND (name <> ${c.name} OR relationship <> ${c.relationship} OR email IS NOT ${c.email} OR phone IS NOT ${c.phone})`).changes;
}

/** A contact known from an earlier import, for a delta whose student names a guardian not in this bundle. */
export function findContactBySource(store: Store, sourceId: string): Contact | undefined {
  const row = store.get<{ relationship: Contact['relationship']; name: string; email: string | null; phone: string | null }>(
    sql`SELECT relationship, name, email, phone FROM payer_contacts WHERE source_id = ${sourceId} LIMIT 1`,
  );
  return row && { sourceId, ...row };
}

export function listContacts(store: Store, payerId: string): Contact[] {
  return store.all<{ source_id: string; relationship: Contact['relationship']; name: string; email: string | null; phone: string | null }>(
    sql`SELECT source_id, relationship, name, email, phone FROM payer_contacts WHERE payer_id = ${payerId} ORDER BY name, id`,
  ).map((r) => ({ sourceId: r.source_id, relationship: r.relationship, name: r.name, email: r.email, phone: r.phone }));
}

export function insertImport(store: Store, row: { id: string; requestId: string; mode: RosterMode; sourceName: string; digest: string; actorId: string | null; actorName: string }, at: Date): void {
  store.run(sql`INSERT INTO roster_imports (id, request_id, mode, source_name, digest, state, counts_json, actor_id, actor_name, started_at, finished_at)
    VALUES (${row.id}, ${row.requestId}, ${row.mode}, ${row.sourceName}, ${row.digest}, 'running', '{}', ${row.actorId}, ${row.actorName}, ${at.toISOString()}, NULL)`);
}

export function finishImport(store: Store, id: string, state: 'done' | 'cancelled' | 'failed', counts: RosterReport['counts'] | null, at: Date): void {
  store.run(sql`UPDATE roster_imports SET state = ${state}, counts_json = ${JSON.stringify(counts ?? {})}, finished_at = ${at.toISOString()} WHERE id = ${id}`);
}

type ImportRow = { id: string; mode: RosterMode; source_name: string; digest: string; state: 'running' | 'done' | 'cancelled' | 'failed'; counts_json: string; actor_name: string; started_at: string; finished_at: string | null };

/**
 * What an interrupted import's row holds: the process stopped (a crash, a kill, a power cut)
 * while it ran, so it never finished and never will. Kept as state `failed` with this in
 * `counts_json` (no counts are known) because 0016's CHECK allows only the four states and a
 * table rebuild for a fifth was not worth a schema step; `listImports` shows it as `interrupted`.
 */
const INTERRUPTED = JSON.stringify({ interrupted: true });

/**
 * Imports a stopped process left `running`: only one process opens a store and an import
 * runs inside it, so at open every such row is one that will never finish. Marked failed
 * (interrupted) with the moment it was found, in the same transaction as the caller's audit.
 */
export const hasRunningImports = (store: Store): boolean => store.get(sql`SELECT 1 AS x FROM roster_imports WHERE state = 'running' LIMIT 1`) !== undefined;

export function markInterruptedImports(store: Store, at: Date): { id: string; requestId: string; sourceName: string; startedAt: string }[] {
  const rows = store.all<{ id: string; request_id: string; source_name: string; started_at: string }>(sql`SELECT id, request_id, source_name, started_at FROM roster_imports WHERE state = 'running'`);
  for (const r of rows) store.run(sql`UPDATE roster_imports SET state = 'failed', counts_json = ${INTERRUPTED}, finished_at = ${at.toISOString()} WHERE id = ${r.id} AND state = 'running'`);
  return rows.map((r) => ({ id: r.id, requestId: r.request_id, sourceName: r.source_name, startedAt: r.started_at }));
}

export function listImports(store: Store, limit: number) {
  return store.all<ImportRow>(sql`SELECT * FROM roster_imports ORDER BY started_at DESC, id DESC LIMIT ${limit}`).map((r) => {
    const parsed = JSON.parse(r.counts_json) as Partial<RosterReport['counts']> & { interrupted?: boolean };
    const counts = parsed.products && parsed.payers && parsed.enrollments ? { products: parsed.products, payers: parsed.payers, enrollments: parsed.enrollments } : null;
    return {
      id: r.id,
      mode: r.mode,
      sourceName: r.source_name,
      digest: r.digest,
      state: r.state === 'failed' && parsed.interrupted === true ? ('interrupted' as const) : r.state,
      counts,
      actorName: r.actor_name,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    };
  });
}

export function listFlagged(store: Store, limit: number) {
  return store.all<{ sourced_id: string; enrollment_id: string; payer_name: string; product_name: string; status: string }>(sql`
    SELECT l.sourced_id, e.id AS enrollment_id, p.name AS payer_name, pr.name AS product_name, e.status
    FROM roster_links l JOIN enrollments e ON e.id = l.entity_id JOIN payers p ON p.id = e.payer_id JOIN products pr ON pr.id = e.product_id
    WHERE l.kind = 'enrollment' AND l.flag = 'remove' AND e.status = 'active'
    ORDER BY p.name_key, e.id LIMIT ${limit}`).map((r) => ({ enrollmentId: r.enrollment_id, sourcedId: r.sourced_id, payerName: r.payer_name, productName: r.product_name, status: r.status }));
}

/** Status and plan of every enrollment an import made, by enrollment id: read once per run. */
export function linkedEnrollmentStates(store: Store): Map<string, { status: string; planId: string }> {
  const rows = store.all<{ id: string; status: string; plan_id: string }>(sql`
    SELECT e.id, e.status, e.plan_id FROM roster_links l JOIN enrollments e ON e.id = l.entity_id WHERE l.kind = 'enrollment'`);
  return new Map(rows.map((r) => [r.id, { status: r.status, planId: r.plan_id }]));
}

/** What the import needs to know of an enrollment it made: one indexed read. */
export function enrollmentFacts(store: Store, id: string): { id: string; status: string; planId: string; payerName: string; productName: string } | undefined {
  return store.get<{ id: string; status: string; planId: string; payerName: string; productName: string }>(sql`
    SELECT e.id, e.status, e.plan_id AS planId, p.name AS payerName, pr.name AS productName
    FROM enrollments e JOIN payers p ON p.id = e.payer_id JOIN products pr ON pr.id = e.product_id WHERE e.id = ${id}`);
}
