import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputOf } from '../../../shared/contract';
import type { TableRequest } from '../../../shared/contract/tableExport';
import { auditExport, tableCells } from '../../../shared/reports/tableCells';
import { catalogWords } from '../../../electron/services/documents/catalogWords';
import type { Session } from '../../../electron/core';
import { rid, tempDir } from '../../support/core';
import { createPayer, createPlan, createProduct, threeMonthly } from '../catalog/fixtures';
import { makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';

/**
 * `reports:exportTable` pages a table screen's own list channel into a CSV file by a job;
 * `reports:exportFile` hands the finished file to the window. Each file is compared with the
 * same channel paged here, in pages of another size, for the same filters.
 */
let core: CashierCore;
const ENROLLMENTS = 520;
const TRICKY = 'Line one\nLine "two", three';
let trickyPayer = '';
let productId = '';

const scratchDirs: string[] = [];
const scratch = (): string => {
  const dir = tempDir('bursar-table-export-');
  scratchDirs.push(dir);
  return dir;
};

beforeAll(async () => {
  core = await makeCashierCore('2025-03-15');
  const product = await createProduct(core, { name: 'Welding, "advanced"', price: 300_00 });
  productId = product.id;
  const plan = await createPlan(core, product.id, threeMonthly);
  const other = await createProduct(core, { name: 'Forklift', price: 120_00 });
  const otherPlan = await createPlan(core, other.id, threeMonthly);
  trickyPayer = (await createPayer(core, { name: TRICKY })).id;
  await core.ok('enrollments:create', { requestId: rid('enr'), payerId: trickyPayer, productId: product.id, planId: plan.id });
  for (let i = 1; i < ENROLLMENTS; i++) {
    const payerId = (await createPayer(core, { name: `Payer ${i}` })).id;
    await core.ok('enrollments:create', { requestId: rid('enr'), payerId, productId: i % 4 === 0 ? other.id : product.id, planId: i % 4 === 0 ? otherPlan.id : plan.id });
  }
  await openDrawer(core);
  const first = await core.ok('enrollments:list', { payerId: trickyPayer, limit: 1 });
  await payCash(core, first.enrollments[0]?.id ?? '', 150_00, { tendered: 150_00 });
  core.setToday('2025-06-20');
}, 240_000);
afterAll(() => {
  core?.dispose();
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const csvRows = (text: string): string[][] => parse(text, { bom: true }) as string[][];

async function exportTable(request: TableRequest, opts: { bom?: boolean; folder?: string; session?: Session } = {}) {
  const started = await core.ok('reports:exportTable', { request, ...(opts.bom === undefined ? {} : { bom: opts.bom }), ...(opts.folder ? { folder: opts.folder } : {}) }, opts.session);
  await core.services.jobs.settled(started.job.jobId);
  const status = await core.ok('jobs:status', { jobId: started.job.jobId }, opts.session);
  expect(status.state, status.message ?? '').toBe('done');
  const file = await core.ok('reports:exportFile', { jobId: started.job.jobId }, opts.session);
  expect(file.fileName).toBe(started.fileName);
  return { ...file, status };
}

/** The table as the screen pages it, in pages of 37: what the file must hold, row for row. */
async function paged<K extends TableRequest['table']>(table: K, fetch: (page: { limit: number; offset: number }) => Promise<unknown[]>): Promise<string[][]> {
  const all: unknown[] = [];
  for (let offset = 0; ; offset += 37) {
    const rows = await fetch({ limit: 37, offset });
    all.push(...rows);
    if (rows.length < 37) break;
  }
  const { cells } = tableCells[table];
  return all.map((r) => (cells as (row: unknown) => string[])(r));
}

describe('reports:exportTable', () => {
  it('schedules: the whole filtered result (well past one page), equal to schedules:list for the same filters', async () => {
    for (const filters of [{}, { status: ['overdue'] }, { productId, dueFrom: '2025-04-01', dueTo: '2025-05-31' }] satisfies Omit<InputOf<'schedules:list'>, 'limit' | 'offset'>[]) {
      const { csv, status } = await exportTable({ table: 'schedules', filters });
      const expected = await paged('schedules', async (p) => (await core.ok('schedules:list', { ...filters, ...p })).items);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      expect(csvRows(csv)).toEqual([tableCells.schedules.columns, ...expected]);
      expect(status.done).toBe(expected.length);
      expect(status.total).toBe(expected.length);
    }
    expect((await core.ok('schedules:list', { limit: 1 })).total).toBeGreaterThan(1000);
  });

  it('enrollments, payments, products, audit, users, sync events, outbox and backups equal their list channels', async () => {
    const enrollments = await exportTable({ table: 'enrollments', filters: {} });
    const expectedEnrollments = await paged('enrollments', async (p) => (await core.ok('enrollments:list', p)).enrollments);
    expect(expectedEnrollments).toHaveLength(ENROLLMENTS);
    expect(csvRows(enrollments.csv)).toEqual([tableCells.enrollments.columns, ...expectedEnrollments]);

    const byProduct = await exportTable({ table: 'enrollments', filters: { productId } });
    expect(csvRows(byProduct.csv)).toEqual([tableCells.enrollments.columns, ...(await paged('enrollments', async (p) => (await core.ok('enrollments:list', { productId, ...p })).enrollments))]);

    const payments = await exportTable({ table: 'payments', filters: { payerId: trickyPayer } });
    const paymentRows = csvRows(payments.csv);
    expect(paymentRows).toEqual([tableCells.payments.columns, ...(await paged('payments', async (p) => (await core.ok('payments:list', { payerId: trickyPayer, ...p })).payments))]);
    expect(paymentRows[1]?.slice(2, 7)).toEqual([TRICKY, 'Welding, "advanced"', 'cash', 'USD', '150.00']);

    const products = await exportTable({ table: 'products', filters: { query: 'weld' } });
    expect(csvRows(products.csv)).toEqual([tableCells.products.columns, ...(await paged('products', async (p) => (await core.ok('products:list', { query: 'weld', ...p })).products))]);
    expect(csvRows(products.csv)).toHaveLength(2);

    const audit = await exportTable({ table: 'audit', filters: { entityType: 'enrollment' } });
    const auditRows: unknown[] = [];
    for (let beforeSeq: number | null | undefined; beforeSeq !== null;) {
      const page = await core.ok('audit:list', { entityType: 'enrollment', limit: 37, ...(beforeSeq ? { beforeSeq } : {}) });
      auditRows.push(...page.entries);
      beforeSeq = page.entries.length ? page.nextBeforeSeq : null;
    }
    expect(auditRows.length).toBeGreaterThanOrEqual(ENROLLMENTS);
    expect(csvRows(audit.csv)).toEqual([auditExport.columns, ...auditRows.map((r) => auditExport.cells(catalogWords('en-US'))(r as never))]);
    // The codes stay; the last column says the action in the office's words.
    expect(csvRows(audit.csv)[1]?.slice(4, 5).concat(csvRows(audit.csv)[1]?.at(-1) ?? '')).toEqual(['enrollment.create', 'Student enrolled']);
    // The audit list is not counted: progress is rows written, with no total.
    expect([audit.status.done, audit.status.total]).toEqual([auditRows.length, 0]);

    const users = await exportTable({ table: 'users', filters: {} });
    expect(csvRows(users.csv)).toEqual([tableCells.users.columns, ...(await core.ok('users:list', {})).users.map(tableCells.users.cells)]);

    const events = await exportTable({ table: 'syncEvents', filters: { outcome: 'unmatched' } });
    expect(csvRows(events.csv)).toEqual([tableCells.syncEvents.columns]);

    const outbox = await exportTable({ table: 'outbox', filters: {} });
    expect(csvRows(outbox.csv)).toEqual([tableCells.outbox.columns, ...(await core.ok('outbox:list', { limit: 500 })).rows.map(tableCells.outbox.cells)]);

    await core.ok('backups:create', { requestId: rid('bak') });
    const backups = await exportTable({ table: 'backups', filters: {} });
    const listed = (await core.ok('backups:list', {})).backups;
    expect(listed).toHaveLength(1);
    expect(csvRows(backups.csv)).toEqual([tableCells.backups.columns, ...listed.map(tableCells.backups.cells)]);
  });

  it('quotes commas, quotes and newlines so they round-trip, and writes the BOM only when asked', async () => {
    const plain = await exportTable({ table: 'schedules', filters: { payerId: trickyPayer } });
    expect(plain.csv.startsWith('\uFEFF')).toBe(false);
    expect(plain.csv.startsWith('Student,')).toBe(true);
    // The cell is quoted, its quotes doubled and its newline kept inside the quotes.
    expect(plain.csv).toContain('"Line one\nLine ""two"", three","Welding, ""advanced"""');
    const rows = csvRows(plain.csv);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => [r[0], r[1]])).toEqual(Array(3).fill([TRICKY, 'Welding, "advanced"']));

    const withBom = await exportTable({ table: 'schedules', filters: { payerId: trickyPayer } }, { bom: true });
    expect(withBom.csv.startsWith('\uFEFFStudent,')).toBe(true);
    expect(csvRows(withBom.csv)).toEqual(rows);
  });

  it('writes into a chosen folder; an unwritable folder and a table the caller may not read are refused with nothing written', async () => {
    const folder = join(scratch(), 'out');
    const done = await exportTable({ table: 'products', filters: {} }, { folder });
    expect(done.status.output).toBe(join(folder, done.fileName));
    expect(readdirSync(folder)).toEqual([done.fileName]);

    const file = join(folder, done.fileName);
    for (const bad of ['relative/folder', file]) {
      const error = await core.fail('reports:exportTable', { request: { table: 'products', filters: {} }, folder: bad });
      expect(error.fields ? Object.keys(error.fields) : [], bad).toEqual(['folder']);
    }
    // The cashier's screens export; the admin-only tables refuse them, as their lists do.
    const cashierFolder = join(scratch(), 'cashier');
    for (const table of ['audit', 'users', 'backups'] as const) {
      expect((await core.fail('reports:exportTable', { request: { table, filters: {} }, folder: cashierFolder }, core.cashier)).code, table).toBe('FORBIDDEN');
    }
    expect(existsSync(cashierFolder)).toBe(false);
    const mine = await exportTable({ table: 'enrollments', filters: { productId } }, { session: core.cashier, folder: cashierFolder });
    expect(csvRows(mine.csv).length).toBeGreaterThan(1);
    // Unknown fields and another table's filters are refused by the contract.
    expect((await core.fail('reports:exportTable', { request: { table: 'users', filters: { query: 'x' } } })).code).toBe('VALIDATION');
    expect((await core.fail('reports:exportTable', { request: { table: 'schedules', filters: { limit: 5 } } })).code).toBe('VALIDATION');
  });

  it('a cancelled export leaves no file; exportFile refuses unfinished, foreign and non-file jobs', async () => {
    const folder = scratch();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'keep.txt'), 'mine');
    const started = await core.ok('reports:exportTable', { request: { table: 'schedules', filters: {} }, folder });
    await core.ok('jobs:cancel', { jobId: started.job.jobId });
    await core.services.jobs.settled(started.job.jobId);
    expect((await core.ok('jobs:status', { jobId: started.job.jobId })).state).toBe('cancelled');
    expect(readdirSync(folder)).toEqual(['keep.txt']);
    expect((await core.fail('reports:exportFile', { jobId: started.job.jobId })).code).toBe('CONFLICT');

    const all = await core.ok('data:exportAll', { requestId: rid('exp'), folder: join(folder, 'all') });
    expect((await core.fail('reports:exportFile', { jobId: all.jobId })).fields).toHaveProperty('jobId');
    await core.services.jobs.settled(all.jobId);

    const admins = await core.ok('reports:exportTable', { request: { table: 'products', filters: {} }, folder });
    await core.services.jobs.settled(admins.job.jobId);
    expect((await core.fail('reports:exportFile', { jobId: admins.job.jobId }, core.cashier)).code).toBe('NOT_FOUND');
  });
});
