import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { holdAnswer } from './holdAnswer';
import { ProductsPage } from './pages/ProductsPage';
import { SignInPage } from './pages/SignInPage';

type Row = [string, string, string];
/** The draft table's rows as [kind, due, amount], header left out. */
const rowsOf = async (products: ProductsPage): Promise<Row[]> => {
  const cells = await products.draftPreviewTable().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')));
  return cells.map((c) => [c[1] ?? '', c[2] ?? '', c[3] ?? ''] as Row);
};

test('the plan form previews the schedule live as the admin types (remainder cents last, month ends clamped), names a bad field, saves, and edits with the same preview', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Welding Nights', price: '1000.01', externalId: 'WLD-N' });
  await expect(page.getByRole('heading', { name: 'Payment plans for Welding Nights' })).toBeVisible();

  // The untouched form already previews its default (3 monthly, no deposit) for today.
  await expect(products.draftPreviewTable()).toBeVisible();

  await products.draftInstallmentPlan({ name: 'Deposit and three monthly', deposit: '100.00', count: '3', previewDate: '01/31/2030' });
  await expect(products.draftPreviewSummary()).toHaveText('Total $1,000.01 in 4 payments; the first is due at enrollment.');
  await expect.poll(() => rowsOf(products)).toEqual([
    ['deposit', 'Jan 31, 2030', '$100.00'],
    ['installment', 'Feb 28, 2030', '$300.00'],
    ['installment', 'Mar 31, 2030', '$300.00'],
    ['installment', 'Apr 30, 2030', '$300.01'],
  ]);
  await snap(page, 'plan-draft-preview');

  // Four installments instead: the preview follows.
  await products.planEditor().getByLabel('Number of installments').fill('4');
  await expect(products.draftPreviewSummary()).toHaveText('Total $1,000.01 in 5 payments; the first is due at enrollment.');
  await expect.poll(() => rowsOf(products)).toEqual([
    ['deposit', 'Jan 31, 2030', '$100.00'],
    ['installment', 'Feb 28, 2030', '$225.00'],
    ['installment', 'Mar 31, 2030', '$225.00'],
    ['installment', 'Apr 30, 2030', '$225.00'],
    ['installment', 'May 31, 2030', '$225.01'],
  ]);

  // Bad drafts: the core's error lands on the field, and no table is shown.
  const count = products.planEditor().getByLabel('Number of installments');
  await count.fill('0');
  await expect(count).toHaveAttribute('aria-invalid', 'true');
  await expect(products.draftPreviewSummary()).toHaveText('No schedule yet: fix the marked field.');
  await expect(products.draftPreviewTable()).toHaveCount(0);
  await count.fill('');
  await expect(products.draftPreviewSummary()).toHaveText('Enter the number of installments to see the schedule.');
  await expect(count).not.toHaveAttribute('aria-invalid', 'true');
  await count.fill('3');
  const deposit = products.planEditor().getByLabel('Deposit', { exact: true });
  await deposit.fill('2000.00');
  await expect(deposit).toHaveAttribute('aria-invalid', 'true');
  await expect(products.planEditor().getByRole('alert').filter({ hasText: 'must be less than the price after discount' })).toBeVisible();
  await snap(page, 'plan-draft-preview-error');
  await deposit.fill('100.00');
  await expect(products.draftPreviewSummary()).toHaveText('Total $1,000.01 in 4 payments; the first is due at enrollment.');
  await expect(deposit).not.toHaveAttribute('aria-invalid', 'true');

  await products.planEditor().getByRole('button', { name: 'Add plan' }).click();
  const listed = products.plansTable().getByRole('row', { name: /Deposit and three monthly/ });
  await expect(listed).toContainText('3 monthly installments');

  // Editing the saved plan fills the form back, with the same live preview.
  await page.getByRole('button', { name: 'Edit Deposit and three monthly' }).click();
  await expect(page.getByRole('heading', { name: 'Edit Deposit and three monthly' })).toBeVisible();
  await expect(products.planEditor().getByLabel('Deposit', { exact: true })).toHaveValue('100.00');
  await products.planEditor().getByLabel('Preview for an enrollment on').fill('01/31/2030');
  await expect.poll(() => rowsOf(products)).toHaveLength(4);
  await products.planEditor().getByLabel('Number of installments').fill('2');
  await expect.poll(() => rowsOf(products)).toEqual([
    ['deposit', 'Jan 31, 2030', '$100.00'],
    ['installment', 'Feb 28, 2030', '$450.00'],
    ['installment', 'Mar 31, 2030', '$450.01'],
  ]);
  await snap(page, 'plan-edit-preview');
  await products.planEditor().getByRole('button', { name: 'Save plan' }).click();
  await expect(listed).toContainText('2 monthly installments');
  await expect(page.getByRole('heading', { name: 'Add a plan' })).toBeVisible();

  const db = new Database(host.databaseFile, { readonly: true });
  const plans = db.prepare('SELECT name, kind, item_count, due_interval, deposit_kind, deposit_amount, first_due_rule FROM payment_plans').all();
  const audits = db.prepare("SELECT action FROM audit_log WHERE action LIKE 'plan.%' ORDER BY seq").all();
  db.close();
  // One plan, created once and updated once: the previews wrote nothing.
  expect(plans).toEqual([{ name: 'Deposit and three monthly', kind: 'installments', item_count: 2, due_interval: 'monthly', deposit_kind: 'amount', deposit_amount: 100_00, first_due_rule: 'enrollment_date' }]);
  expect(audits).toEqual([{ action: 'plan.create' }, { action: 'plan.update' }]);
});

test('an answer for an older draft that arrives after a newer one is dropped', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Stained Glass', price: '500.00' });
  await products.draftInstallmentPlan({ name: 'Monthly', count: '3', previewDate: '01/31/2030' });
  await expect(products.draftPreviewSummary()).toHaveText(/in 3 payments/);

  // Every summary the screen ever shows, so a stale answer shown for a moment is caught.
  await products.draftPreviewSummary().evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { seenSummaries: string[] }).seenSummaries = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  // The preview of the 2-installment draft is held back until the 5-installment one has shown.
  const two = await holdAnswer(page, (call) => call.channel === 'plans:preview' && (call.input as { terms?: { count?: number } }).terms?.count === 2);
  const count = products.planEditor().getByLabel('Number of installments');
  await count.fill('2');
  await two.asked;
  await count.fill('5');
  await expect(products.draftPreviewSummary()).toHaveText('Total $500.00 in 5 payments; the first is due at enrollment.');
  await two.release();
  // A later change round-trips after the held answer has landed; the screen still follows the newest draft.
  await products.planEditor().getByLabel('Preview for an enrollment on').fill('03/31/2030');
  await expect.poll(() => rowsOf(products)).toEqual([
    ['installment', 'Mar 31, 2030', '$100.00'],
    ['installment', 'Apr 30, 2030', '$100.00'],
    ['installment', 'May 31, 2030', '$100.00'],
    ['installment', 'Jun 30, 2030', '$100.00'],
    ['installment', 'Jul 31, 2030', '$100.00'],
  ]);
  const seen = await page.evaluate(() => (window as unknown as { seenSummaries: string[] }).seenSummaries);
  expect(seen.some((s) => s.includes('in 5 payments'))).toBe(true);
  expect(seen.filter((s) => s.includes('in 2 payments'))).toEqual([]);
});
