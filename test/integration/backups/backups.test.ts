import { closeSync, copyFileSync, existsSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../../../electron/core';
import { backupName, backupsToPrune } from '../../../electron/services/backups/backupFiles';
import { markCleanClose } from '../../../electron/store/cleanClose';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

const dump = (core: TestCore) => ({
  settings: core.store.raw.prepare('SELECT key, value FROM settings ORDER BY key').all(),
  users: core.store.raw.prepare('SELECT id, username, role, active FROM users ORDER BY id').all(),
  audit: (core.store.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n,
});

describe('backups through invoke', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  it('backs up while in use and restores the exact data, keeping the current store aside', async () => {
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Before backup' } });
    await core.ok('users:create', { requestId: rid(), username: 'carol', displayName: 'Carol', role: 'cashier', password: '4321' });
    const snapshot = dump(core);
    const made = await core.ok('backups:create', { requestId: rid() });
    expect(made.kind).toBe('manual');

    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'After backup' } });
    await core.ok('users:create', { requestId: rid(), username: 'dave', displayName: 'Dave', role: 'cashier', password: '9876' });
    expect(dump(core)).not.toEqual(snapshot);

    const restored = await core.ok('backups:restore', { requestId: rid(), name: made.name, confirm: true });
    expect(restored.restored).toBe(made.name);
    const after = dump(core);
    expect(after.settings).toEqual(snapshot.settings);
    expect(after.users).toEqual(snapshot.users);
    expect(after.audit).toBe(snapshot.audit + 1); // the restore itself is audited in the restored trail
    expect((await core.ok('audit:verify', {})).ok).toBe(true);

    const list = await core.ok('backups:list', {});
    const aside = list.backups.find((b) => b.name === restored.keptAsideAs);
    expect(aside?.kind).toBe('pre-restore');
    const asideDb = new Database(join(list.folder, restored.keptAsideAs), { readonly: true });
    const officeAside = asideDb.prepare(`SELECT value FROM settings WHERE key = 'officeName'`).get() as { value: string };
    asideDb.close();
    expect(JSON.parse(officeAside.value)).toBe('After backup');
  });

  it('refuses a backup whose books do not balance (ledger:verify), leaving the live store as it was', async () => {
    const payer = await core.ok('payers:create', { requestId: rid(), payer: { name: 'Unbalanced Payer' } });
    const made = await core.ok('backups:create', { requestId: rid() });
    const folder = (await core.ok('backups:list', {})).folder;
    const broken = backupName(new Date('2026-02-01T10:00:00Z'), 'manual');
    copyFileSync(join(folder, made.name), join(folder, broken));
    const db = new Database(join(folder, broken));
    // Money "received" with nothing allocated or credited: payments − refunds ≠ allocations + credit.
    db.prepare(`INSERT INTO ledger_entries (at, event, account, amount, currency, payer_id) VALUES ('2026-02-01T10:00:00Z', 'payment', 'received', 500, 'USD', ?)`).run(payer.id);
    db.close();
    const live = dump(core);
    const e = await core.fail('backups:restore', { requestId: rid(), name: broken, confirm: true });
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toMatch(/ledger: /);
    expect(dump(core)).toEqual(live);
  });

  it('needs explicit confirmation', async () => {
    const made = await core.ok('backups:create', { requestId: rid() });
    const e = await core.fail('backups:restore', { requestId: rid(), name: made.name, confirm: false });
    expect(e.fields).toHaveProperty('confirm');
  });

  it('refuses a corrupt, foreign or tampered backup and leaves the live store unchanged', async () => {
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Live data' } });
    const made = await core.ok('backups:create', { requestId: rid() });
    const folder = (await core.ok('backups:list', {})).folder;
    const live = dump(core);

    const corrupt = backupName(new Date('2026-01-01T10:00:00Z'), 'manual');
    copyFileSync(join(folder, made.name), join(folder, corrupt));
    const bytes = Buffer.alloc(4096, 0x5a);
    const fd = await import('node:fs').then((fs) => fs.openSync(join(folder, corrupt), 'r+'));
    (await import('node:fs')).writeSync(fd, bytes, 0, bytes.length, 8192);
    (await import('node:fs')).closeSync(fd);

    const foreign = backupName(new Date('2026-01-02T10:00:00Z'), 'manual');
    const other = new Database(join(folder, foreign));
    other.exec('CREATE TABLE songs (title TEXT)');
    other.close();

    const notDb = backupName(new Date('2026-01-03T10:00:00Z'), 'manual');
    writeFileSync(join(folder, notDb), 'hello, not sqlite');

    const tampered = backupName(new Date('2026-01-04T10:00:00Z'), 'manual');
    copyFileSync(join(folder, made.name), join(folder, tampered));
    const t = new Database(join(folder, tampered));
    t.exec('DROP TRIGGER audit_log_no_update');
    t.prepare(`UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 1`).run();
    t.close();

    for (const name of [corrupt, foreign, notDb, tampered]) {
      const e = await core.fail('backups:restore', { requestId: rid(), name, confirm: true });
      expect(e.code, name).toBe('VALIDATION');
      expect(e.message).toMatch(/cannot be restored/);
      expect(dump(core)).toEqual(live);
    }
    expect(readdirSync(folder).some((f) => f.startsWith('.restore-check'))).toBe(false);
    expect((await core.fail('backups:restore', { requestId: rid(), name: '../bursar.sqlite', confirm: true })).code).toBe('VALIDATION');
    expect((await core.fail('backups:restore', { requestId: rid(), name: backupName(new Date(), 'manual'), confirm: true })).code).toBe('NOT_FOUND');
  });

  it('the daily job makes one backup a day and prunes by the retention settings', async () => {
    expect((await core.ok('backups:list', {})).lastAutomatic).toBeNull();
    const first = await core.services.backups.runDaily();
    expect(first?.kind).toBe('daily');
    expect((await core.ok('backups:list', {})).lastAutomatic).toMatchObject({ ok: true, name: first?.name, message: null });
    expect(await core.services.backups.runDaily()).toBeNull();
    expect(existsSync(join(core.services.backups.folder, first?.name ?? 'x'))).toBe(true);
  });

  it('the automatic run, when it ends, tells open screens (a backups:create notice) so the new backup shows', async () => {
    // Subscribed in the same tick as the core starts, before its first run can end.
    const desk = createCore({ dataDir: join(core.dataDir, 'background'), backgroundJobs: true, firstBackupDelayMs: 0 });
    try {
      const notice = await new Promise<string>((resolve) => {
        const off = desk.subscribe((n) => {
          if (n.channel.startsWith('backups:')) {
            off();
            resolve(n.channel);
          }
        });
      });
      expect(notice).toBe('backups:create');
      expect(desk.services.backups.list().map((b) => b.kind)).toEqual(['daily']);
      expect(desk.services.backups.lastAutomatic()).toMatchObject({ ok: true, name: desk.services.backups.list()[0]?.name });
    } finally {
      desk.close();
    }
  });

  it('a replayed backups:create requestId returns the first backup and makes no second one', async () => {
    const requestId = rid();
    const a = await core.ok('backups:create', { requestId });
    const b = await core.ok('backups:create', { requestId });
    expect(b).toEqual(a);
    expect((await core.ok('backups:list', {})).backups).toHaveLength(1);
  });
});

