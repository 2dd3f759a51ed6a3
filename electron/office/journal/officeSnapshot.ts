import type Database from 'better-sqlite3';
import type { SqlValue } from '../../store/sql';
import { setAside } from '../../store/bulkLoad';
import type { RestoreApplySplit } from '../journalPort';
import { bulkDerivedGroups, fillDerived } from './bulkDerived';
import { columnsOf, pkColumns } from './captureTriggers';
import { journaledTables, specOf } from './tableKinds';

/**
 * An office snapshot's plaintext (the transport seals, cuts and ships it; this half never sees
 * ciphertext): the office's data and the journal's own state as this desk holds them after
 * the entries through `through`, one JSON text per line.
 *
 *   {"f":"bursar-office-snapshot","v":1,"office":…,"desk":…,"through":N}
 *   {"s":"<table>","cols":[…]}      a section: the rows that follow go to this table
 *   [v1, v2, …]                      one row, values in `cols` order (a BLOB as {"$b": base64})
 *   {"end":true,"rows":R}            the last line: a snapshot cut short is refused
 *
 * What is in it: every journaled table (offices.md: office data, drawer sessions and deposits
 * as the copies every desk holds), desk settings left out; the snapshotting desk's own audit
 * chain as that desk's rows of `office_audit_log`, beside the other desks' chains; and the
 * journal's state that every desk computes alike: which entries it holds in office order (ids,
 * desks, desk_seq, cursor, seen; not their bodies), the field clocks, allocations, row origins,
 * adjustments and conflicts. Derived tables are not in it: a restoring desk's triggers rebuild
 * them from the rows, so `office:digest` holds them to their GROUP BY as on any desk.
 * Nothing per desk leaves the desk: drawer cash is its drawer sessions' rows, which are office
 * copies already; tokens, keys, outboxes, counters, idempotency records and the desk's own
 * settings are never read.
 */
export const SNAPSHOT_FORMAT = 'bursar-office-snapshot';

export type SnapshotHeader = { f: typeof SNAPSHOT_FORMAT; v: 1; office: string; desk: string; through: number };

/** Journal bookkeeping every desk computes the same from the office order (copied as it is). */
const STATE_TABLES = ['office_field_clock', 'office_allocations', 'office_row_origin', 'office_adjustments', 'office_conflicts'] as const;
const ENTRY_COLUMNS = ['id', 'desk', 'desk_seq', 'cursor', 'seen', 'created_at'] as const;
const AUDIT_COLUMNS = ['seq', 'at', 'actor_id', 'actor_name', 'override_by', 'action', 'entity_type', 'entity_id', 'request_id', 'before_json', 'after_json', 'prev_hash', 'hash'] as const;

/** A snapshot that cannot be applied here; nothing of it stays (the caller's transaction rolls back). */
export class SnapshotFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotFormatError';
  }
}

const encodeValue = (v: unknown): unknown => (Buffer.isBuffer(v) ? { $b: v.toString('base64') } : v);
const decodeValue = (v: unknown): SqlValue => {
  if (v !== null && typeof v === 'object' && '$b' in v && typeof (v as { $b: unknown }).$b === 'string') return Buffer.from((v as { $b: string }).$b, 'base64');
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  throw new SnapshotFormatError('a snapshot row holds a value that is not a database value');
};

const withoutRowid = (db: Database.Database, table: string): boolean =>
  /WITHOUT\s+ROWID/i.test((db.prepare('SELECT sql FROM sqlite_schema WHERE type = ? AND name = ?').get('table', table) as { sql: string } | undefined)?.sql ?? '');

/** Whether this desk holds entries of its own that the office has not ordered yet: a snapshot now would hold rows the office order has not placed. */
export const hasUnorderedOwn = (db: Database.Database, deskId: string): boolean =>
  db.prepare('SELECT 1 FROM office_entries INDEXED BY office_entries_unordered WHERE desk = ? AND cursor IS NULL LIMIT 1').get(deskId) !== undefined;

/**
 * The snapshot's lines, read through `db` (the caller holds a read transaction on it, so every
 * table is read at one instant). Rows in insertion order (rowid) so a row that names an
 * earlier row of its own table comes after it.
 */
