import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store/store';
import { migrations } from '../../../electron/store/migrations';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { tempDir } from '../../support/core';

describe('migration 0005-reports', () => {
  const dir = tempDir();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('fills revenue_daily from an existing ledger, keeps it with the trigger afterwards, and refuses deleting it', () => {
    const file = join(dir, 'bursar.sqlite');
    const v4 = openStore({ file, migrations: migrations.slice(0, 4) });
    const db4 = v4.raw;
    const ts = '2025-01-01T00:00:00Z';
    db4.prepare(`INSERT INTO products (id, type, name, price, currency, created_at, updated_at) VALUES ('p1', 'course', 'One', 100, 'USD', ?, ?)`).run(ts, ts);
    db4.prepare(`INSERT INTO payment_plans (id, product_id, name, kind, currency, first_due_rule, created_at, updated_at) VALUES ('l1', 'p1', 'Full', 'full', 'USD', 'enrollment_date', ?, ?)`).run(ts, ts);
    db4.prepare(`INSERT INTO payers (id, name, name_key, created_at, updated_at) VALUES ('y1', 'Y', 'y', ?, ?)`).run(ts, ts);
    db4.prepare(`INSERT INTO enrollments (id, payer_id, product_id, plan_id, currency, enrolled_on, list_price, total_amount, created_at, updated_at) VALUES ('e1', 'y1', 'p1', 'l1', 'USD', '2025-01-01', 100, 100, ?, ?)`).run(ts, ts);
    const pay = db4.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, received_at, created_at, status, voided_at) VALUES (?, 'e1', 'y1', ?, ?, 'USD', ?, ?, ?, ?)`);
    pay.run('x1', 'bank_transfer', 70, ts, ts, 'completed', null);
    pay.run('x2', 'card_terminal', 30, ts, ts, 'voided', '2025-01-02T09:00:00Z');
    db4.prepare(`INSERT INTO refunds (id, operation_id, enrollment_id, payer_id, method, amount, currency, source, status, reason, created_at, updated_at) VALUES ('r1', 'o1', 'e1', 'y1', 'bank_transfer', 20, 'USD', 'enrollment', 'succeeded', 'x', ?, ?)`).run(ts, ts);
    const led = db4.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id, refund_id) VALUES (?, ?, ?, ?, 'USD', 'y1', 'e1', ?, ?)`);
    led.run('2025-01-01T10:00:00Z', 'payment', 'received', 70, 'x1', null);
    led.run('2025-01-01T11:00:00Z', 'payment', 'received', 30, 'x2', null);
    led.run('2025-01-02T09:00:00Z', 'void', 'received', -30, 'x2', null);
    led.run('2025-01-02T10:00:00Z', 'refund', 'refunded', 20, 'x1', 'r1');
    v4.close();

    const v5 = openStore({ file, migrations: migrations.slice(0, 5) });
    try {
      expect(v5.schemaVersion).toBe(5);
      const all = () => v5.raw.prepare('SELECT day, method, product_id, gross, voided, refunded, payments, voids, refunds FROM revenue_daily ORDER BY day, method').all();
      expect(all()).toEqual([
        { day: '2025-01-01', method: 'bank_transfer', product_id: 'p1', gross: 70, voided: 0, refunded: 0, payments: 1, voids: 0, refunds: 0 },
        { day: '2025-01-01', method: 'card_terminal', product_id: 'p1', gross: 30, voided: 0, refunded: 0, payments: 1, voids: 0, refunds: 0 },
        { day: '2025-01-02', method: 'bank_transfer', product_id: 'p1', gross: 0, voided: 0, refunded: 20, payments: 0, voids: 0, refunds: 1 },
        { day: '2025-01-02', method: 'card_terminal', product_id: 'p1', gross: 0, voided: 30, refunded: 0, payments: 0, voids: 1, refunds: 0 },
      ]);
      expect(verifyReportSummaries(v5)).toEqual([]);
      // New ledger rows land in the summary in the same statement's transaction.
      v5.raw.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id) VALUES ('2025-01-01T12:00:00Z', 'payment', 'received', 5, 'USD', 'y1', 'e1', 'x1')`).run();
      expect(v5.raw.prepare(`SELECT gross, payments FROM revenue_daily WHERE day = '2025-01-01' AND method = 'bank_transfer'`).get()).toEqual({ gross: 75, payments: 2 });
      expect(verifyReportSummaries(v5)).toEqual([]);
      expect(() => v5.raw.prepare('DELETE FROM revenue_daily').run()).toThrow(/append-only ledger/);
      // A summary edited outside the app is named.
      v5.raw.prepare(`UPDATE revenue_daily SET gross = gross + 1 WHERE day = '2025-01-01' AND method = 'card_terminal'`).run();
      expect(verifyReportSummaries(v5).join('\n')).toMatch(/2025-01-01 USD card_terminal p1/);
    } finally {
      v5.close();
    }
  });
});
