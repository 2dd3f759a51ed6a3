import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/store/migrations';
import { openStore } from '../../../electron/store/store';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { tempDir } from '../../support/core';
import { insertOneEnrollment } from '../../support/migrationRows';

const TS = '2025-01-01T00:00:00.000Z';
type Db = ReturnType<typeof openStore>['raw'];

/** A version-11 store (just before this migration): items of every state, rowids out of id order, and every kind of row that points at an item. */
function fillBefore(file: string): void {
  const older = openStore({ file, migrations: migrations.slice(0, 11) });
  const db = older.raw;
  try {
    insertOneEnrollment(db, TS);
    const item = db.prepare(`INSERT INTO schedule_items (rowid, id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, state, state_reason, paused_on, created_at, updated_at)
      VALUES (?, ?, 'e1', 'p1', 'y1', ?, ?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?)`);
    item.run(7, 'i1', 1, 'deposit', '2025-01-01', '2025-01-01', 200, 'open', null, null, TS, TS);
    item.run(3, 'i2', 2, 'installment', '2025-02-01', '2025-01-25', 300, 'paused', 'leave', '2025-01-20', TS, TS);
    item.run(12, 'i3', 3, 'installment', '2025-03-01', '2025-03-01', 300, 'waived', 'scholarship', null, TS, TS);
    item.run(5, 'i4', 4, 'installment', '2025-04-01', '2025-04-01', 200, 'open', null, null, TS, TS);
    db.prepare(`INSERT INTO drawer_sessions (id, desk_code, currency, status, opening_float, opened_at) VALUES ('s1', 'D', 'USD', 'open', 0, ?)`).run(TS);
    db.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, reference, received_at, created_at) VALUES ('pay_01', 'e1', 'y1', 'bank_transfer', 350, 'USD', 'T', ?, ?)`).run(TS, TS);
    const led = db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, item_id, payment_id) VALUES (?, 'payment', ?, ?, 'USD', 'y1', 'e1', ?, 'pay_01')`);
    led.run(TS, 'received', 350, null);
    led.run(TS, 'allocated', 200, 'i1');
    led.run(TS, 'allocated', 150, 'i4');
    db.prepare(`UPDATE schedule_items SET paid_amount = 200 WHERE id = 'i1'`).run();
    db.prepare(`UPDATE schedule_items SET paid_amount = 150 WHERE id = 'i4'`).run();
    db.prepare(`INSERT INTO stripe_invoices (id, source, enrollment_id, payer_id, item_ids_json, amount, currency, status, created_at, updated_at)
      VALUES ('binv_1', 'invoice', 'e1', 'y1', '["i2"]', 300, 'USD', 'open', ?, ?)`).run(TS, TS);
    db.prepare(`INSERT INTO delinquent_items (item_id, invoice_row_id, reason, since) VALUES ('i2', 'binv_1', 'card declined', ?)`).run(TS);
  } finally {
    older.close();
  }
}

const schemaOf = (db: Db, type: 'index' | 'trigger', table = 'schedule_items') =>
  db.prepare(`SELECT name, sql FROM sqlite_schema WHERE type = ? AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`).all(type, table) as { name: string; sql: string }[];
const dump = (db: Db) => ({
  items: db.prepare('SELECT rowid AS rid, * FROM schedule_items ORDER BY rowid').all() as Record<string, unknown>[],
  itemTotals: db.prepare('SELECT * FROM item_totals ORDER BY 1, 2, 3, 4, 5').all(),
  outstanding: db.prepare('SELECT * FROM payer_outstanding ORDER BY 1, 2').all(),
  ledger: db.prepare('SELECT * FROM ledger_entries ORDER BY seq').all(),
  delinquent: db.prepare('SELECT * FROM delinquent_items').all(),
});

