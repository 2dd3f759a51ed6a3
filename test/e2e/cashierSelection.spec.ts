import type { Page } from '@playwright/test';
import { expect, snap, test } from './fixtures';
import type { Host } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { DrawerPage } from './pages/DrawerPage';
import { holdAnswer } from './holdAnswer';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment, seedSecondPayer } from './seedEnrollment';

// Issue 17, bug 2: a new search must drop the payer on screen until one is chosen, so money
// cannot be taken for the previous student.
test('a new search that finds nobody, or several payers, clears the payer, the payment form and the last receipt', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  await seedSecondPayer(host);

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('Dana Student');
  await expect(cashier.balance()).toHaveText('Balance: $300.00');
  await cashier.takeTransfer('50.00', 'TRF-9');
  await expect(cashier.receipt('DESK1-000001')).toBeVisible();
  await expect(cashier.balance()).toHaveText('Balance: $250.00');

  await cashier.findPayer('zzz');
  await expect(page.getByText('No payer matches “zzz”.')).toBeVisible();
  await expect(cashier.balance()).toHaveCount(0);
  await expect(cashier.takePaymentForm()).toHaveCount(0);
  await expect(cashier.receipt('DESK1-000001')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Dana Student' })).toHaveCount(0);

  await cashier.findPayer('Dana Student');
  await expect(cashier.balance()).toHaveText('Balance: $250.00');
  await cashier.findPayer('dana');
  await expect(cashier.matchingPayers().getByRole('button')).toHaveCount(2);
  await expect(cashier.balance()).toHaveCount(0);
  await expect(cashier.takePaymentForm()).toHaveCount(0);
  await snap(page, 'cashier-several-payers');

  await cashier.pickPayer('Dana Other');
  await expect(page.getByRole('heading', { name: 'Dana Other' })).toBeVisible();
  await expect(cashier.balance()).toHaveText('Balance: $300.00');
});

/**
 * Two payers named Dana; the cashier has searched for Dana Student, whose figures are held back
 * until `figures.release()`.
 */
async function danaStudentWithFiguresHeld(page: Page, host: Host) {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  await seedSecondPayer(host);
  const figures = await holdAnswer(page, (call) => call.channel === 'enrollments:paymentDetails');
  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('Dana Student');
  await figures.asked;
  return { cashier, figures, search: cashier.searchBox() };
}

// Seen as a flaky oneSearch run: the payment form mounts when the payer's figures arrive and took
// the focus (autoFocus), even when the cashier had already started typing the next name. The
// rest of the name went into Amount and Enter searched for the old payer again.
test("typing the next search while the payer's figures load keeps every key in the search box", async ({ page, host }) => {
  // Dana Student's figures are held back until the cashier has typed the start of the next name.
  const { cashier, figures, search } = await danaStudentWithFiguresHeld(page, host);
  // The panel waits for the figures: heading, items and form come together.
  await expect(page.getByRole('status').filter({ hasText: 'Loading what is due…' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Dana Student' })).toHaveCount(0);

  await search.fill('');
  await page.keyboard.type('Dana O');
  await figures.release();
  await expect(cashier.takePaymentForm()).toBeVisible();
  await page.keyboard.type('ther');
  await expect(search).toHaveValue('Dana Other');
  await expect(search).toBeFocused();
  await expect(cashier.takePaymentForm().getByLabel(/^Amount/)).toHaveValue('');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Dana Other' })).toBeVisible();
  // With no typing in between, the payment form takes the focus as before: amount first.
  await expect(cashier.takePaymentForm().getByLabel(/^Amount/)).toBeFocused();
});

// Seen as a flaky oneSearch run in CI: the payer's heading showed before their figures, and the
// cashier (the test's fill: select all, then type) had selected the search text when the form
// came and took the focus, so the next name went into Amount. Selecting is typing a search too.
test("selecting the search text while the payer's figures load keeps the next name in the search box", async ({ page, host }) => {
  const { cashier, figures, search } = await danaStudentWithFiguresHeld(page, host);
  await search.click();
  await page.keyboard.press('ControlOrMeta+a');
  await figures.release();
  await expect(cashier.takePaymentForm()).toBeVisible();
  await page.keyboard.type('Dana Other');
  await expect(search).toHaveValue('Dana Other');
  await expect(cashier.takePaymentForm().getByLabel(/^Amount/)).toHaveValue('');
});

// Issue 17, bug 1: a void that takes back the credit its payment left must take it off the screen too.
test('voiding an overpayment takes its credit off the panel at once', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('100.00');
  await expect(drawer.expectedCash()).toHaveText('$100.00');

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('Dana Student');
  await cashier.takeCash('400.00', '400.00');
  await cashier.confirmWithEnter();
  await cashier.keepAsCredit();
  await expect(cashier.payerCredit()).toHaveText('Credit on account: $100.00');
  await expect(cashier.takePaymentForm().getByLabel('Use credit on account first')).toBeVisible();

  await cashier.voidAsAdmin('typed the wrong amount');
  await expect(cashier.receipt('DESK1-000001').getByText('VOID')).toBeVisible();
  await expect(cashier.payerCredit()).toHaveCount(0);
  await expect(cashier.takePaymentForm().getByLabel('Use credit on account first')).toHaveCount(0);
  await expect(cashier.balance()).toHaveText('Balance: $300.00');
  await snap(page, 'cashier-void-credit-gone');
});

// Issue 17, bug 12: money beyond what is owed is never taken silently.
test('an overpayment asks "keep as credit or give change?": cash gives the change, a transfer keeps the credit', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  await seedSecondPayer(host);
  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('100.00');
  await expect(drawer.expectedCash()).toHaveText('$100.00');

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('Dana Student');
  await cashier.takeCash('400.00', '400.00');
  await cashier.confirmWithEnter();
  await expect(cashier.overpaid()).toContainText('Overpaid by $100.00: keep it as credit or give change?');
  await expect(cashier.receipt('DESK1-000001')).toHaveCount(0);
  await snap(page, 'cashier-overpaid-question');
  await cashier.giveChange();
  const receipt = cashier.receipt('DESK1-000001');
  await expect(receipt.getByTestId('change-due')).toHaveText('$100.00');
  await expect(cashier.balance()).toHaveText('Balance: $0.00');
  await expect(cashier.payerCredit()).toHaveCount(0);
  await drawer.open();
  await expect(drawer.expectedCash()).toHaveText('$400.00');

  await cashier.open();
  await cashier.findPayer('Dana Other');
  await cashier.takeTransfer('350.00', 'TRF-OVER');
  await expect(cashier.overpaid()).toContainText('Overpaid by $50.00');
  await expect(cashier.overpaid().getByRole('button', { name: /change$/ })).toHaveCount(0);
  await cashier.keepAsCredit();
  await expect(cashier.receipt('DESK1-000002')).toContainText('Kept as credit$50.00');
  await expect(cashier.payerCredit()).toHaveText('Credit on account: $50.00');
});
