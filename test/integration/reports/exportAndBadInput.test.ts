import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportTable } from '../../../shared/reports/reportTables';
import { tempDir } from '../../support/core';
import { makeCashierCore, rows } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { generateStore } from './generateStore';
import type { GeneratedStore } from './generateStore';

let g: GeneratedStore;
beforeAll(async () => {
  g = await generateStore(7, 40);
}, 240_000);
afterAll(() => g?.core.dispose());

/** Export folders made by these tests, removed after the file whether its tests passed or not. */
const scratchDirs: string[] = [];
const scratch = (prefix: string): string => {
  const dir = tempDir(prefix);
  scratchDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const csvRows = (text: string): string[][] => parse(text, { bom: true }) as string[][];

describe('reports:export', () => {
  it('returns each report as CSV whose rows are the report table, quoted correctly, with an optional BOM', async () => {
    const range = { from: g.start, to: g.end };
    const requests = [
      { report: 'revenue', filters: { ...range, granularity: 'week' } },
      { report: 'statusBreakdown', filters: range },
      { report: 'productPerformance', filters: range },
      { report: 'aging', filters: { limit: 1000 } },
      { report: 'drawerSessions', filters: range },
      { report: 'deposits', filters: range },
    ] as const;
    for (const request of requests) {
      const answer = await g.core.ok('reports:export', { request });
      if (answer.kind !== 'text') throw new Error('expected text');
      expect(answer.csv.startsWith('\uFEFF')).toBe(false);
      const channel = `reports:${request.report}` as const;
      const report = await g.core.ok(channel, request.filters as never);
      const table = reportTable(request.report, report as never);
      expect(csvRows(answer.csv), request.report).toEqual([table.columns, ...table.rows]);
      expect(answer.rows).toBe(table.rows.length);
      expect(answer.rows, request.report).toBeGreaterThan(0);
      expect(answer.fileName).toMatch(new RegExp(`^bursar-${request.report}.*\\.csv$`));
    }
    // Payer names hold a comma and quotes: csv-stringify quotes the cell and doubles the quote.
    const aging = await g.core.ok('reports:export', { request: { report: 'aging', filters: { limit: 5 } }, bom: true });
    if (aging.kind !== 'text') throw new Error('expected text');
    expect(aging.csv.startsWith('\uFEFF')).toBe(true);
    expect(aging.csv).toMatch(/"Payer [A-H], ""quoted"""/);
  });

  it('writes a file into a folder through a job, and refuses an unwritable folder with nothing written', async () => {
    const folder = join(scratch('bursar-report-export-'), 'out');
    const request = { report: 'revenue' as const, filters: { from: g.start, to: g.end, granularity: 'day' as const } };
    const answer = await g.core.ok('reports:export', { request, folder, bom: true });
    if (answer.kind !== 'job') throw new Error('expected a job');
    await g.core.services.jobs.settled(answer.job.jobId);
    const status = await g.core.ok('jobs:status', { jobId: answer.job.jobId });
    expect(status.state).toBe('done');
    expect(status.output).toBe(join(folder, answer.fileName));
    const text = readFileSync(join(folder, answer.fileName), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const table = reportTable('revenue', await g.core.ok('reports:revenue', request.filters));
    expect(csvRows(text)).toEqual([table.columns, ...table.rows]);
    expect(status.done).toBe(table.rows.length);

    // Root ignores permission bits: "not writable" here is a file where the folder should be.
    const file = join(folder, answer.fileName);
    for (const bad of ['relative/folder', file, join(file, 'below-a-file')]) {
      const error = await g.core.fail('reports:export', { request, folder: bad });
      expect(error.code, bad).toBe('VALIDATION');
      expect(Object.keys(error.fields ?? {}), bad).toEqual(['folder']);
    }
    expect(readdirSync(folder)).toEqual([answer.fileName]);
  });

  it('with `job` and no folder, writes into the data folder by a job the window then downloads through reports:exportFile', async () => {
    const request = { report: 'productPerformance' as const, filters: { from: g.start, to: g.end } };
    const answer = await g.core.ok('reports:export', { request, job: true, bom: true });
    if (answer.kind !== 'job') throw new Error('expected a job');
    await g.core.services.jobs.settled(answer.job.jobId);
    const status = await g.core.ok('jobs:status', { jobId: answer.job.jobId });
    expect(status.state).toBe('done');
    expect(status.output).toBe(join(g.core.services.dataDir, 'exports', answer.fileName));
    const file = await g.core.ok('reports:exportFile', { jobId: answer.job.jobId });
    expect(file.fileName).toBe(answer.fileName);
    expect(file.csv.startsWith('\uFEFF')).toBe(true);
    const table = reportTable('productPerformance', await g.core.ok('reports:productPerformance', request.filters));
    expect(csvRows(file.csv)).toEqual([table.columns, ...table.rows]);
  });

  it('a bad range is refused before any file is written', async () => {
    const folder = join(scratch('bursar-report-export-'), 'out');
    const error = await g.core.fail('reports:export', { request: { report: 'deposits', filters: { from: '2025-03-01', to: '2025-02-01' } }, folder });
    expect(error.fields).toEqual({ to: expect.stringContaining('on or after') });
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });
});

describe('bad report input', () => {
  let core: CashierCore;
  beforeAll(async () => {
    core = await makeCashierCore('2025-03-15');
  });
  afterAll(() => core.dispose());

  it('a range ending before it starts names `to`, for every report with a range', async () => {
    for (const channel of ['reports:revenue', 'reports:statusBreakdown', 'reports:productPerformance', 'reports:drawerSessions', 'reports:deposits'] as const) {
      const error = await core.fail(channel, { from: '2025-03-10', to: '2025-03-09' });
      expect(error.code, channel).toBe('VALIDATION');
      expect(error.fields, channel).toEqual({ to: 'must be on or after the start of the range (Mar 10, 2025)' });
    }
  });

  it('day granularity over five years is refused naming `granularity`; week and month take the same range', async () => {
    const error = await core.fail('reports:revenue', { from: '2019-01-01', to: '2025-01-02', granularity: 'day' });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields?.granularity).toMatch(/at most five years/);
    expect((await core.ok('reports:revenue', { from: '2019-01-01', to: '2025-01-02', granularity: 'month' })).rows).toEqual([]);
    expect((await core.ok('reports:revenue', { from: '2020-01-01', to: '2024-12-31', granularity: 'day' })).rows).toEqual([]);
  });

  it('malformed dates, unknown fields and unknown methods are refused by the contract; a cashier may not read reports', async () => {
    expect((await core.fail('reports:revenue', { from: '2025-02-30', to: '2025-03-01' })).fields).toHaveProperty('from');
    expect((await core.fail('reports:aging', { limit: 10, extra: 1 })).code).toBe('VALIDATION');
    expect((await core.fail('reports:revenue', { from: '2025-01-01', to: '2025-03-01', method: 'bitcoin' })).fields).toHaveProperty('method');
    expect((await core.fail('reports:revenue', { from: '2025-01-01', to: '2025-03-01' }, core.cashier)).code).toBe('FORBIDDEN');
    expect((await core.ok('dashboard:stats', {}, core.cashier)).drawer).toBeNull();
  });

  it('an empty store gives empty reports, not errors', async () => {
    const range = { from: '2025-01-01', to: '2025-12-31' };
    expect((await core.ok('reports:revenue', range)).totals).toEqual([]);
    expect((await core.ok('reports:statusBreakdown', range)).rows).toEqual([]);
    expect((await core.ok('reports:productPerformance', range)).rows).toEqual([]);
    expect(await core.ok('reports:aging', {})).toEqual({ asOf: '2025-03-15', totals: [], payers: [], payerCount: 0 });
    const answer = await core.ok('reports:export', { request: { report: 'deposits', filters: range } });
    expect(answer.kind === 'text' && answer.csv.split('\n')[0]).toBe('Slip,Desk,Currency,Status,Prepared,Deposited,Sessions,Cash,Checks,Check count,Total,Bank reference');
    expect(rows(core, 'SELECT * FROM revenue_daily')).toEqual([]);
  });

  it('a cancelled file export leaves no file behind', async () => {
    const folder = scratch('bursar-report-cancel-');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'keep.txt'), 'mine');
    const answer = await core.ok('reports:export', { request: { report: 'aging', filters: {} }, folder });
    if (answer.kind !== 'job') throw new Error('expected a job');
    await core.ok('jobs:cancel', { jobId: answer.job.jobId });
    await core.services.jobs.settled(answer.job.jobId);
    const status = await core.ok('jobs:status', { jobId: answer.job.jobId });
    // A tiny report may finish before the cancel lands; either way nothing partial is left.
    if (status.state === 'cancelled') expect(readdirSync(folder)).toEqual(['keep.txt']);
    else expect(readdirSync(folder).sort()).toEqual([answer.fileName, 'keep.txt'].sort());
  });
});
