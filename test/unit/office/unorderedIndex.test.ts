import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

/** Every string or template literal of a file (enough for SQL text: no nesting inside it). */
function literals(text: string): string[] {
  return [...text.matchAll(/`[^`]*`|'(?:[^'\\\n]|\\.)*'/g)].map((m) => m[0]);
}

/**
 * A query for this desk's entries the office has not ordered yet (`cursor IS NULL`) must name
 * the partial index: SQLite's planner otherwise took the UNIQUE `cursor` index for `cursor IS
 * NULL` and walked every such entry (the apply bench, README "One office, many desks"), which on
 * a desk back from a week offline is thousands of rows per call.
 */
describe('queries for unordered office entries', () => {
  it('name the partial index (INDEXED BY office_entries_unordered or _unsent)', () => {
    const offenders: string[] = [];
    let seen = 0;
    // Not the migrations: their DDL creates these indexes.
    for (const file of sourceFiles(join(ROOT, 'electron')).filter((f) => !f.includes(join('electron', 'store', 'migrations')))) {
      for (const sql of literals(readFileSync(file, 'utf8'))) {
        if (!/\bSELECT\b/.test(sql) || !/office_entries/.test(sql) || !/\bcursor IS NULL/.test(sql)) continue;
        seen += 1;
        if (!/INDEXED BY office_entries_(unordered|unsent)\b/.test(sql)) offenders.push(`${relative(ROOT, file)}: ${sql.slice(0, 120)}`);
      }
    }
    expect(seen, 'the scan found the queries it checks').toBeGreaterThanOrEqual(6);
    expect(offenders).toEqual([]);
  });
});
