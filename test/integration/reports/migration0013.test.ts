import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { post } from '../../../electron/services/ledger/ledgerRepo';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { migrations } from '../../../electron/store/migrations';
import { openStore } from '../../../electron/store/store';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';
import { insertOneEnrollment } from '../../support/migrationRows';

const TS = '2025-01-01T00:00:00.000Z';
type Db = ReturnType<typeof openStore>['raw'];

/**
 * A version-12 store (just before 0013): payments, a void and a refund posted late in the UTC
 * day, so that any office zone east of UTC would put them on the next day.
 */
function fillBefore(file: string): void {
  const older = openStore({ file, migrations: migrations.slice(0, 12) });
  const db = older.raw;
  try {
    insertOneEnrollment(db, TS);
    const pay = db.prepare(`INSERT INTO payments (id, enrollment_id, payer_id, method, amount, currency, reference, received_at, created_at) VALUES (?, 'e1', 'y1', ?, ?, 'USD', 'T', ?, ?)`);
    pay.run('pay_1', 'bank_transfer', 300, TS, TS);
    pay.run('pay_2', 'card_terminal', 200, TS, TS);
    db.prepare(`INSERT INTO refunds (id, operation_id, enrollment_id, payer_id, method, amount, currency, source, status, reason, created_at, updated_at) VALUES ('r1', 'o1', 'e1', 'y1', 'bank_transfer', 50, 'USD', 'enrollment', 'succeeded', 'x', ?, ?)`).run(TS, TS);
    const led = db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id, enrollment_id, payment_id, refund_id) VALUES (?, ?, ?, ?, 'USD', 'y1', 'e1', ?, ?)`);
    led.run('2025-01-01T22:00:00.000Z', 'payment', 'received', 300, 'pay_1', null);
    led.run('2025-01-01T23:30:00.000Z', 'payment', 'received', 200, 'pay_2', null);
    led.run('2025-01-02T23:00:00.000Z', 'void', 'received', -200, 'pay_2', null);
    led.run('2025-01-02T23:10:00.000Z', 'refund', 'refunded', 50, 'pay_1', 'r1');
  } finally {
    older.close();
  }
}

const summaries = (db: Db) => ({
  daily: db.prepare('SELECT * FROM revenue_daily ORDER BY 1, 2, 3, 4').all(),
  product: db.prepare('SELECT * FROM revenue_product_daily ORDER BY 1, 2, 3').all(),
  method: db.prepare('SELECT * FROM revenue_method_daily ORDER BY 1, 2, 3').all(),
});
const triggerNames = (db: Db) => (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'ledger_entries' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);

describe('migration 0013-office-day', () => {
  const dir = tempDir();
  let core: TestCore | null = null;
  afterEach(() => {
    core?.dispose();
    core = null;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the day column, keeps every row and summary on its UTC day, and counts new rows on the office day', async () => {
    const file = join(dir, 'bursar.sqlite');
    fillBefore(file);
    const before = openStore({ file, migrations: migrations.slice(0, 12) });
    const summariesBefore = summaries(before.raw);
    const ledgerBefore = before.raw.prepare('SELECT * FROM ledger_entries ORDER BY seq').all() as Record<string, unknown>[];
    const triggersBefore = triggerNames(before.raw);
    before.close();
    expect(summariesBefore.method).toEqual([
      { day: '2025-01-01', currency: 'USD', method: 'bank_transfer', gross: 300, voided: 0, refunded: 0, payments: 1, voids: 0, refunds: 0 },
      { day: '2025-01-01', currency: 'USD', method: 'card_terminal', gross: 200, voided: 0, refunded: 0, payments: 1, voids: 0, refunds: 0 },
      { day: '2025-01-02', currency: 'USD', method: 'bank_transfer', gross: 0, voided: 0, refunded: 50, payments: 0, voids: 0, refunds: 1 },
      { day: '2025-01-02', currency: 'USD', method: 'card_terminal', gross: 0, voided: 200, refunded: 0, payments: 0, voids: 1, refunds: 0 },
    ]);

    // Through a real core: it migrates the file at open, and the office is in Auckland (UTC+13 in January).
    let clock = new Date('2025-01-03T22:00:00.000Z');
    core = await makeCore({ dataDir: dir, now: () => clock });
    const db = core.store.raw;
    expect(core.store.schemaVersion).toBeGreaterThanOrEqual(13);
    expect(db.prepare('SELECT * FROM ledger_entries ORDER BY seq').all()).toEqual(ledgerBefore.map((r) => ({ ...r, day: null })));
    expect(summaries(db)).toEqual(summariesBefore);
    // Every trigger of step 12 is still there (0013 rebuilt the revenue ones); later steps may add their own.
    expect(triggerNames(db)).toEqual(expect.arrayContaining(triggersBefore));
    for (const name of ['ledger_entries_revenue', 'ledger_entries_revenue_product', 'ledger_entries_revenue_method']) {
      const text = (db.prepare('SELECT sql FROM sqlite_schema WHERE name = ?').get(name) as { sql: string }).sql;
      expect(text).toContain('coalesce(NEW.day, substr(NEW.at, 1, 10))');
      expect(text).not.toMatch(/[^(]substr\(NEW\.at, 1, 10\),/);
    }
    expect(verifyReportSummaries(core.store)).toEqual([]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');

    await core.ok('settings:update', { requestId: rid('tz'), patch: { timeZone: 'Pacific/Auckland' } });
    // 11:00 on 4 January in Auckland, 22:00 on the 3rd in UTC.
    core.store.transaction(() => post(core!.store, 'payment', clock, [{ account: 'received', amount: 70, currency: 'USD', payerId: 'y1', enrollmentId: 'e1', paymentId: 'pay_1' }]));
    clock = new Date('2025-01-04T10:59:00.000Z');
    core.store.transaction(() => post(core!.store, 'void', clock, [{ account: 'received', amount: -70, currency: 'USD', payerId: 'y1', enrollmentId: 'e1', paymentId: 'pay_1' }]));
    expect(db.prepare(`SELECT at, day FROM ledger_entries WHERE day IS NOT NULL ORDER BY seq`).all()).toEqual([
      { at: '2025-01-03T22:00:00.000Z', day: '2025-01-04' },
      { at: '2025-01-04T10:59:00.000Z', day: '2025-01-04' },
    ]);
    // The old rows stay on their UTC day; the new ones are on the office's 4 January.
    const report = await core.ok('reports:revenue', { from: '2025-01-01', to: '2025-01-05', granularity: 'day' });
    expect(report.rows.map((r) => [r.period, r.method, r.gross, r.voided, r.refunded])).toEqual([
      ['2025-01-01', 'bank_transfer', 300, 0, 0],
      ['2025-01-01', 'card_terminal', 200, 0, 0],
      ['2025-01-02', 'bank_transfer', 0, 0, 50],
      ['2025-01-02', 'card_terminal', 0, 200, 0],
      ['2025-01-04', 'bank_transfer', 70, 70, 0],
    ]);
    const byProduct = await core.ok('reports:revenue', { from: '2025-01-01', to: '2025-01-05', granularity: 'day', productId: 'p1' });
    expect(byProduct.rows.map((r) => [r.period, r.method, r.gross, r.voided, r.refunded])).toEqual(report.rows.map((r) => [r.period, r.method, r.gross, r.voided, r.refunded]));
    expect(db.prepare(`SELECT day, gross, voided FROM revenue_product_daily WHERE day = '2025-01-04'`).all()).toEqual([{ day: '2025-01-04', gross: 70, voided: 70 }]);
    expect(verifyReportSummaries(core.store)).toEqual([]);

    // A day is a date or nothing, and the ledger is still append-only.
    const raw = db.prepare(`INSERT INTO ledger_entries (at, day, event, account, amount, currency, payer_id, enrollment_id, payment_id) VALUES (?, ?, 'payment', 'received', 5, 'USD', 'y1', 'e1', 'pay_1')`);
    expect(() => raw.run(TS, '4 Jan 2025')).toThrow(/CHECK/);
    expect(() => raw.run(TS, '2025-1-4')).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE ledger_entries SET day = '2025-01-01' WHERE day IS NULL`).run()).toThrow(/append-only/);
  });
});
