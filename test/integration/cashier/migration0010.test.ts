import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/store/migrations';
import { openStore } from '../../../electron/store/store';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { tempDir } from '../../support/core';
import { insertOneEnrollment } from '../../support/migrationRows';

const TS = '2025-01-01T00:00:00.000Z';

/** A version-9 store (just before this migration) with payments of every shape and every kind of row that points at them. */
function fillBefore(file: string): void {
  const older = openStore({ file, migrations: migrations.slice(0, 9) });
  const db = older.raw;
  try {
    insertOneEnrollment(db, TS);
    db.prepare(`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, created_at, updated_at) VALUES ('i1', 'e1', 'p1', 'y1', 1, 'full', '2025-01-01', '2025-01-01', 1000, 'USD', ?, ?)`).run(TS, TS);
    db.prepare(`INSERT INTO drawer_sessions (id, desk_code, currency, status, opening_float, opened_at) VALUES ('s1', 'D', 'USD', 'open', 0, ?)`).run(TS);
    const pay = db.prepare(`INSERT INTO payments (id, request_id, enrollment_id, payer_id, method, amount, currency, tendered, change_due, check_number, stripe_payment_intent_id, stripe_charge_id,
        session_id, received_at, status, voided_at, void_reason, created_at) VALUES (?, ?, 'e1', 'y1', ?, ?, 'USD', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    pay.run('pay_01', 'req-1', 'cash', 300, 500, 200, null, null, null, 's1', '2025-01-01T10:00:00.000Z', 'completed', null, null, TS);
    pay.run('pay_02', 'req-2', 'check', 200, null, null, '1001', null, null, 's1', '2025-01-01T11:00:00.000Z', 'voided', '2025-01-01T11:30:00.000Z', 'keyed twice', TS);
    pay.run('pay_03', null, 'card', 400, null, null, null, 'pi_1', 'ch_1', null, '2025-01-02T09:00:00.000Z', 'completed', null, null, TS);
    const receipt = db.prepare(`INSERT INTO receipts (id, desk_code, seq, number, payment_id, status, issued_at, voided_at) VALUES (?, 'D', ?, ?, ?, ?, ?, ?)`);
    receipt.run('rct_01', 1, 'D-000001', 'pay_01', 'issued', TS, null);
    receipt.run('rct_02', 2, 'D-000002', 'pay_02', 'void', TS, '2025-01-01T11:30:00.000Z');
    receipt.run('rct_03', 3, 'D-000003', 'pay_03', 'issued', TS, null);
    db.prepare(`INSERT INTO refunds (id, operation_id, enrollment_id, payer_id, payment_id, method, amount, currency, source, status, reason, created_at, updated_at)
      VALUES ('r1', 'o1', 'e1', 'y1', 'pay_03', 'card', 100, 'USD', 'enrollment', 'succeeded', 'goodwill', ?, ?)`).run(TS, TS);
    db.prepare(`INSERT INTO stripe_invoices (id, source, enrollment_id, payer_id, item_ids_json, amount, currency, status, payment_id, created_at, updated_at)
      VALUES ('binv_1', 'invoice', 'e1', 'y1', '["i1"]', 400, 'USD', 'paid', 'pay_03', ?, ?)`).run(TS, TS);
    const led = db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, item_id, payment_id, refund_id, session_id) VALUES (?, ?, ?, ?, 'USD', ?, ?, ?, ?, ?, ?)`);
    led.run(TS, 'payment', 'received', 300, 'y1', 'e1', null, 'pay_01', null, null);
    led.run(TS, 'payment', 'allocated', 300, 'y1', 'e1', 'i1', 'pay_01', null, null);
    led.run(TS, 'payment', 'drawer', 300, 'y1', null, null, 'pay_01', null, 's1');
    led.run(TS, 'payment', 'received', 400, 'y1', 'e1', null, 'pay_03', null, null);
    led.run(TS, 'payment', 'credit', 400, 'y1', 'e1', null, 'pay_03', null, null);
    led.run(TS, 'refund', 'refunded', 100, 'y1', 'e1', null, 'pay_03', 'r1', null);
    led.run(TS, 'refund', 'credit', -100, 'y1', 'e1', null, 'pay_03', 'r1', null);
  } finally {
    older.close();
  }
}

