import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';

describe('data:exportAll', () => {
  let core: TestCore;
  const scratch: string[] = [];
  const folderForTest = () => {
    const dir = tempDir('bursar-export-');
    scratch.push(dir);
    return dir;
  };
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => {
    core.dispose();
    for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes every table as CSV with a BOM, quoting correctly and leaving secrets out', async () => {
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'St. "Quoted", School\nNorth' } });
    await core.ok('users:create', { requestId: rid(), username: 'carol', displayName: 'Carol, Cashier', role: 'cashier', password: '4321' });
    const folder = folderForTest();
    const job = await core.ok('data:exportAll', { requestId: rid(), folder });
    expect(job.state).toBe('running');
    await core.services.jobs.settled(job.jobId);
    const done = await core.ok('jobs:status', { jobId: job.jobId });
    expect(done).toMatchObject({ state: 'done', total: done.done });
    const out = done.output ?? '';
    const tables = (core.store.raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((t) => `${t.name}.csv`);
    expect(readdirSync(out).sort()).toEqual(tables.sort());

    const usersCsv = readFileSync(join(out, 'users.csv'), 'utf8');
    expect(usersCsv.startsWith('\uFEFF')).toBe(true);
    expect(usersCsv).not.toMatch(/scrypt|password/);
    const users = parse(usersCsv, { bom: true, columns: true }) as Record<string, string>[];
    expect(users.map((u) => u.display_name).sort()).toEqual(['Carol, Cashier', 'Office Admin']);

    const settings = parse(readFileSync(join(out, 'settings.csv')), { bom: true, columns: true }) as Record<string, string>[];
    expect(JSON.parse(settings.find((s) => s.key === 'officeName')?.value ?? '""')).toBe('St. "Quoted", School\nNorth');
    const rowsInFiles = readdirSync(out).reduce((n, f) => n + (parse(readFileSync(join(out, f)), { bom: true, columns: true }) as unknown[]).length, 0);
    expect(rowsInFiles).toBe(done.total);
  });

  it('can be cancelled, and removes what it wrote', async () => {
    for (let i = 0; i < 30; i += 1) await core.ok('settings:update', { requestId: rid(), patch: { officeName: `Office ${i}` } });
    core.store.raw.exec(`CREATE TABLE bulk_fixture (n INTEGER) STRICT`);
    const insert = core.store.raw.prepare('INSERT INTO bulk_fixture VALUES (?)');
    core.store.raw.transaction(() => {
      for (let i = 0; i < 60_000; i += 1) insert.run(i);
    })();
    const folder = folderForTest();
    const job = await core.ok('data:exportAll', { requestId: rid(), folder });
    const cancelled = await core.ok('jobs:cancel', { jobId: job.jobId });
    expect(cancelled.jobId).toBe(job.jobId);
    await core.services.jobs.settled(job.jobId);
    expect((await core.ok('jobs:status', { jobId: job.jobId })).state).toBe('cancelled');
    expect(readdirSync(folder)).toEqual([]);
  });

  it('refuses a folder it cannot write to, naming the field, before starting', async () => {
    const dir = folderForTest();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const folder of [file, 'relative/path', join(file, 'below-a-file')]) {
      const e = await core.fail('data:exportAll', { requestId: rid(), folder });
      expect(e.code).toBe('VALIDATION');
      expect(e.fields).toHaveProperty('folder');
    }
    expect(existsSync(join(file, 'below-a-file'))).toBe(false);
  });

  it("a job belongs to the user who started it", async () => {
    const job = await core.ok('data:exportAll', { requestId: rid(), folder: folderForTest() });
    await core.services.jobs.settled(job.jobId);
    const cashier = await core.ok('users:create', { requestId: rid(), username: 'carol', displayName: 'Carol', role: 'cashier', password: '4321' });
    const e = await core.fail('jobs:status', { jobId: job.jobId }, core.sessionFor(cashier.id));
    expect(e.code).toBe('NOT_FOUND');
  });
});