describe('silent damage to the live file', () => {
  it('the daily backup finds a page damaged after a clean close, says so, and prunes nothing', async () => {
    const core = await makeCore();
    const { dataDir, admin } = core;
    for (let i = 0; i < 300; i++) await core.ok('payers:create', { requestId: rid(), payer: { name: `Damage Target Payer ${i}`, email: `p${i}@example.org` } });
    const good = await core.ok('backups:create', { requestId: rid() });
    core.close();

    // Bit rot: a payers page overwritten while the desk was off, the file's size unchanged and
    // its clean-close note still matching, so the next open skips the every-page check.
    const file = join(dataDir, DATABASE_FILE);
    const bytes = readFileSync(file);
    const at = bytes.indexOf('Damage Target Payer 150');
    expect(at).toBeGreaterThan(0);
    const page = Math.floor(at / 4096) * 4096;
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, page);
    closeSync(fd);
    markCleanClose(file);

    const reopened = createCore({ dataDir, checkOutput: true });
    try {
      expect(reopened.store.integrityChecked).toBe(false);
      await expect(reopened.services.backups.runDaily()).rejects.toThrow(/may be damaged/);
      const list = await reopened.invoke('backups:list', {}, admin);
      if (!list.ok) throw new Error(list.error.message);
      expect(list.value.lastAutomatic).toMatchObject({ ok: false, name: null });
      expect(list.value.lastAutomatic?.message).toMatch(/failed its integrity check/);
      expect(list.value.backups.map((b) => b.name)).toEqual([good.name]);
    } finally {
      reopened.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('retention', () => {
  const daily = (iso: string) => ({ name: backupName(new Date(iso), 'daily'), kind: 'daily' as const, createdAt: new Date(iso).toISOString(), bytes: 1 });
  it('keeps the newest of each recent day and of each recent week, and never manual ones', () => {
    const backups = [];
    for (let d = 0; d < 60; d += 1) backups.push(daily(new Date(Date.UTC(2026, 0, 1 + d, 18)).toISOString()));
    backups.push(daily('2026-03-01T20:00:00Z'));
    const manual = { name: backupName(new Date('2025-01-01T00:00:00Z'), 'manual'), kind: 'manual' as const, createdAt: '2025-01-01T00:00:00.000Z', bytes: 1 };
    const prune = backupsToPrune([...backups, manual], 14, 8);
    const kept = backups.filter((b) => !prune.includes(b.name));
    expect(prune).not.toContain(manual.name);
    // 14 distinct days + older weekly ones (weeks not already covered by the 14 days)
    const keptDays = new Set(kept.map((b) => b.createdAt.slice(0, 10)));
    expect(keptDays.size).toBe(kept.length);
    expect(kept.length).toBeGreaterThanOrEqual(14);
    expect(kept.length).toBeLessThanOrEqual(14 + 8);
    expect(prune).toContain(backups.find((b) => b.createdAt.startsWith('2026-03-01T18'))?.name);
  });
});