const indexes = (db: ReturnType<typeof openStore>['raw'], table: string): string[] =>
  (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name`).all(table) as { name: string }[]).map((r) => r.name);

describe('migration 0010-cashier-write-path', () => {
  const dir = tempDir();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rebuilds payments and receipts as WITHOUT ROWID tables with every row, constraint, trigger and foreign key kept', () => {
    const file = join(dir, 'bursar.sqlite');
    fillBefore(file);
    const before = openStore({ file, migrations: migrations.slice(0, 9) });
    const dump = (db: ReturnType<typeof openStore>['raw']) => ({
      payments: db.prepare('SELECT * FROM payments ORDER BY id').all(),
      receipts: db.prepare('SELECT * FROM receipts ORDER BY id').all(),
      revenue: db.prepare('SELECT * FROM revenue_daily ORDER BY 1, 2, 3, 4').all(),
    });
    const rowsBefore = dump(before.raw);
    before.close();

    const upgraded = openStore({ file, migrations: migrations.slice(0, 10) });
    const db = upgraded.raw;
    try {
      expect(upgraded.schemaVersion).toBe(10);
      expect(dump(db)).toEqual(rowsBefore);
      const shape = db.prepare(`SELECT name, wr, strict FROM pragma_table_list WHERE schema = 'main' AND name IN ('payments', 'receipts') ORDER BY name`).all();
      expect(shape).toEqual([{ name: 'payments', wr: 1, strict: 1 }, { name: 'receipts', wr: 1, strict: 1 }]);
      expect(indexes(db, 'payments')).toEqual(['payments_enrollment', 'payments_received', 'payments_session', 'payments_stripe_charge', 'payments_stripe_intent']);
      expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name LIKE 'migrate_0010_%'`).get()).toEqual({ n: 0 });
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('defer_foreign_keys', { simple: true })).toBe(0);

      // Triggers of 0003 are back.
      expect(() => db.prepare(`DELETE FROM payments WHERE id = 'pay_01'`).run()).toThrow(/never deleted/);
      expect(() => db.prepare(`UPDATE payments SET amount = 1 WHERE id = 'pay_01'`).run()).toThrow(/never change/);
      expect(() => db.prepare(`DELETE FROM receipts WHERE id = 'rct_01'`).run()).toThrow(/never deleted/);
      // CHECKs, uniqueness and foreign keys hold on the new tables.
      const pay = db.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, tendered, session_id, stripe_payment_intent_id, received_at, created_at) VALUES (?, 'e1', 'y1', ?, 100, 'USD', ?, ?, ?, ?, ?)`);
      expect(() => pay.run('pay_x1', 'cash', null, 's1', null, TS, TS)).toThrow(/CHECK/);
      expect(() => pay.run('pay_x2', 'card', null, null, 'pi_1', TS, TS)).toThrow(/UNIQUE/);
      expect(() => pay.run('pay_01', 'bank_transfer', null, null, null, TS, TS)).toThrow(/UNIQUE|PRIMARY KEY/);
      expect(() => db.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, received_at, created_at) VALUES ('pay_x3', 'nope', 'y1', 'bank_transfer', 1, 'USD', ?, ?)`).run(TS, TS)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare(`INSERT INTO receipts (id, desk_code, seq, number, payment_id, status, issued_at) VALUES ('rct_x', 'D', 9, 'D-000009', 'pay_nope', 'issued', ?)`).run(TS)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare(`INSERT INTO receipts (id, desk_code, seq, number, payment_id, status, issued_at) VALUES ('rct_y', 'D', 1, 'D-000001', 'pay_03', 'issued', ?)`).run(TS)).toThrow(/UNIQUE/);
      expect(() => db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, payment_id) VALUES (?, 'payment', 'received', 5, 'USD', 'y1', 'pay_nope')`).run(TS)).toThrow(/FOREIGN KEY/);

      // The reports trigger of 0005 reads the payment's method through the new key.
      pay.run('pay_04', 'bank_transfer', null, null, null, '2025-01-03T09:00:00.000Z', TS);
      db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id) VALUES ('2025-01-03T09:00:00.000Z', 'payment', 'received', 100, 'USD', 'y1', 'e1', 'pay_04')`).run();
      expect(db.prepare(`SELECT method, gross, payments FROM revenue_daily WHERE day = '2025-01-03'`).all()).toEqual([{ method: 'bank_transfer', gross: 100, payments: 1 }]);
      expect(verifyReportSummaries(upgraded)).toEqual([]);
    } finally {
      upgraded.close();
    }
  });
});
