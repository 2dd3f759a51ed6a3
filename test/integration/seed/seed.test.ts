import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import { verifyAudit } from '../../../electron/services/audit/auditLog';
import { openStore } from '../../../electron/store/store';
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

  it('says which asked-for counts no seeder provides yet', async () => {
    const d = tempDir('bursar-seed-');
    dirs.push(d);
    const report = await seedStore({ dataDir: d, seed: 1, counts: { enrollments: 5, payments: 0, users: 0, settingsUpdates: 0 } });
    expect(report.unprovided).toEqual(['enrollments']);
  });
});
