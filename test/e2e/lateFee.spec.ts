import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { EnrollmentDetailPage } from './pages/EnrollmentDetailPage';
import { ProductsPage } from './pages/ProductsPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { seedOverdueWithLateFeeRule } from './seedEnrollment';

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
  await schedules.move('Tomas Weber', 1, '06/02/2025', 'First payment was due last year');
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

test("the plans' late-fee rule: an admin posts every due fee at once; turned on in Settings, the desk posts them itself", async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
  await seedOverdueWithLateFeeRule(host);

  const schedules = new SchedulesPage(page);
  await schedules.open();
  const feeRows = schedules.table().getByRole('row', { name: /Late fee .*\$15\.00/ });
  await expect(feeRows).toHaveCount(0);
  await page.getByRole('button', { name: 'Post all due late fees' }).click();
  const dialog = page.getByRole('dialog', { name: 'Post all due late fees' });
  await expect(dialog).toContainText("Every item unpaid past its plan's grace days gets its plan's late fee");
  await dialog.getByRole('button', { name: 'Post the fees' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' }).getByText('Posted 2 late fees.')).toBeVisible();
  await expect(feeRows).toHaveCount(2);
  await snap(page, 'schedules-due-late-fees-posted');
  await page.getByRole('button', { name: 'Post all due late fees' }).click();
  await page.getByRole('dialog', { name: 'Post all due late fees' }).getByRole('button', { name: 'Post the fees' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' }).getByText('No late fees are due.')).toBeVisible();
  await expect(feeRows).toHaveCount(2);

  // Automatic: the rule is applied as soon as it is turned on (then hourly), audited as the rule.
  const db = () => new Database(host.databaseFile, { readonly: true });
  const feesByRule = () => {
    const d = db();
    try {
      return (d.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'schedule_item.post_late_fee' AND actor_name = 'late-fee rule'`).get() as { n: number }).n;
    } finally {
      d.close();
    }
  };
  // A second student, as late, is left for the rule.
  await seedOverdueWithLateFeeRule(host, 'Max Overdue');
  const settings = new SettingsPage(page);
  await settings.open();
  const automatic = page.getByRole('checkbox', { name: 'Post late fees automatically' });
  await expect(automatic).not.toBeChecked();
  await automatic.check();
  await settings.save();
  await expect(settings.saved()).toBeVisible();
  await page.reload();
  await settings.open();
  await expect(page.getByRole('checkbox', { name: 'Post late fees automatically' })).toBeChecked();
  await expect.poll(feesByRule).toBe(2);
  await schedules.open();
  await expect(feeRows).toHaveCount(4);
  await expect(schedules.table().getByRole('row', { name: /Max Overdue .* Late fee .*\$15\.00/ })).toHaveCount(2);
});
