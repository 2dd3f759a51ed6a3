import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import { BULK_DERIVED } from '../../../electron/office/journal/bulkDerived';
import { restoreSnapshot, SnapshotFormatError, snapshotLines } from '../../../electron/office/journal/officeSnapshot';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { openStore } from '../../../electron/store/store';
import type { Store } from '../../../electron/store/store';
import { seedStore } from '../../../scripts/seed/seedStore';
import { tempDir } from '../../support/core';

/**
 * A snapshot restore on a new desk builds each table's non-unique indexes after its rows and
 * fills the derived tables by GROUP BY instead of a trigger per row (bulkDerived.ts): the
 * schema after is the schema before, the derived tables hold what the source desk's triggers
 * made, and a restore that fails leaves the schema and the tables as they were.
 */

/** Every index, trigger and table as sqlite_schema holds it (its CREATE text byte for byte). */
const schemaOf = (db: Database.Database) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

/** A derived table's rows that carry something (a trigger-kept table keeps the keys it emptied by an update, at 0). */
const DERIVED: Record<string, string> = {
  revenue_daily: 'SELECT * FROM revenue_daily ORDER BY 1, 2, 3, 4',
  revenue_method_daily: 'SELECT * FROM revenue_method_daily ORDER BY 1, 2, 3',
  revenue_product_daily: 'SELECT * FROM revenue_product_daily ORDER BY 1, 2, 3',
  drawer_session_totals: 'SELECT * FROM drawer_session_totals ORDER BY 1',
  item_totals: 'SELECT * FROM item_totals WHERE items <> 0 OR amount <> 0 OR paid <> 0 ORDER BY state, due_date, product_id, currency, paid_class',
  payer_outstanding: 'SELECT * FROM payer_outstanding WHERE amount <> 0 ORDER BY 1, 2',
  enrollment_daily: 'SELECT * FROM enrollment_daily WHERE enrollments <> 0 ORDER BY 1, 2, 3, 4',
  payer_grams: 'SELECT * FROM payer_grams ORDER BY 1, 2',
};
const derivedOf = (db: Database.Database) => Object.fromEntries(Object.entries(DERIVED).map(([t, q]) => [t, db.prepare(q).all()]));
const countOf = (db: Database.Database, table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('a snapshot restored in bulk', () => {
  const dirs: string[] = [];
  let source: Store;
  let lines: string[];
  const fresh = (): Store => {
    const dir = tempDir('bursar-bulk-');
    dirs.push(dir);
    return openStore({ file: join(dir, DATABASE_FILE) });
  };

  beforeAll(async () => {
    const dir = tempDir('bursar-bulk-src-');
    dirs.push(dir);
    // Every payment method, voids, refunds, drawer moves, payers with emails and phones.
    await seedStore({ dataDir: dir, seed: 3, counts: { enrollments: 120, payments: 900, users: 2, settingsUpdates: 20 } });
    source = openStore({ file: join(dir, DATABASE_FILE) });
    lines = [...snapshotLines(source.raw, { office: 'office-1', desk: 'desk-a', through: 0 })];
  }, 180_000);
  afterAll(() => {
    source?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('leaves the schema byte for byte as it was, and the derived tables as the source desk’s triggers made them', () => {
    const target = fresh();
    try {
      const before = schemaOf(target.raw);
      for (const g of BULK_DERIVED) for (const t of g.empty) expect(countOf(target.raw, t), `${t} empty on a new desk`).toBe(0);
      const r = target.transaction(() => restoreSnapshot(target.raw, lines, { office: 'office-1', through: 0, deskId: 'desk-c' }));
      expect(r.rows).toBeGreaterThan(5_000);
      expect(r.split.indexMs).toBeGreaterThan(0);
      expect(schemaOf(target.raw)).toEqual(before);
      expect(target.raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(target.raw.pragma('foreign_key_check')).toEqual([]);
      expect(verifyReportSummaries(target)).toEqual([]);
      const derived = derivedOf(target.raw);
      for (const t of ['revenue_daily', 'drawer_session_totals', 'item_totals', 'payer_outstanding', 'enrollment_daily', 'payer_grams']) expect(derived[t]?.length, t).toBeGreaterThan(0);
      expect(derived).toEqual(derivedOf(source.raw));
      // The triggers are back: a row written after the restore is summarised as before.
      const before2 = countOf(target.raw, 'payer_grams');
      target.transaction(() => target.raw.prepare("INSERT INTO payers (id, name, name_key, created_at, updated_at) VALUES ('payer-after', 'Zed Qx', 'zed qx', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')").run());
      expect(countOf(target.raw, 'payer_grams')).toBeGreaterThan(before2);
    } finally {
      target.close();
    }
  });

  it('a restore that fails after its rows are in (cut short) leaves nothing: the schema, the rows and the derived tables as before', () => {
    const target = fresh();
    try {
      const before = schemaOf(target.raw);
      const counts = (): Record<string, number> => Object.fromEntries(['payments', 'ledger_entries', 'schedule_items', 'payers', 'revenue_daily', 'payer_grams', 'item_totals'].map((t) => [t, countOf(target.raw, t)]));
      const emptyCounts = counts();
      expect(() => target.transaction(() => restoreSnapshot(target.raw, lines.slice(0, -1), { office: 'office-1', through: 0, deskId: 'desk-c' }))).toThrow(SnapshotFormatError);
      expect(schemaOf(target.raw)).toEqual(before);
      expect(counts()).toEqual(emptyCounts);
      // And the same store then takes the whole snapshot.
      target.transaction(() => restoreSnapshot(target.raw, lines, { office: 'office-1', through: 0, deskId: 'desk-c' }));
      expect(schemaOf(target.raw)).toEqual(before);
      expect(verifyReportSummaries(target)).toEqual([]);
      expect(derivedOf(target.raw)).toEqual(derivedOf(source.raw));
    } finally {
      target.close();
    }
  });
});