describe('migration 0012-late-fee-items', () => {
  const dir = tempDir();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds schedule_items with late_fee and fee_for_item_id, keeping every row, rowid, index, trigger, foreign key and summary', () => {
    const file = join(dir, 'bursar.sqlite');
    fillBefore(file);
    const before = openStore({ file, migrations: migrations.slice(0, 11) });
    const rowsBefore = dump(before.raw);
    const indexesBefore = schemaOf(before.raw, 'index');
    const triggersBefore = schemaOf(before.raw, 'trigger');
    const ledgerIndexesBefore = schemaOf(before.raw, 'index', 'ledger_entries');
    before.close();
    expect(indexesBefore.map((i) => i.name)).toEqual(['schedule_items_due', 'schedule_items_payer', 'schedule_items_product_state_due', 'schedule_items_state_due', 'schedule_items_unpaid_due']);
    expect(triggersBefore.map((t) => t.name)).toEqual(['schedule_items_no_delete_totals', 'schedule_items_totals_insert', 'schedule_items_totals_update']);

    const upgraded = openStore({ file, migrations: migrations.slice(0, 12) });
    const db = upgraded.raw;
    try {
      expect(upgraded.schemaVersion).toBe(12);
      const after = dump(db);
      expect(after.items).toEqual(rowsBefore.items.map((r) => ({ ...r, fee_for_item_id: null })));
      expect({ ...after, items: null }).toEqual({ ...rowsBefore, items: null });
      // Every index and trigger as it was (same SQL), plus the one-fee-per-item index.
      expect(schemaOf(db, 'trigger')).toEqual(triggersBefore);
      expect(schemaOf(db, 'index')).toEqual(
        [...indexesBefore, { name: 'schedule_items_fee_for', sql: 'CREATE UNIQUE INDEX schedule_items_fee_for ON schedule_items (fee_for_item_id) WHERE fee_for_item_id IS NOT NULL' }].sort((x, y) => x.name.localeCompare(y.name)),
      );
      expect(db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name = 'schedule_items'`).all()).toEqual([{ name: 'schedule_items', strict: 1 }]);
      // The scratch table and the ledger index the rebuild needed for its foreign-key lookups are gone.
      expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'migrate_0012_%'`).get()).toEqual({ n: 0 });
      expect(schemaOf(db, 'index', 'ledger_entries')).toEqual(ledgerIndexesBefore);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('defer_foreign_keys', { simple: true })).toBe(0);
      expect(verifyReportSummaries(upgraded)).toEqual([]);

      const insert = db.prepare(`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, created_at, updated_at, fee_for_item_id)
        VALUES (?, 'e1', 'p1', 'y1', ?, ?, '2025-02-10', '2025-02-10', 25, 'USD', ?, ?, ?)`);
      // A late fee needs the item it is for, and only a late fee has one; one fee per item.
      expect(() => insert.run('f0', 5, 'late_fee', TS, TS, null)).toThrow(/CHECK/);
      expect(() => insert.run('f0', 5, 'installment', TS, TS, 'i4')).toThrow(/CHECK/);
      expect(() => insert.run('f0', 5, 'surcharge', TS, TS, null)).toThrow(/CHECK/);
      expect(() => insert.run('f0', 5, 'late_fee', TS, TS, 'i_nope')).toThrow(/FOREIGN KEY/);
      insert.run('f1', 5, 'late_fee', TS, TS, 'i4');
      expect(() => insert.run('f2', 6, 'late_fee', TS, TS, 'i4')).toThrow(/UNIQUE/);
      expect(() => insert.run('f3', 5, 'installment', TS, TS, null)).toThrow(/UNIQUE/);
      // The totals triggers follow the new row and its payment; deletes are still refused.
      db.prepare(`UPDATE schedule_items SET paid_amount = 25 WHERE id = 'f1'`).run();
      expect(verifyReportSummaries(upgraded)).toEqual([]);
      expect(db.prepare(`SELECT amount FROM payer_outstanding WHERE payer_id = 'y1'`).get()).toEqual({ amount: 50 + 300 });
      expect(() => db.prepare(`DELETE FROM schedule_items WHERE id = 'f1'`).run()).toThrow(/never deleted/);
      expect(() => db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, item_id) VALUES (?, 'payment', 'allocated', 5, 'USD', 'y1', 'i_nope')`).run(TS)).toThrow(/FOREIGN KEY/);
    } finally {
      upgraded.close();
    }
  });
});
