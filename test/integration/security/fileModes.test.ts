import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../../../electron/core';
import type { JobStatus } from '../../../shared/contract/data';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';

// Issue 14, item 10b: the store, its WAL/SHM, backups and exports were written 0644, readable
// by every account on the computer. Run under the usual umask 022, where that happened.
const mode = (path: string) => statSync(path).mode & 0o777;
const octal = (path: string) => `${path.split('/').slice(-2).join('/')} ${mode(path).toString(8)}`;

describe.skipIf(process.platform === 'win32')('files Bursar writes are private to its user', () => {
  let core: TestCore;
  let umask: number;
  let root: string;
  beforeEach(async () => {
    umask = process.umask(0o022);
    root = tempDir();
    chmodSync(root, 0o755);
    core = await makeCore({ dataDir: join(root, 'data') });
  });
  afterEach(() => {
    core.dispose();
    process.umask(umask);
  });

  const finished = async (job: JobStatus) => {
    await core.services.jobs.settled(job.jobId);
    return core.ok('jobs:status', { jobId: job.jobId });
  };

  it('the data folder is 0700; the store, its WAL and SHM and the clean-close note are 0600', async () => {
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Private Office' } });
    const file = join(core.dataDir, DATABASE_FILE);
    expect(mode(core.dataDir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(octal(f)).toMatch(/ 600$/);
    core.close();
    expect(existsSync(`${file}.clean`)).toBe(true);
    expect(octal(`${file}.clean`)).toMatch(/ 600$/);
  });

  it('a store an older version left 0644 (with a 0755 folder) is made private at open', async () => {
    const file = join(core.dataDir, DATABASE_FILE);
    core.close();
    chmodSync(core.dataDir, 0o755);
    chmodSync(file, 0o644);
    const again = createCore({ dataDir: core.dataDir });
    try {
      expect(mode(core.dataDir)).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
    } finally {
      again.close();
    }
  });

  it('backups: the folder is 0700, each backup 0600', async () => {
    const backup = await core.ok('backups:create', { requestId: rid() });
    const folder = join(core.dataDir, 'backups');
    expect(mode(folder)).toBe(0o700);
    expect(mode(join(folder, backup.name))).toBe(0o600);
  });

  it('exports: a folder Bursar creates is 0700, every file it writes 0600', async () => {
    const folder = join(root, 'exports-new');
    const all = await finished(await core.ok('data:exportAll', { requestId: rid(), folder, bom: true }));
    expect(all.state).toBe('done');
    expect(mode(folder)).toBe(0o700);
    const written: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          expect(octal(path)).toMatch(/ 700$/);
          walk(path);
        } else written.push(octal(path));
      }
    };
    walk(folder);
    expect(written.length).toBeGreaterThan(5);
    expect(written.filter((w) => !w.endsWith(' 600'))).toEqual([]);

    const report = await core.ok('reports:export', { request: { report: 'revenue', filters: { from: '2025-01-01', to: '2025-03-31' } }, bom: true, folder, job: false });
    const reportJob = 'job' in report && report.job ? await finished(report.job) : null;
    const table = await core.ok('reports:exportTable', { request: { table: 'schedules', filters: { status: ['due'] } }, bom: true });
    await finished(table.job);
    const files = [reportJob?.output, (await core.ok('jobs:status', { jobId: table.job.jobId })).output].filter((f): f is string => typeof f === 'string');
    expect(files).toHaveLength(2);
    for (const f of files) expect(octal(f)).toMatch(/ 600$/);
  });
});
