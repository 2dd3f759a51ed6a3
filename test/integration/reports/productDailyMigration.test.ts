import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store/store';
import { migrations } from '../../../electron/store/migrations';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { tempDir } from '../../support/core';

const upTo = (version: number) => migrations.filter((m) => m.version <= version);

describe('migration 0011-report-product-daily', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('fills enrollment_daily, revenue_product_daily, revenue_method_daily and drawer_session_totals from an existing store, keeps them with triggers, and names a tampered row', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir, 'bursar.sqlite');
    const v7 = openStore({ file, migrations: upTo(7) });
    const db = v7.raw;
    const ts = '2025-01-01T00:00:00Z';
    db.prepare(`INSERT INTO products (id, type, name, price, currency, created_at, updated_at) VALUES ('p1', 'course', 'One', 100, 'USD', ?, ?)`).run(ts, ts);
    db.prepare(`INSERT INTO payment_plans (id, product_id, name, kind, currency, first_due_rule, created_at, updated_at) VALUES ('l1', 'p1', 'Full', 'full', 'USD', 'enrollment_date', ?, ?)`).run(ts, ts);
    db.prepare(`INSERT INTO payers (id, name, name_key, created_at, updated_at) VALUES ('y1', 'Y', 'y', ?, ?), ('y2', 'Z', 'z', ?, ?)`).run(ts, ts, ts, ts);
    const enroll = db.prepare(`INSERT INTO enrollments (id, payer_id, product_id, plan_id, currency, enrolled_on, status, list_price, total_amount, created_at, updated_at) VALUES (?, ?, 'p1', 'l1', 'USD', ?, ?, 100, 100, ?, ?)`);
    enroll.run('e1', 'y1', '2025-01-01', 'active', ts, ts);
    enroll.run('e2', 'y2', '2025-01-01', 'cancelled', ts, ts);
    db.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, received_at, created_at, status) VALUES ('x1', 'e1', 'y1', 'bank_transfer', 70, 'USD', ?, ?, 'completed'), ('x2', 'e1', 'y1', 'card_terminal', 30, 'USD', ?, ?, 'completed')`).run(ts, ts, ts, ts);
    const led = db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id) VALUES (?, 'payment', 'received', ?, 'USD', 'y1', 'e1', ?)`);
    led.run('2025-01-01T10:00:00Z', 70, 'x1');
    led.run('2025-01-01T11:00:00Z', 30, 'x2');
    // A drawer session with its float, a cash payment and a paid-out before the upgrade.
    db.prepare(`INSERT INTO drawer_sessions (id, desk_code, currency, status, opening_float, opened_at) VALUES ('s1', 'D1', 'USD', 'open', 50, ?)`).run(ts);
    const drawer = db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, session_id) VALUES ('2025-01-01T08:00:00Z', ?, 'drawer', ?, 'USD', 's1')`);
    drawer.run('drawer_open', 50);
    drawer.run('payment', 70);
    drawer.run('paid_out', -5);
    v7.close();

    const upgraded = openStore({ file, migrations: upTo(11) });
    try {
      const raw = upgraded.raw;
      const enrolled = () => raw.prepare('SELECT enrolled_on, status, enrollments FROM enrollment_daily WHERE enrollments <> 0 ORDER BY enrolled_on, status').all();
      const money = () => raw.prepare('SELECT product_id, day, gross, voided, refunded FROM revenue_product_daily ORDER BY day').all();
      expect(enrolled()).toEqual([
        { enrolled_on: '2025-01-01', status: 'active', enrollments: 1 },
        { enrolled_on: '2025-01-01', status: 'cancelled', enrollments: 1 },
      ]);
      // Both methods of the day in one product row.
      expect(money()).toEqual([{ product_id: 'p1', day: '2025-01-01', gross: 100, voided: 0, refunded: 0 }]);
      const byMethod = () => raw.prepare('SELECT day, method, gross, voided, payments, voids FROM revenue_method_daily ORDER BY day, method').all();
      expect(byMethod()).toEqual([
        { day: '2025-01-01', method: 'bank_transfer', gross: 70, voided: 0, payments: 1, voids: 0 },
        { day: '2025-01-01', method: 'card_terminal', gross: 30, voided: 0, payments: 1, voids: 0 },
      ]);
      const session = () => raw.prepare(`SELECT float, cash_in, cash_out, paid_in, paid_out, expected FROM drawer_session_totals WHERE session_id = 's1'`).get();
      expect(session()).toEqual({ float: 50, cash_in: 70, cash_out: 0, paid_in: 0, paid_out: 5, expected: 115 });
      expect(verifyReportSummaries(upgraded)).toEqual([]);

      // A cancellation moves the enrollment to its new status; a new enrollment is counted.
      raw.prepare(`UPDATE enrollments SET status = 'cancelled' WHERE id = 'e1'`).run();
      raw.prepare(`INSERT INTO enrollments (id, payer_id, product_id, plan_id, currency, enrolled_on, status, list_price, total_amount, created_at, updated_at) VALUES ('e3', 'y1', 'p1', 'l1', 'USD', '2025-01-02', 'active', 100, 100, ?, ?)`).run(ts, ts);
      expect(enrolled()).toEqual([
        { enrolled_on: '2025-01-01', status: 'cancelled', enrollments: 2 },
        { enrolled_on: '2025-01-02', status: 'active', enrollments: 1 },
      ]);
      // A void the next day and a payment land in the product row of their day.
      raw.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id) VALUES ('2025-01-02T09:00:00Z', 'void', 'received', -30, 'USD', 'y1', 'e1', 'x2')`).run();
      raw.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id) VALUES ('2025-01-01T12:00:00Z', 'payment', 'received', 5, 'USD', 'y1', 'e1', 'x1')`).run();
      expect(money()).toEqual([
        { product_id: 'p1', day: '2025-01-01', gross: 105, voided: 0, refunded: 0 },
        { product_id: 'p1', day: '2025-01-02', gross: 0, voided: 30, refunded: 0 },
      ]);
      expect(byMethod()).toEqual([
        { day: '2025-01-01', method: 'bank_transfer', gross: 75, voided: 0, payments: 2, voids: 0 },
        { day: '2025-01-01', method: 'card_terminal', gross: 30, voided: 0, payments: 1, voids: 0 },
        { day: '2025-01-02', method: 'card_terminal', gross: 0, voided: 30, payments: 0, voids: 1 },
      ]);
      raw.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, session_id) VALUES ('2025-01-01T09:00:00Z', 'paid_in', 'drawer', 20, 'USD', 's1')`).run();
      expect(session()).toEqual({ float: 50, cash_in: 70, cash_out: 0, paid_in: 20, paid_out: 5, expected: 135 });
      expect(verifyReportSummaries(upgraded)).toEqual([]);
      for (const table of ['revenue_product_daily', 'revenue_method_daily', 'drawer_session_totals']) {
        expect(() => raw.prepare(`DELETE FROM ${table}`).run(), table).toThrow(/append-only ledger/);
      }

      raw.prepare(`UPDATE revenue_product_daily SET gross = gross + 1 WHERE day = '2025-01-01'`).run();
      raw.prepare(`UPDATE enrollment_daily SET enrollments = 5 WHERE enrolled_on = '2025-01-02'`).run();
      raw.prepare(`UPDATE revenue_method_daily SET voids = 2 WHERE day = '2025-01-02'`).run();
      raw.prepare(`UPDATE drawer_session_totals SET paid_out = 0 WHERE session_id = 's1'`).run();
      const found = verifyReportSummaries(upgraded).join('\n');
      expect(found).toMatch(/revenue_method_daily 2025-01-02 USD card_terminal/);
      expect(found).toMatch(/drawer_session_totals s1/);
      expect(found).toMatch(/revenue_product_daily 2025-01-01 USD p1/);
      expect(found).toMatch(/enrollment_daily 2025-01-02 USD p1 active/);
    } finally {
      upgraded.close();
    }
  });
});