export function* snapshotLines(db: Database.Database, header: Omit<SnapshotHeader, 'f' | 'v'>): Generator<string> {
  const h: SnapshotHeader = { f: SNAPSHOT_FORMAT, v: 1, ...header };
  yield JSON.stringify(h);
  let rows = 0;
  function* section(name: string, cols: readonly string[], text: string, params: readonly SqlValue[] = []): Generator<string> {
    yield JSON.stringify({ s: name, cols });
    // Table and column names come from the classification and the schema, never from input.
    for (const row of db.prepare(text).raw().iterate(...params) as Iterable<unknown[]>) {
      rows += 1;
      yield JSON.stringify(row.some((v) => Buffer.isBuffer(v)) ? row.map(encodeValue) : row);
    }
  }
  for (const table of journaledTables) {
    const spec = specOf(table);
    if (!spec) continue;
    if (table === 'audit_log') {
      // This desk's chain becomes its rows among the office's chains on the restoring desk.
      yield* section('office_audit_log', ['desk', ...AUDIT_COLUMNS], `SELECT ?, ${AUDIT_COLUMNS.join(', ')} FROM audit_log ORDER BY seq`, [header.desk]);
      yield* section('office_audit_log', ['desk', ...AUDIT_COLUMNS], `SELECT desk, ${AUDIT_COLUMNS.join(', ')} FROM office_audit_log ORDER BY desk, seq`);
      continue;
    }
    const columns = columnsOf(db, table);
    const cols = columns.map((c) => c.name);
    const deskKeys = spec.deskKeys ?? [];
    const where = deskKeys.length > 0 ? ` WHERE key NOT IN (${deskKeys.map(() => '?').join(', ')})` : '';
    const order = withoutRowid(db, table) ? pkColumns(columns).join(', ') : 'rowid';
    yield* section(table, cols, `SELECT ${cols.join(', ')} FROM ${table}${where} ORDER BY ${order}`, deskKeys);
  }
  yield* section('office_entries', ENTRY_COLUMNS, `SELECT ${ENTRY_COLUMNS.join(', ')} FROM office_entries WHERE cursor IS NOT NULL AND cursor <= ? ORDER BY cursor`, [header.through]);
  for (const table of STATE_TABLES) {
    const cols = columnsOf(db, table).map((c) => c.name);
    yield* section(table, cols, `SELECT ${cols.join(', ')} FROM ${table}`);
  }
  yield JSON.stringify({ end: true, rows });
}

type Target = { name: string; insert: Database.Statement; cols: string[]; skip: (row: SqlValue[]) => boolean };

/**
 * Applies a snapshot's lines to this desk, synchronously, inside the caller's transaction: a
 * snapshot that is not whole, not of this office, not through `through`, or names a table or
 * column this desk does not journal throws, and the caller's rollback leaves nothing of it.
 * Rows already here are left alone (this desk's own join audit, an entry of its own the
 * snapshotting desk had already received); settings take the office's value.
 */
