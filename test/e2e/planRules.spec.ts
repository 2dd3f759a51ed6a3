import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { EnrollmentDetailPage } from './pages/EnrollmentDetailPage';
import { PlanRulesPage } from './pages/PlanRulesPage';
import { ProductsPage } from './pages/ProductsPage';
import { SignInPage } from './pages/SignInPage';

type RuleRow = { position: number; name: string; product_type: string | null; currency: string | null; price_at_least: number | null; plan_kind: string; payer_choice_allowed: number };

test('an admin writes auto-detect rules (add, field error from the core, edit, reorder, remove, save) and the wizard shows the rule that picked the plan', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  // A course with two plans, so only a rule can choose between them.
  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Evening Spanish A1', type: 'course', price: '900.00', externalId: 'SPAN-A1' });
  await products.addSubscriptionPlan('Monthly subscription', 9, 'monthly');
  const plans = page.getByRole('table', { name: 'Payment plans' });
  await expect(plans.getByRole('row', { name: /Monthly subscription/ })).toBeVisible();
  await products.addInstallmentPlan('Three monthly payments', 3, 'monthly');
  await expect(plans.getByRole('row', { name: /Three monthly payments/ })).toBeVisible();

  const rules = new PlanRulesPage(page);
  await rules.open();
  await expect(page.getByText('No rules yet')).toBeVisible();

  // A price with no currency: the core names the field, the editor opens the rule and shows it there.
  await rules.add({ name: 'Courses from $500 pay in installments', plan: 'installments', productType: 'course', priceAtLeast: '500' });
  await expect(page.getByRole('button', { name: 'Add a rule' })).toBeFocused();
  await rules.add({ name: 'Programs pay in full', plan: 'full', productType: 'program', payerMayChoose: false });
  await expect(rules.list().getByRole('listitem')).toHaveCount(2);
  await rules.save();
  const currency = rules.form().getByLabel('Currency');
  await expect(rules.form().getByRole('heading', { name: 'Edit rule 1' })).toBeVisible();
  await expect(currency).toHaveAttribute('aria-invalid', 'true');
  await expect(rules.form().getByRole('alert')).toContainText('is required when the rule compares prices');
  await expect(rules.rule(1)).toContainText('Currency is required');
  await snap(page, 'plan-rules-field-error');
  await currency.fill('usd');
  await expect(currency).not.toHaveAttribute('aria-invalid', 'true');
  await rules.form().getByRole('button', { name: 'Update rule' }).click();
  await expect(rules.rule(1)).toContainText('priced in USD, price at least $500.00 → Installments plan');

  // Keyboard reorder: the moved rule keeps the focus (on its other button once it reaches the top).
  await page.getByRole('button', { name: 'Move Programs pay in full up' }).focus();
  await page.keyboard.press('Enter');
  await expect(rules.rule(1)).toContainText('Programs pay in full');
  await expect(page.getByRole('button', { name: 'Move Programs pay in full down' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(rules.rule(2)).toContainText('Programs pay in full');

  // Edit and remove.
  await rules.add({ name: 'Late sign-ups pay in full', plan: 'full', daysAtMost: 'soon' });
  await expect(rules.form().getByLabel('Days until start at most')).toHaveAttribute('aria-invalid', 'true');
  await rules.fill({ daysAtMost: '7' });
  await rules.form().getByRole('button', { name: 'Add to the list' }).click();
  // Escape closes the form and gives the focus back to the rule's Edit button.
  await page.getByRole('button', { name: 'Edit Late sign-ups pay in full' }).click();
  await expect(rules.form().getByLabel('Rule name')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(rules.form()).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Edit Late sign-ups pay in full' })).toBeFocused();
  await page.keyboard.press('Enter');
  await rules.fill({ name: 'Last-week sign-ups pay in full' });
  await rules.form().getByRole('button', { name: 'Update rule' }).click();
  await expect(rules.rule(3)).toContainText('Last-week sign-ups pay in full');
  await page.getByRole('button', { name: 'Remove Programs pay in full' }).click();
  await expect(rules.list().getByRole('listitem')).toHaveCount(2);
  await rules.save();
  await expect(page.getByText('2 auto-detect rules saved')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save rules' })).toBeDisabled();
  await snap(page, 'plan-rules-saved');

  const db = new Database(host.databaseFile, { readonly: true });
  const saved = db.prepare('SELECT position, name, product_type, currency, price_at_least, plan_kind, payer_choice_allowed FROM plan_rules ORDER BY position').all() as RuleRow[];
  db.close();
  expect(saved).toEqual([
    { position: 1, name: 'Courses from $500 pay in installments', product_type: 'course', currency: 'USD', price_at_least: 500_00, plan_kind: 'installments', payer_choice_allowed: 1 },
    { position: 2, name: 'Last-week sign-ups pay in full', product_type: null, currency: null, price_at_least: null, plan_kind: 'full', payer_choice_allowed: 1 },
  ]);

  // The saved list reads back in the same order after leaving the screen.
  await rules.open();
  await expect(rules.rule(1)).toContainText('Courses from $500 pay in installments');
  await expect(rules.rule(2)).toContainText('at most 7 days before the start');

  // The wizard, with the plan left to the rules, shows which rule matched and why.
  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Maria Lopez', email: 'maria@example.org' });
  await enroll.chooseProduct(/Evening Spanish A1/);
  const detected = page.getByRole('status').filter({ hasText: 'Plan chosen by rule' });
  await expect(detected).toContainText('“Courses from $500 pay in installments”');
  // The reason is worded in the window from its keys: amounts in the office's money format.
  await expect(detected).toContainText('product type is course, currency is USD, price $900.00 ≥ $500.00');
  await expect(detected).toContainText('installments plan "Three monthly payments"');
  await expect(enroll.preview().getByRole('row')).toHaveCount(4);
  await snap(page, 'enroll-detected-rule');

  // The enrollment keeps the rule and its reason; the detail screen shows both.
  await enroll.confirm();
  const detail = new EnrollmentDetailPage(page);
  await expect(detail.schedule().getByRole('row')).toHaveCount(4);
  await expect(page.getByText('chosen by rule “Courses from $500 pay in installments”')).toBeVisible();
  await expect(page.getByText(/^Why this plan: Rule 1 .*price \$900\.00 ≥ \$500\.00/)).toBeVisible();
  await snap(page, 'enrollment-detail-rule');
});
