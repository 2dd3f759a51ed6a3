import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { EnrollmentDetailPage } from './pages/EnrollmentDetailPage';
import { ProductsPage } from './pages/ProductsPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';

test('an admin posts the proposed late fee of an overdue item from the schedules table, and the fee shows as its own row', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Ceramics Evening', price: '300.00', externalId: 'CER-1', autoAssign: false });
  await products.addPlanOnDates('Three dates with a fee', '2030-01-15, 2030-02-15, 2030-03-15', { amount: '15.00', graceDays: '10' });
  await expect(products.plansTable().getByRole('row', { name: /Three dates with a fee/ })).toContainText('$15.00 after 10 days');

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Tomas Weber' });
  await enroll.chooseProduct(/Ceramics Evening/);
  await enroll.confirm();
  await expect(new EnrollmentDetailPage(page).schedule().getByRole('row')).toHaveCount(4);

  // The first item was keyed a few years late: moved back, it is long overdue and a fee is proposed.
  const schedules = new SchedulesPage(page);
  await schedules.open();
  await expect(schedules.postLateFeeButton('Tomas Weber', 1)).toHaveCount(0);
  await schedules.move('Tomas Weber', 1, '2025-06-02', 'First payment was due last year');
  const overdue = schedules.table().getByRole('row', { name: /Tomas Weber .* 1 .*Overdue/ });
  await expect(overdue).toContainText('$15.00');
  await snap(page, 'schedules-late-fee-proposed');

  // The dialog says what posting does before anything is written.
  await schedules.postLateFeeButton('Tomas Weber', 1).click();
  await expect(page.getByRole('dialog', { name: 'Post the late fee' })).toContainText('A late fee of $15.00 becomes a new item of this schedule, due today.');
  await page.getByRole('dialog', { name: 'Post the late fee' }).getByRole('button', { name: 'Cancel' }).click();

  await schedules.postLateFee('Tomas Weber', 1, 'Paid after the grace days');
  await expect(schedules.table().getByRole('row')).toHaveCount(5);
  const fee = schedules.table().getByRole('row', { name: /Tomas Weber .* 4 Late fee .*\$15\.00/ });
  await expect(fee).toBeVisible();
  await expect(fee).toContainText('Due');
  await expect(schedules.postLateFeeButton('Tomas Weber', 1)).toHaveCount(0);
  await expect(overdue).not.toContainText('$15.00');
  await snap(page, 'schedules-late-fee-posted');

  // The enrollment detail lists the fee with the schedule and owes it in the balance; nothing is proposed any more.
  await new Shell(page).open('Enrollments');
  await page.getByRole('button', { name: 'Open Tomas Weber — Ceramics Evening' }).click();
  const detail = new EnrollmentDetailPage(page);
  await expect(detail.schedule().getByRole('row', { name: /^4 Late fee .*\$15\.00/ })).toBeVisible();
  await expect(detail.balance()).toHaveText('$315.00');
  await expect(page.getByText('Proposed late fees')).toHaveCount(0);
  await snap(page, 'enrollment-late-fee-row');

  const db = new Database(host.databaseFile, { readonly: true });
  const rows = db.prepare(`SELECT f.amount, f.state_reason, i.seq AS for_seq FROM schedule_items f JOIN schedule_items i ON i.id = f.fee_for_item_id WHERE f.kind = 'late_fee'`).all();
  db.close();
  expect(rows).toEqual([{ amount: 1500, state_reason: 'Paid after the grace days', for_seq: 1 }]);
});
