import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/store/migrations';
import { openStore } from '../../../electron/store/store';
import { tempDir } from '../../support/core';

type Db = ReturnType<typeof openStore>['raw'];
const TS = '2025-01-01T00:00:00.000Z';
const COLS = 'desk, seq, at, actor_id, actor_name, override_by, action, entity_type, entity_id, request_id, before_json, after_json, prev_hash, hash';

const rows = (db: Db) => db.prepare(`SELECT ${COLS} FROM office_audit_log ORDER BY desk, seq`).all();
const pageCount = (db: Db): number => Number(db.pragma('page_count', { simple: true }));

describe('migration 0028-office-audit-rowid', () => {
  const dir = tempDir();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every other desk’s audit row as it was, in a rowid table (a 1.2 KB row no longer takes an overflow page of its own), still keyed and append-only', () => {
    const file = join(dir, 'bursar.sqlite');
    const older = openStore({ file, migrations: migrations.filter((m) => m.version < 28) });
    const insert = older.raw.prepare(`INSERT INTO office_audit_log (${COLS}) VALUES (?, ?, ?, ?, ?, NULL, 'payment.record', 'payment', ?, ?, ?, ?, ?, ?)`);
    // Rows as large as a payment's audit (before and after JSON), two desks, in no key order.
    const big = (n: number) => JSON.stringify({ note: 'x'.repeat(900), n });
    older.transaction(() => {
      for (let i = 0; i < 400; i += 1) {
        const desk = i % 2 === 0 ? 'desk_b' : 'desk_a';
        insert.run(desk, 400 - i, TS, 'u1', 'Ana', `pay_${i}`, `req_${i}`, i % 3 === 0 ? null : big(i), big(i), 'p'.repeat(64), 'h'.repeat(64));
      }
    });
    const before = rows(older.raw);
    const pagesBefore = pageCount(older.raw);
    expect(older.raw.prepare("SELECT wr FROM pragma_table_list WHERE name = 'office_audit_log'").get()).toEqual({ wr: 1 });
    older.close();

    const store = openStore({ file });
    try {
      const db = store.raw;
      expect(db.prepare("SELECT wr FROM pragma_table_list WHERE name = 'office_audit_log'").get()).toEqual({ wr: 0 });
      expect(rows(db)).toEqual(before);
      db.exec('VACUUM');
      expect(pageCount(db)).toBeLessThan(pagesBefore - 200);
      // Keyed by (desk, seq): the same row again is refused, and the restore's ON CONFLICT skips it.
      expect(() => db.prepare(`INSERT INTO office_audit_log (${COLS}) SELECT ${COLS} FROM office_audit_log LIMIT 1`).run()).toThrow(/UNIQUE/);
      expect(db.prepare(`INSERT INTO office_audit_log (${COLS}) SELECT ${COLS} FROM office_audit_log LIMIT 1 ON CONFLICT DO NOTHING`).run().changes).toBe(0);
      // Append-only as before.
      expect(() => db.prepare("UPDATE office_audit_log SET actor_name = 'x' WHERE desk = 'desk_a'").run()).toThrow(/append-only/);
      expect(() => db.prepare("DELETE FROM office_audit_log WHERE desk = 'desk_a'").run()).toThrow(/append-only/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });
});
