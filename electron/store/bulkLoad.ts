import type Database from 'better-sqlite3';

/**
 * A bulk load's schema set aside: what `setAside` dropped, to be made again by `rebuild` from
 * its own CREATE text, as sqlite_schema held it (so the schema after is the schema before).
 */
export type SetAside = {
  /** Names of the indexes and triggers dropped, in the order they were. */
  readonly dropped: readonly string[];
  /** Creates every dropped index and trigger again, in their order; the time spent on each kind. */
  rebuild(): { indexMs: number; triggerMs: number };
};

type SchemaRow = { type: 'index' | 'trigger'; name: string; sql: string };

const UNIQUE = /^\s*CREATE\s+UNIQUE\s/i;

/** An SQL identifier quoted for DDL (names come from sqlite_schema, never from input). */
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Inside the caller's write transaction, before it inserts a great many rows into `tables`:
 * drops their secondary indexes that are not UNIQUE (a UNIQUE one stays: an INSERT … ON
 * CONFLICT relies on it, and it refuses a duplicate as the rows arrive), and the named
 * `triggers`. Each dropped index is built again by `rebuild()` in one sorted pass over the
 * finished table instead of a random B-tree insert per row; the caller rebuilds what the
 * dropped triggers would have written before calling `rebuild()` (their tables by a GROUP BY).
 * Everything is DDL inside the caller's transaction: a rollback, or a kill, leaves the schema
 * as it was. Index and trigger text is sqlite_schema's own, so `rebuild()` leaves sqlite_schema's
 * `sql` byte for byte as it was (`rootpage` and the rows' order in sqlite_schema differ).
 */
export function setAside(db: Database.Database, tables: readonly string[], triggers: readonly string[]): SetAside {
  if (!db.inTransaction) throw new Error('setAside runs inside the caller’s write transaction');
  const wanted = new Set(tables);
  const named = new Set(triggers);
  const rows = db.prepare("SELECT type, name, tbl_name AS tbl, sql FROM main.sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid").all() as (SchemaRow & { tbl: string })[];
  const dropped: SchemaRow[] = [];
  for (const r of rows) {
    const drop = r.type === 'index' ? wanted.has(r.tbl) && !UNIQUE.test(r.sql) : named.has(r.name);
    if (!drop) continue;
    const text = `DROP ${r.type === 'index' ? 'INDEX' : 'TRIGGER'} main.${ident(r.name)}`;
    db.exec(text);
    dropped.push({ type: r.type, name: r.name, sql: r.sql });
  }
  const missing = triggers.filter((t) => !dropped.some((d) => d.type === 'trigger' && d.name === t));
  if (missing.length > 0) throw new Error(`setAside: no trigger named ${missing.join(', ')}`);
  return {
    dropped: dropped.map((d) => d.name),
    rebuild() {
      let indexMs = 0;
      let triggerMs = 0;
      for (const d of dropped) {
        const at = performance.now();
        db.exec(d.sql);
        if (d.type === 'index') indexMs += performance.now() - at;
        else triggerMs += performance.now() - at;
      }
      return { indexMs, triggerMs };
    },
  };
}
