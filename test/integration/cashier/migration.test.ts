import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store/store';
import { m0001 } from '../../../electron/store/migrations/0001-foundation';
import { m0002 } from '../../../electron/store/migrations/0002-catalog';
import { m0003 } from '../../../electron/store/migrations/0003-cashier';
import { tempDir } from '../../support/core';

describe('migration 0003-cashier', () => {
  const dir = tempDir();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a catalog store with items: nothing paid yet, and its money constraints hold', () => {
    const file = join(dir, 'bursar.sqlite');
    const v2 = openStore({ file, migrations: [m0001, m0002] });
    const ts = '2025-01-01T00:00:00Z';
    const db2 = v2.raw;
    db2.prepare(`INSERT INTO products (id, type, name, price, currency, created_at, updated_at) VALUES ('p1', 'course', 'One', 100, 'USD', ?, ?)`).run(ts, ts);
    db2.prepare(`INSERT INTO payment_plans (id, product_id, name, kind, currency, first_due_rule, created_at, updated_at) VALUES ('l1', 'p1', 'Full', 'full', 'USD', 'enrollment_date', ?, ?)`).run(ts, ts);
    db2.prepare(`INSERT INTO payers (id, name, name_key, created_at, updated_at) VALUES ('y1', 'Y', 'y', ?, ?)`).run(ts, ts);
    db2.prepare(`INSERT INTO enrollments (id, payer_id, product_id, plan_id, currency, enrolled_on, list_price, total_amount, created_at, updated_at) VALUES ('e1', 'y1', 'p1', 'l1', 'USD', '2025-01-01', 100, 100, ?, ?)`).run(ts, ts);
    db2.prepare(`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, created_at, updated_at) VALUES ('i1', 'e1', 'p1', 'y1', 1, 'full', '2025-01-01', '2025-01-01', 100, 'USD', ?, ?)`).run(ts, ts);
    v2.close();

    const v3 = openStore({ file, migrations: [m0001, m0002, m0003] });
    const db = v3.raw;
    try {
      expect(v3.schemaVersion).toBe(3);
      expect(db.prepare(`SELECT paid_amount FROM schedule_items WHERE id = 'i1'`).get()).toEqual({ paid_amount: 0 });
      expect(() => db.prepare(`UPDATE schedule_items SET paid_amount = -1 WHERE id = 'i1'`).run()).toThrow(/CHECK/);
      db.prepare(`INSERT INTO drawer_sessions (id, desk_code, currency, status, opening_float, opened_at) VALUES ('s1', 'D', 'USD', 'open', 0, ?)`).run(ts);
      expect(() => db.prepare(`INSERT INTO drawer_sessions (id, desk_code, currency, status, opening_float, opened_at) VALUES ('s2', 'D', 'USD', 'open', 0, ?)`).run(ts)).toThrow(/UNIQUE/);
      const pay = db.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, tendered, session_id, received_at, created_at) VALUES (?, 'e1', 'y1', ?, ?, 'USD', ?, ?, ?, ?)`);
      expect(() => pay.run('x0', 'cash', 0, 0, 's1', ts, ts)).toThrow(/CHECK/);
      expect(() => pay.run('x1', 'cash', 100, null, 's1', ts, ts)).toThrow(/CHECK/); // cash without tendered
      expect(() => pay.run('x2', 'cash', 100, 100, null, ts, ts)).toThrow(/CHECK/); // cash outside a session
      pay.run('x3', 'bank_transfer', 100, null, null, ts, ts);
      expect(() => db.prepare(`UPDATE payments SET amount = 5 WHERE id = 'x3'`).run()).toThrow(/never change/);
      db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, payment_id) VALUES (?, 'payment', 'received', 100, 'USD', 'y1', 'x3')`).run(ts);
      expect(() => db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id) VALUES (?, 'payment', 'allocated', 100, 'USD', 'y1')`).run(ts)).toThrow(/CHECK/);
      expect(() => db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id) VALUES (?, 'payment', 'credit', 0, 'USD', 'y1')`).run(ts)).toThrow(/CHECK/);
      expect(() => db.prepare(`DELETE FROM ledger_entries`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`INSERT INTO outbox (id, kind, payload_json, idempotency_key, state, created_at, updated_at) VALUES ('o1', 'stripe.refund', '{}', 'k', 'lost', ?, ?)`).run(ts, ts)).toThrow(/CHECK/);
      const tables = db.prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`).all() as { name: string; strict: number }[];
      expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    } finally {
      v3.close();
    }
  });
});
