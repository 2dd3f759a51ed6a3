import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../electron/store/store';
import { m0001 } from '../../../electron/store/migrations/0001-foundation';
import { tempDir } from '../../support/core';

describe('migration 0002-catalog', () => {
  const dir = tempDir();
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a foundation-only store and its constraints hold the money invariants', () => {
    const file = join(dir, 'bursar.sqlite');
    const v1 = openStore({ file, migrations: [m0001] });
    v1.raw.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('officeName', '"Kept"', 'x')`).run();
    expect(v1.schemaVersion).toBe(1);
    v1.close();

    const v2 = openStore({ file });
    expect(v2.schemaVersion).toBe(2);
    expect(v2.raw.prepare(`SELECT value FROM settings WHERE key = 'officeName'`).get()).toEqual({ value: '"Kept"' });
    const db = v2.raw;
    const ts = '2025-01-01T00:00:00Z';
    expect(() => db.prepare(`INSERT INTO products (id, type, name, price, currency, created_at, updated_at) VALUES ('p0', 'course', 'Zero', 0, 'USD', ?, ?)`).run(ts, ts)).toThrow(/CHECK/);
    db.prepare(`INSERT INTO products (id, type, name, price, currency, created_at, updated_at) VALUES ('p1', 'course', 'One', 100, 'USD', ?, ?)`).run(ts, ts);
    db.prepare(`INSERT INTO payment_plans (id, product_id, name, kind, currency, first_due_rule, created_at, updated_at) VALUES ('l1', 'p1', 'Full', 'full', 'USD', 'enrollment_date', ?, ?)`).run(ts, ts);
    db.prepare(`INSERT INTO payers (id, name, name_key, created_at, updated_at) VALUES ('y1', 'Y', 'y', ?, ?)`).run(ts, ts);
    const enroll = db.prepare(`INSERT INTO enrollments (id, payer_id, product_id, plan_id, currency, enrolled_on, list_price, total_amount, created_at, updated_at) VALUES (?, 'y1', 'p1', 'l1', 'USD', '2025-01-01', 100, 100, ?, ?)`);
    enroll.run('e1', ts, ts);
    expect(() => enroll.run('e2', ts, ts)).toThrow(/UNIQUE/); // one active enrollment per payer and product
    const item = db.prepare(`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, created_at, updated_at) VALUES (?, 'e1', 'p1', 'y1', ?, 'full', '2025-01-01', '2025-01-01', ?, 'USD', ?, ?)`);
    expect(() => item.run('i0', 1, 0, ts, ts)).toThrow(/CHECK/);
    expect(() => db.prepare(`INSERT INTO schedule_items (id, enrollment_id, product_id, payer_id, seq, kind, due_date, original_due_date, amount, currency, state, created_at, updated_at) VALUES ('i2', 'e1', 'p1', 'y1', 2, 'full', '2025-01-01', '2025-01-01', 5, 'USD', 'paused', ?, ?)`).run(ts, ts)).toThrow(/CHECK/);
    v2.close();
  });
});
