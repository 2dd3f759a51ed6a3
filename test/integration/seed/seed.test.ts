import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import { verifyAudit } from '../../../electron/services/audit/auditLog';
import { openStore } from '../../../electron/store/store';
import { verifyLedger } from '../../../electron/services/ledger/verifyLedger';
import { foundationSeeder } from '../../../scripts/seed/seeders/foundation';
import { seedStore } from '../../../scripts/seed/seedStore';
import { tempDir } from '../../support/core';

const counts = { enrollments: 0, payments: 0, users: 2, settingsUpdates: 120 };

/** What the seed decides (names, values, times), leaving out what the services draw themselves (ids, salts, hashes). */
function content(dir: string) {
  const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
  try {
    return {
      settings: db.prepare('SELECT key, value, updated_at FROM settings ORDER BY key').all(),
      users: db.prepare('SELECT username, display_name, role, created_at FROM users ORDER BY username').all(),
      audit: db.prepare('SELECT seq, at, action, request_id, after_json FROM audit_log WHERE entity_type = ? ORDER BY seq').all('settings'),
      requests: db.prepare('SELECT request_id, channel, input_hash FROM requests ORDER BY request_id').all(),
    };
  } finally {
    db.close();
  }
}

describe('seed generator', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('builds a store through the core whose audit chain verifies, the same from the same seed', async () => {
    const [a, b, c] = [tempDir('bursar-seed-'), tempDir('bursar-seed-'), tempDir('bursar-seed-')];
    dirs.push(a, b, c);
    const progress: number[] = [];
    const report = await seedStore({ dataDir: a, seed: 11, counts, onProgress: (done) => progress.push(done) });
    await seedStore({ dataDir: b, seed: 11, counts });
    await seedStore({ dataDir: c, seed: 12, counts });

    expect(report.tables).toMatchObject({ users: 3, requests: 2 + counts.settingsUpdates });
    expect(report.unprovided).toEqual([]);
    expect(progress.at(-1)).toBe(1 + counts.users + counts.settingsUpdates);
    const store = openStore({ file: join(a, DATABASE_FILE), readonly: true });
    expect(verifyAudit(store)).toMatchObject({ ok: true, checked: 1 + counts.users + 1 + counts.settingsUpdates });
    store.close();

    expect(content(a)).toEqual(content(b));
    expect(content(a)).not.toEqual(content(c));
  });

  it('says which asked-for counts no seeder provides', async () => {
    const d = tempDir('bursar-seed-');
    dirs.push(d);
    const report = await seedStore({ dataDir: d, seed: 1, counts: { enrollments: 5, payments: 0, users: 0, settingsUpdates: 0 }, seeders: [foundationSeeder] });
    expect(report.unprovided).toEqual(['enrollments']);
  });

  it('builds enrollments and a desk history of every payment method whose books and audit verify, the same from the same seed', async () => {
    const [a, b] = [tempDir('bursar-seed-'), tempDir('bursar-seed-')];
    dirs.push(a, b);
    const full = { enrollments: 300, payments: 3_000, users: 1, settingsUpdates: 0 };
    const report = await seedStore({ dataDir: a, seed: 5, counts: full });
    await seedStore({ dataDir: b, seed: 5, counts: full });
    expect(report.unprovided).toEqual([]);
    expect(report.tables).toMatchObject({ enrollments: 300, payments: 3_000, receipts: 3_000 });

    const store = openStore({ file: join(a, DATABASE_FILE), readonly: true });
    try {
      expect(verifyLedger(store).violations).toEqual([]);
      expect(verifyAudit(store).ok).toBe(true);
      const methods = store.raw.prepare('SELECT DISTINCT method FROM payments ORDER BY method').all().map((r) => (r as { method: string }).method);
      expect(methods).toEqual(['bank_transfer', 'card', 'card_terminal', 'cash', 'check']);
      const n = (q: string) => (store.raw.prepare(q).get() as { n: number }).n;
      expect(n(`SELECT count(*) AS n FROM payments WHERE status = 'voided'`)).toBeGreaterThan(0);
      expect(n('SELECT count(*) AS n FROM refunds')).toBeGreaterThan(0);
      expect(n(`SELECT count(*) AS n FROM outbox WHERE state <> 'done'`)).toBe(0);
      expect(n(`SELECT count(*) AS n FROM drawer_sessions WHERE status = 'closed' AND z_number IS NOT NULL`)).toBe(3);
      expect(n('SELECT count(*) AS n FROM deposits')).toBeGreaterThan(0);
      expect(n('SELECT count(DISTINCT currency) AS n FROM enrollments')).toBeGreaterThan(1);
      // Every Stripe card payment arrived with its webhook event, applied once with its relay cursor.
      expect(n(`SELECT count(*) AS n FROM processed_events WHERE type = 'payment_intent.succeeded'`)).toBe(n(`SELECT count(*) AS n FROM payments WHERE method = 'card'`));
      expect(n('SELECT max(relay_cursor) AS n FROM processed_events')).toBe(n('SELECT count(*) AS n FROM processed_events'));
    } finally {
      store.close();
    }
    const history = (dir: string) => {
      const db = new Database(join(dir, DATABASE_FILE), { readonly: true });
      try {
        return {
          payments: db.prepare('SELECT method, amount, currency, credit_created, received_at, status, check_number, reference FROM payments ORDER BY received_at, id').all(),
          receipts: db.prepare('SELECT number, status, issued_at FROM receipts ORDER BY seq').all(),
          sessions: db.prepare('SELECT opening_float, expected_cash, counted_cash, over_short, z_number FROM drawer_sessions ORDER BY opened_at').all(),
          events: db.prepare('SELECT event_id, type, relay_cursor, outcome FROM processed_events ORDER BY relay_cursor').all(),
        };
      } finally {
        db.close();
      }
    };
    expect(history(a)).toEqual(history(b));
  }, 120_000);
});
