import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { EnrollmentDetailPage } from './pages/EnrollmentDetailPage';
import { ProductsPage } from './pages/ProductsPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { SignInPage } from './pages/SignInPage';

test('the wizard enrolls a student in a 3-installment plan; the detail shows the schedule; pausing an item shows it paused in the admin table', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Evening Spanish A1', price: '900.01', externalId: 'SPAN-A1' });
  await expect(page.getByRole('heading', { name: 'Payment plans for Evening Spanish A1' })).toBeVisible();
  await products.addInstallmentPlan('Three monthly payments', 3, 'monthly');
  await expect(products.previewTable().getByRole('row')).toHaveCount(4);
  // 90001 cents in three: the last installment takes the remainder cent.
  await expect(products.previewTable()).toContainText('$300.00');
  await expect(products.previewTable()).toContainText('$300.01');
  await snap(page, 'products-plans');

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Maria Lopez', email: 'maria@example.org', phone: '+1 555 0100' });
  await enroll.chooseProduct(/Evening Spanish A1/);
  await enroll.choosePlan('Three monthly payments');
  await expect(enroll.preview().getByRole('row')).toHaveCount(4);
  await snap(page, 'enroll-preview');
  await enroll.confirm();

  const detail = new EnrollmentDetailPage(page);
  await expect(detail.schedule().getByRole('row')).toHaveCount(4);
  await expect(detail.balance()).toHaveText('$900.01');
  await expect(detail.schedule()).toContainText('Due');
  await snap(page, 'enrollment-detail');

  const db = new Database(host.databaseFile, { readonly: true });
  const items = db.prepare('SELECT amount FROM schedule_items ORDER BY seq').all() as { amount: number }[];
  db.close();
  expect(items.map((i) => i.amount)).toEqual([30000, 30000, 30001]);

  const schedules = new SchedulesPage(page);
  await schedules.open();
  await expect(schedules.table().getByRole('row')).toHaveCount(4);
  await schedules.pause('Maria Lopez', 2, 'Student on medical leave');
  await expect(schedules.table().getByRole('row', { name: /Maria Lopez .* 2 .*Paused/ })).toBeVisible();
  await schedules.filterStatus('paused');
  await expect(schedules.table().getByRole('row')).toHaveCount(2);
  await snap(page, 'schedules-paused');
  // Several statuses at once, ticked from the keyboard: paused or due is all three items.
  await schedules.statusFilter().getByRole('checkbox', { name: 'Due', exact: true }).focus();
  await page.keyboard.press('Space');
  await expect(schedules.table().getByRole('row')).toHaveCount(4);
  await expect(schedules.table().getByRole('row', { name: /Paused/ })).toHaveCount(1);
  await schedules.filterStatus('due');
  await expect(schedules.table().getByRole('row')).toHaveCount(3);
  await expect(schedules.table().getByRole('row', { name: /Paused/ })).toHaveCount(0);
  await snap(page, 'schedules-several-statuses');
});

test('importing a CSV shows the per-row report, and a second import updates instead of duplicating', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const products = new ProductsPage(page);
  await products.open();
  const csv = ['external_id,type,name,price,currency,start_date,end_date', 'C-100,course,Intro to Pottery,120.00,USD,2027-01-10,2027-03-10', 'P-200,program,Web Development,4500,USD,,', 'BAD-1,course,Broken Price,abc,USD,,'].join('\n');
  await products.importCsv(csv);
  const report = page.getByRole('table', { name: 'Import report' });
  await expect(report.getByRole('row')).toHaveCount(4);
  await expect(report).toContainText('rejected');
  await expect(page.getByText('2 created, 0 updated, 0 unchanged, 1 rejected.')).toBeVisible();
  await snap(page, 'products-import');

  await page.getByLabel('CSV text').fill(csv.replace('Intro to Pottery,120.00', 'Intro to Pottery,125.00'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('0 created, 1 updated, 1 unchanged, 1 rejected.')).toBeVisible();
  await expect(products.table().getByRole('row', { name: /Intro to Pottery/ })).toContainText('$125.00');
  await expect(products.table().getByRole('row')).toHaveCount(3);
});
