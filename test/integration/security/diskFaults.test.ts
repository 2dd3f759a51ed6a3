import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { verifyAudit } from '../../../electron/services/audit/auditLog';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { logicalHash } from '../../support/dbHash';

const root = resolve(import.meta.dirname, '../../..');
const fileHash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

type ChildReport = {
  open: { ok: boolean; name?: string; message?: string };
  write?: { ok: boolean; error?: { code: string; message: string } };
  read?: { ok: boolean; value?: { officeName: string } };
};

/**
 * Root ignores file modes, so when the suite runs as root (CI containers) the core under
 * test runs in a child process as `nobody`; otherwise as ourselves. Either way the child
 * meets a folder and file it may not write.
 */
async function openAsUnprivileged(dataDir: string): Promise<ChildReport> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/support/faults/readOnlyChild.ts', dataDir], {
    cwd: root,
    timeout: 30_000,
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
}

describe('disk faults: a clear UNAVAILABLE, nothing half-written, working again afterwards', () => {
  let core: TestCore | null = null;
  let other: Database.Database | null = null;
  const dirs: string[] = [];
  afterEach(() => {
    other?.close();
    other = null;
    // Permissions back first, or the folder could not be removed.
    for (const d of dirs.splice(0)) {
      if (!existsSync(d)) continue;
      chmodSync(d, 0o700);
      if (isRoot) chownSync(d, 0, 0);
    }
    core?.dispose();
    core = null;
  });

  it('a second connection holding the write lock: the write answers UNAVAILABLE, reads go on, the retry succeeds once released', async () => {
    const logged: string[] = [];
    core = await makeCore({ busyTimeoutMs: 150, logError: (message) => logged.push(message) });
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Before lock' } });
    other = new Database(core.store.file);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    other.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('uncommitted', '"x"', 'now')`).run();

    const before = logicalHash(core.store.raw);
    const requestId = rid('locked');
    const started = Date.now();
    const error = await core.fail('settings:update', { requestId, patch: { officeName: 'During lock' } });
    expect(Date.now() - started).toBeLessThan(5_000); // the configured 150 ms, not the default 5 s
    expect(error.code).toBe('UNAVAILABLE');
    expect(error.message).toMatch(/locked|read-only|not available/i);
    expect(error.message).toMatch(/nothing was saved/i);
    expect(logged).toEqual(['settings:update: storage unavailable']);
    expect((await core.ok('settings:get', {})).officeName).toBe('Before lock');
    expect(logicalHash(core.store.raw)).toBe(before);
    expect(core.store.raw.prepare('SELECT count(*) AS n FROM requests WHERE request_id = ?').get(requestId)).toEqual({ n: 0 });

    other.exec('ROLLBACK');
    const after = await core.ok('settings:update', { requestId, patch: { officeName: 'During lock' } });
    expect(after.officeName).toBe('During lock');
    expect(core.store.raw.prepare('SELECT count(*) AS n FROM requests WHERE request_id = ?').get(requestId)).toEqual({ n: 1 });
    expect(core.store.raw.prepare(`SELECT count(*) AS n FROM settings WHERE key = 'uncommitted'`).get()).toEqual({ n: 0 });
    expect(verifyAudit(core.store).ok).toBe(true);
  });

  it('a full disk (SQLite refusing to grow the file): UNAVAILABLE, the failed request left nothing, the retry succeeds once there is room', async () => {
    const logged: string[] = [];
    core = await makeCore({ logError: (message) => logged.push(message) });
    const db = core.store.raw;
    // max_page_count is SQLite's own quota: a write that needs one more page fails with SQLITE_FULL, as on a full disk.
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    let failedId: string | null = null;
    let failedName = '';
    let before = '';
    for (let i = 0; i < 200 && !failedId; i++) {
      before = logicalHash(db);
      const requestId = rid('full');
      const officeName = `Filling ${i} ${'x'.repeat(100)}`;
      const r = await core.invoke('settings:update', { requestId, patch: { officeName } }, core.admin);
      if (!r.ok) {
        failedName = officeName;
        expect(r.error.code).toBe('UNAVAILABLE');
        expect(r.error.message).toMatch(/full/i);
        failedId = requestId;
      }
    }
    expect(failedId).not.toBeNull();
    expect(logged.at(-1)).toBe('settings:update: storage unavailable');
    expect(logicalHash(db)).toBe(before);
    expect(db.prepare('SELECT count(*) AS n FROM requests WHERE request_id = ?').get(failedId)).toEqual({ n: 0 });

    db.pragma(`max_page_count = ${pages * 100}`);
    const retried = await core.ok('settings:update', { requestId: failedId as string, patch: { officeName: failedName } });
    expect(retried.officeName).toBe(failedName);
    expect(verifyAudit(core.store).ok).toBe(true);
    expect(String(db.pragma('integrity_check', { simple: true }))).toBe('ok');
  });

  it('a read-only data folder: opening is refused with a message that says so, and the file is untouched', async () => {
    core = await makeCore();
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Kept' } });
    const { dataDir } = core;
    const file = core.store.file;
    core.close();
    const before = fileHash(file);
    dirs.push(dataDir);
    chmodSync(file, 0o444);
    chmodSync(dataDir, 0o555);

    const report = await openAsUnprivileged(dataDir);
    if (report.open.ok) {
      // A build that can open read-only must still refuse the write, cleanly.
      expect(report.write?.ok).toBe(false);
      expect(report.write?.error?.code).toBe('UNAVAILABLE');
    } else {
      expect(report.open.message).toMatch(/read-only/i);
      expect(report.open.message).toMatch(/nothing was changed/i);
    }
    expect(fileHash(file)).toBe(before);

    chmodSync(dataDir, 0o700);
    chmodSync(file, 0o644);
    const again = createCore({ dataDir });
    try {
      expect((await again.invoke('settings:get', {}, core.admin)).ok && 'read').toBe('read');
      const w = await again.invoke('settings:update', { requestId: rid(), patch: { officeName: 'Writable again' } }, core.admin);
      expect(w.ok && w.value.officeName).toBe('Writable again');
    } finally {
      again.close();
    }
  });

  it('a read-only database file in a writable folder: writes answer UNAVAILABLE, reads work, the file is untouched', async () => {
    core = await makeCore();
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Kept too' } });
    const { dataDir } = core;
    const file = core.store.file;
    core.close();
    const before = fileHash(file);
    dirs.push(dataDir);
    chmodSync(file, 0o444);
    chmodSync(dataDir, 0o755);
    if (isRoot) chownSync(dataDir, NOBODY, NOBODY);

    const report = await openAsUnprivileged(dataDir);
    expect(report.open.ok).toBe(true);
    expect(report.write?.ok).toBe(false);
    expect(report.write?.error?.code).toBe('UNAVAILABLE');
    expect(report.write?.error?.message).toMatch(/nothing was saved/i);
    expect(report.read?.ok).toBe(true);
    expect(report.read?.value?.officeName).toBe('Kept too');
    expect(fileHash(file)).toBe(before);

    if (isRoot) chownSync(dataDir, 0, 0);
    chmodSync(file, 0o644);
    const again = createCore({ dataDir });
    try {
      const w = await again.invoke('settings:update', { requestId: rid(), patch: { officeName: 'Writable again' } }, core.admin);
      expect(w.ok && w.value.officeName).toBe('Writable again');
      expect(verifyAudit(again.store).ok).toBe(true);
    } finally {
      again.close();
    }
  });
});
