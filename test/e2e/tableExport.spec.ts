import type { Page } from '@playwright/test';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { AuditPage } from './pages/AuditPage';
import { BackupsPage } from './pages/BackupsPage';
import { DashboardPage } from './pages/DashboardPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { Shell } from './pages/Shell';
import { UsersPage } from './pages/UsersPage';
import { SignInPage } from './pages/SignInPage';
import { TableExportControl, bodyCells } from './pages/TableExportControl';
import { usTyped } from './officeDates';

let n = 0;
const rid = () => `e2e-table-export-${Date.now()}-${++n}`;
const ENROLLMENTS = 12;
const TRICKY = 'Zoë Quill, "the third"';

/** 12 students on a three-month plan: 36 schedule items, more than the Schedules screen's page of 25. */
async function seed(page: Page): Promise<void> {
  const product = await call<{ id: string }>(page, 'products:create', { requestId: rid(), product: { type: 'course', name: 'Welding, advanced', price: 300_00, currency: 'USD' } });
  const plan = await call<{ id: string }>(page, 'plans:create', { requestId: rid(), plan: { productId: product.id, name: 'Three months', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } });
  for (let i = 0; i < ENROLLMENTS; i++) {
    const payer = await call<{ id: string }>(page, 'payers:create', { requestId: rid(), payer: { name: i === 0 ? TRICKY : `Student ${String(i).padStart(2, '0')}` } });
    await call(page, 'enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id });
  }
}

test('schedules and audit export their whole filtered tables as CSV files whose rows match the tables', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(new DashboardPage(page).heading()).toBeVisible();
  await seed(page);

  // Schedules: the file holds every item (36), not only the page of 25 the table shows.
  const schedules = new SchedulesPage(page);
  await schedules.open();
  await expect(schedules.table().locator('tbody tr')).toHaveCount(25);
  const exporter = new TableExportControl(page, 'schedule items');
  const all = await exporter.download();
  expect(all.fileName).toMatch(/^bursar-schedules-.*\.csv$/);
  expect(all.text.startsWith('\uFEFF'), 'BOM on by default for spreadsheets').toBe(true);
  const [header, ...rows] = all.rows;
  expect(header?.slice(0, 3)).toEqual(['Student', 'Course or program', '#']);
  expect(rows).toHaveLength(ENROLLMENTS * 3);
  // Student, course and item number of the shown page are the file's first rows, in order.
  const shown = await bodyCells(schedules.table());
  expect(rows.slice(0, 25).map((r) => r.slice(0, 3))).toEqual(shown.map((r) => r.slice(0, 3)));
  // The comma and the quotes of a name survive the round trip.
  expect(rows.filter((r) => r[0] === TRICKY)).toHaveLength(3);
  await snap(page, 'schedules-export');

  // A filter narrows the file as it narrows the table; the BOM can be turned off.
  const today = new Date().toISOString().slice(0, 10);
  await page.getByLabel('Due to').fill(usTyped(today));
  await expect(schedules.table().locator('tbody tr')).toHaveCount(ENROLLMENTS);
  await exporter.setBom(false);
  const filtered = await exporter.download();
  expect(filtered.text.startsWith('Student,')).toBe(true);
  const filteredRows = filtered.rows.slice(1);
  expect(filteredRows).toHaveLength(ENROLLMENTS);
  expect(filteredRows.map((r) => r.slice(0, 3))).toEqual((await bodyCells(schedules.table())).map((r) => r.slice(0, 3)));
  expect(filteredRows.every((r) => r[2] === '1' && r[3] === today)).toBe(true);

  // Audit: the file's entries are the table's, for the applied filter.
  const audit = new AuditPage(page);
  await audit.open();
  await audit.filterByAction('enrollment.create');
  await expect(audit.table().locator('tbody tr')).toHaveCount(ENROLLMENTS);
  const auditFile = await new TableExportControl(page, 'audit entries').download();
  expect(auditFile.fileName).toMatch(/^bursar-audit-.*\.csv$/);
  const auditRows = auditFile.rows.slice(1);
  const auditShown = await bodyCells(audit.table());
  // '#' as stored and the action in words are shown; the file keeps the stored code (fifth column) and adds the words (last).
  expect(auditRows.map((r) => [r[0], r.at(-1)])).toEqual(auditShown.map((r) => [r[0], r[3]]));
  expect(new Set(auditRows.map((r) => r[4]))).toEqual(new Set(['enrollment.create']));
  expect(new Set(auditShown.map((r) => r[3]))).toEqual(new Set(['Student enrolled']));
  await snap(page, 'audit-export');
});

test('the Enrollments screen filters by every word typed, inside the student name, as you type, and exports what it shows', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(new DashboardPage(page).heading()).toBeVisible();
  await seed(page);
  await new Shell(page).open('Enrollments');
  const table = page.getByRole('table', { name: 'Enrollments' });
  await expect(table.locator('tbody tr')).toHaveCount(ENROLLMENTS);
  const find = page.getByLabel('Find student');
  await find.pressSequentially('student 0');
  // Every word inside the name: "Student 10" has a 0 too (the one payer search, issue 17 bug 6).
  await expect(table.locator('tbody tr').filter({ hasNotText: /Student \d*0/ })).toHaveCount(0);
  await expect(table.locator('tbody tr').filter({ hasText: 'Student 0' }).first()).toBeVisible();
  await find.pressSequentially('7');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  const file = await new TableExportControl(page, 'enrollments').download();
  expect(file.rows.slice(1).map((r) => r[0])).toEqual(['Student 07']);
  await find.fill('nobody');
  await expect(table).toContainText('No enrollment of a student matching');
  await snap(page, 'enrollments-find-student');
});

test('users and backups export their tables too', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(new DashboardPage(page).heading()).toBeVisible();

  const users = new UsersPage(page);
  await users.open();
  const usersFile = await new TableExportControl(page, 'users').download();
  expect(usersFile.rows[0]).toEqual(['Username', 'Name', 'Role', 'Active', 'User id']);
  expect(usersFile.rows.slice(1).map((r) => r.slice(0, 3))).toEqual([['admin', 'Office Admin', 'admin']]);

  const backups = new BackupsPage(page);
  await backups.open();
  await backups.backUpNow();
  await expect(backups.table().locator('tbody tr')).toHaveCount(1);
  const backupsFile = await new TableExportControl(page, 'backups').download();
  const [row] = backupsFile.rows.slice(1);
  expect(backupsFile.rows).toHaveLength(2);
  expect(row?.[1]).toBe('manual');
  await expect(backups.table()).toContainText(row?.[0] ?? '?');
  await snap(page, 'backups-export');
});