export function restoreSnapshot(db: Database.Database, lines: Iterable<string>, expected: { office: string; through: number; deskId: string }): { rows: number; maxHlc: string | null; split: RestoreApplySplit } {
  const allowed = new Set<string>([...journaledTables.filter((t) => t !== 'audit_log'), 'office_audit_log', 'office_entries', ...STATE_TABLES]);
  const ownEntries = new Set((db.prepare('SELECT id FROM office_entries WHERE desk = ?').all(expected.deskId) as { id: string }[]).map((r) => r.id));
  // Foreign keys are checked at commit, once every row is back.
  db.pragma('defer_foreign_keys = ON');
  // Millions of rows on a new desk: each table's non-unique indexes are built after its rows
  // (one sorted pass each, not a random B-tree insert per row), and the derived tables of an
  // empty desk filled by one GROUP BY each instead of a trigger per row (bulkDerived.ts). All
  // of it DDL in the caller's transaction: a rollback or a kill leaves the schema as it was.
  const groups = bulkDerivedGroups(db);
  const aside = setAside(db, [...allowed], groups.flatMap((g) => g.triggers));
  let header: SnapshotHeader | null = null;
  let target: Target | null = null;
  let rows = 0;
  let ended = false;
  const targets = new Map<string, Target>();
  const split: RestoreApplySplit = { parseMs: 0, insertMs: {}, rowsBy: {}, derivedMs: 0, derivedBy: {}, indexMs: 0 };

  const targetFor = (name: string, cols: unknown): Target => {
    if (!allowed.has(name)) throw new SnapshotFormatError(`the snapshot writes ${name.slice(0, 60)}, which is not office data`);
    if (!Array.isArray(cols) || cols.length === 0 || !cols.every((c) => typeof c === 'string')) throw new SnapshotFormatError(`the snapshot's section ${name} names no columns`);
    const key = `${name}|${cols.join(',')}`;
    const held = targets.get(key);
    if (held) return held;
    const here = new Set(columnsOf(db, name).map((c) => c.name));
    for (const c of cols) if (!here.has(c)) throw new SnapshotFormatError(`the snapshot writes ${name}.${c.slice(0, 60)}, which this version of Bursar does not have; update this desk`);
    const names = cols.join(', ');
    const marks = cols.map(() => '?').join(', ');
    let text = `INSERT INTO ${name} (${names}) VALUES (${marks}) ON CONFLICT DO NOTHING`;
    let skip: Target['skip'] = () => false;
    if (name === 'settings') text = `INSERT INTO settings (${names}) VALUES (${marks}) ON CONFLICT (key) DO UPDATE SET ${cols.filter((c) => c !== 'key').map((c) => `${c} = excluded.${c}`).join(', ')}`;
    if (name === 'office_entries') {
      // An entry of this desk's own the snapshotting desk had received: it takes its place in the order here.
      text = `INSERT INTO office_entries (${names}) VALUES (${marks}) ON CONFLICT (id) DO UPDATE SET cursor = excluded.cursor, sent_cursor = coalesce(sent_cursor, excluded.cursor)`;
    }
    const deskAt = cols.indexOf('desk');
    if (name === 'office_audit_log') skip = (row) => row[deskAt] === expected.deskId;
    const entryAt = cols.indexOf('entry_id');
    // This desk indexed its own entries when it wrote them.
    if (name === 'office_allocations' || name === 'office_row_origin') skip = (row) => typeof row[entryAt] === 'string' && ownEntries.has(row[entryAt]);
    const t: Target = { name, insert: db.prepare(text), cols, skip };
    targets.set(key, t);
    return t;
  };

  for (const line of lines) {
    if (line.length === 0) continue;
    if (ended) throw new SnapshotFormatError('the snapshot goes on after its end');
    let value: unknown;
    const parsedAt = performance.now();
    try {
      value = JSON.parse(line);
    } catch {
      throw new SnapshotFormatError('the snapshot holds a line that is not JSON');
    }
    split.parseMs += performance.now() - parsedAt;
    if (!header) {
      const h = value as Partial<SnapshotHeader> | null;
      if (h?.f !== SNAPSHOT_FORMAT || h.v !== 1) throw new SnapshotFormatError('this is not an office snapshot this version of Bursar reads');
      if (h.office !== expected.office) throw new SnapshotFormatError('the snapshot is of another office');
      if (h.through !== expected.through) throw new SnapshotFormatError(`the snapshot covers the journal through ${String(h.through)}, not ${expected.through} as the office hub says`);
      header = h as SnapshotHeader;
      continue;
    }
    if (Array.isArray(value)) {
      if (!target) throw new SnapshotFormatError('the snapshot has a row before any table');
      if (value.length !== target.cols.length) throw new SnapshotFormatError('a snapshot row has the wrong number of values');
      const row = value.map(decodeValue);
      rows += 1;
      if (!target.skip(row)) {
        const at = performance.now();
        target.insert.run(...row);
        split.insertMs[target.name] = (split.insertMs[target.name] ?? 0) + performance.now() - at;
        split.rowsBy[target.name] = (split.rowsBy[target.name] ?? 0) + 1;
      }
      continue;
    }
    const v = value as { s?: unknown; cols?: unknown; end?: unknown; rows?: unknown } | null;
    if (v && typeof v.s === 'string') {
      target = targetFor(v.s, v.cols);
      continue;
    }
    if (v?.end === true) {
      if (v.rows !== rows) throw new SnapshotFormatError(`the snapshot says it holds ${String(v.rows)} rows but ${rows} arrived`);
      ended = true;
      continue;
    }
    throw new SnapshotFormatError('the snapshot holds a line this version of Bursar does not read');
  }
  if (!header || !ended) throw new SnapshotFormatError('the snapshot is cut short');
  let at = performance.now();
  split.derivedBy = fillDerived(db, groups);
  split.derivedMs = performance.now() - at;
  at = performance.now();
  aside.rebuild();
  split.indexMs = performance.now() - at;
  const maxHlc = (db.prepare('SELECT max(hlc) AS h FROM office_field_clock').get() as { h: string | null }).h;
  return { rows, maxHlc, split };
}
