import { seriousViolations } from './axe';
import { expect, snap, test } from './fixtures';
import { BackupsPage } from './pages/BackupsPage';
import { CashierPage } from './pages/CashierPage';
import { DrawerPage } from './pages/DrawerPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';
import { seedEnrollment } from './seedEnrollment';

// axe-core is injected as a script: only the accessibility specs lift the page's CSP to do that.
test.use({ bypassCSP: true });

test('the sign-in and every admin screen have no serious accessibility violations, in light and dark themes', async ({ page, host }) => {
  await page.goto(host.url);
  expect(await seriousViolations(page)).toEqual([]);
  await new SignInPage(page).setUpAdmin();
  const shell = new Shell(page);
  await expect(shell.nav().getByRole('button', { name: 'Status' })).toBeVisible();
  const titles = await shell.nav().getByRole('button').allTextContents();
  expect(titles.length).toBeGreaterThanOrEqual(4);
  for (const theme of ['light', 'dark'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    for (const title of titles) {
      await shell.open(title);
      await expect(page.locator('main h1')).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), `${title} (${theme})`).toEqual([]);
    }
  }
  await snap(page, 'dark-theme');
});

test('keyboard: Alt+number switches screens and ? opens the shortcuts list', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  // Admins start on the dashboard (issue 7); Alt+2 is the cashier, Alt+9 the reports.
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Cashier', exact: true })).toBeVisible();
  await page.keyboard.press('Alt+9');
  await expect(page.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /Alt\+1 Open Dashboard/ })).toBeVisible();
  await snap(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
});

// Issue 17, axe on every screen: the states a screen only reaches by doing something — the
// overpayment question, the void form, the shortcuts and restore dialogs, and a cashier's
// read-only Settings — are checked too, not only each screen as it opens.
test('the overpayment question, the void form, the dialogs and a cashier\'s Settings have no serious accessibility violations', async ({ page, host }) => {
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
  await expect(cashier.overpaid()).toBeVisible();
  expect(await seriousViolations(page), 'overpayment question').toEqual([]);
  await cashier.keepAsCredit();
  await expect(cashier.receipt('DESK1-000001')).toBeVisible();
  await page.getByRole('button', { name: 'Void this payment…' }).click();
  await expect(page.getByRole('form', { name: /^Void / })).toBeVisible();
  expect(await seriousViolations(page), 'void form').toEqual([]);

  await page.locator('main h1').click();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  expect(await seriousViolations(page), 'shortcuts dialog').toEqual([]);
  await page.keyboard.press('Escape');

  const backups = new BackupsPage(page);
  await backups.open();
  await backups.backUpNow();
  await expect(backups.table().getByRole('row', { name: /Manual/ })).toHaveCount(1);
  await backups.table().getByRole('row', { name: /Manual/ }).first().getByRole('button', { name: /^Restore / }).click();
  const restore = page.getByRole('dialog', { name: 'Restore this backup?' });
  await expect(restore).toBeVisible();
  expect(await seriousViolations(page), 'restore dialog').toEqual([]);
  await restore.getByRole('button', { name: 'Cancel' }).click();
  await expect(restore).toHaveCount(0);

  const users = new UsersPage(page);
  await users.open();
  await users.add({ username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  await expect(page.getByRole('status').filter({ hasText: 'Carol Cashier can now sign in as carol.' })).toBeVisible();
  await new Shell(page).signOut();
  await new SignInPage(page).signIn('carol', '4321');
  await expect(page.getByText('Carol Cashier (cashier)')).toBeVisible();
  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.field('Office name')).toBeDisabled();
  expect(await seriousViolations(page), "a cashier's Settings").toEqual([]);
});
