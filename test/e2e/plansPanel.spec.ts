import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { EnrollmentDetailPage } from './pages/EnrollmentDetailPage';
import { ProductsPage } from './pages/ProductsPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { SignInPage } from './pages/SignInPage';

test('a plan on listed dates with a late fee (a wrong date is named), a deactivated plan, and a product that asks for its plan instead of the rules', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Pottery Weekend', price: '300.00', externalId: 'POT-1', autoAssign: false });
  await expect(page.getByRole('heading', { name: 'Payment plans for Pottery Weekend' })).toBeVisible();

  await products.addPlanOnDates('Three set dates', '2030-01-15, 2030-02-30, 2030-03-15', { amount: '15.00', graceDays: '10' });
  const dates = products.planForm().getByLabel('Installment due dates');
  await expect(dates).toHaveAttribute('aria-invalid', 'true');
  await expect(products.planForm().getByRole('alert').filter({ hasText: /^date 2 / })).toBeVisible();
  await snap(page, 'plan-dates-error');
  await dates.fill('2030-01-15, 2030-02-15, 2030-03-15');
  await products.planForm().getByRole('button', { name: 'Add plan' }).click();
  const listed = products.plansTable().getByRole('row', { name: /Three set dates/ });
  await expect(listed).toContainText('3 installments on 2030-01-15, 2030-02-15, 2030-03-15');
  await expect(listed).toContainText('$15.00 after 10 days');
  await expect(products.previewTable().getByRole('row')).toHaveCount(4);
  await expect(products.previewTable()).toContainText('Feb 15, 2030');

  await products.addInstallmentPlan('Two monthly', 2, 'monthly');
  const twoMonthly = products.plansTable().getByRole('row', { name: /Two monthly/ });
  await expect(twoMonthly).toContainText('Active');
  await page.getByRole('button', { name: 'Deactivate Two monthly' }).click();
  await expect(twoMonthly).toContainText('Inactive');
  await snap(page, 'plans-dates-late-fee-inactive');
  // A second product with a single plan, so the schedules screen has two to tell apart.
  await products.create({ name: 'Guitar Basics', price: '120.00' });
  await products.addInstallmentPlan('Two payments', 2, 'monthly');
  await expect(products.plansTable().getByRole('row', { name: /Two payments/ })).toBeVisible();

  // The product does not let the rules choose: the wizard offers its active plans only.
  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Ines Ortega' });
  await enroll.chooseProduct(/Pottery Weekend/);
  const planSelect = page.getByLabel('Payment plan');
  await expect(planSelect.locator('option')).toHaveText(['Three set dates']);
  await expect(enroll.preview().getByRole('row')).toHaveCount(4);
  await enroll.confirm();
  const detail = new EnrollmentDetailPage(page);
  await expect(detail.schedule().getByRole('row')).toHaveCount(4);

  // The whole enrollment paused and resumed from its detail, each with a reason.
  await page.getByRole('button', { name: 'Pause the whole enrollment' }).click();
  const pause = page.getByRole('dialog', { name: 'Pause every unpaid item' });
  await pause.getByLabel('Reason').fill('Studio closed for repairs');
  await pause.getByRole('button', { name: 'Apply' }).click();
  await expect(detail.schedule().getByRole('row', { name: /Paused/ })).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Pause the whole enrollment' })).toHaveCount(0);
  await snap(page, 'enrollment-paused');
  await page.getByRole('button', { name: 'Resume the whole enrollment' }).click();
  const resume = page.getByRole('dialog', { name: 'Resume every paused item' });
  await expect(resume.getByLabel(/Move each due date on/)).toBeChecked();
  await resume.getByLabel('Reason').fill('Studio open again');
  await resume.getByRole('button', { name: 'Apply' }).click();
  await expect(detail.schedule().getByRole('row', { name: / Due$/ })).toHaveCount(3);
  await expect(detail.schedule().getByRole('row', { name: /Paused/ })).toHaveCount(0);

  await enroll.open();
  await enroll.newStudent({ name: 'Ines Ortega Junior' });
  await enroll.chooseProduct(/Guitar Basics/);
  // No rule is named for a product's only plan ("single plan" was English posing as a rule's name).
  await expect(page.getByRole('status').filter({ hasText: 'Plan chosen: No rule matched; the product\'s only active plan "Two payments" is used.' })).toBeVisible();
  await enroll.confirm();
  await expect(new EnrollmentDetailPage(page).schedule().getByRole('row')).toHaveCount(3);

  // The schedules admin filters by product on the server.
  const schedules = new SchedulesPage(page);
  await schedules.open();
  await expect(schedules.table().getByRole('row')).toHaveCount(6);
  await schedules.filterProduct('Guitar Basics');
  await expect(schedules.table().getByRole('row')).toHaveCount(3);
  await expect(schedules.table()).not.toContainText('Pottery Weekend');
  await schedules.filterProduct('Pottery Weekend');
  await expect(schedules.table().getByRole('row')).toHaveCount(4);
  await snap(page, 'schedules-product-filter');

  const db = new Database(host.databaseFile, { readonly: true });
  const plan = db.prepare("SELECT late_fee_amount, late_fee_grace_days, active FROM payment_plans WHERE name = 'Three set dates'").get();
  const inactive = db.prepare("SELECT active FROM payment_plans WHERE name = 'Two monthly'").get();
  const product = db.prepare("SELECT auto_assign_payment_plan FROM products WHERE external_id = 'POT-1'").get();
  const audits = db.prepare("SELECT action, count(*) AS n FROM audit_log WHERE action LIKE 'schedule_item.%' GROUP BY action ORDER BY action").all();
  const items = db.prepare("SELECT i.due_date, i.amount FROM schedule_items i JOIN products p ON p.id = i.product_id WHERE p.external_id = 'POT-1' ORDER BY i.seq").all();
  db.close();
  expect(plan).toEqual({ late_fee_amount: 1500, late_fee_grace_days: 10, active: 1 });
  expect(inactive).toEqual({ active: 0 });
  expect(product).toEqual({ auto_assign_payment_plan: 0 });
  expect(audits).toEqual([{ action: 'schedule_item.pause', n: 3 }, { action: 'schedule_item.resume', n: 3 }]);
  expect(items).toEqual([{ due_date: '2030-01-15', amount: 10000 }, { due_date: '2030-02-15', amount: 10000 }, { due_date: '2030-03-15', amount: 10000 }]);
});
