import { expect, snap, test } from './fixtures';
import { ReportsPage } from './pages/ReportsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';

/** The keys column of the shortcuts dialog, opened with "?" and closed again. */
async function listedKeys(page: import('@playwright/test').Page): Promise<string[]> {
  await page.getByRole('heading', { level: 1 }).first().click();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  const keys = await help.locator('tbody tr td:first-child').allTextContents();
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  return keys;
}

// Issue 17, bug 8: a screen keeps its Alt+key whoever signs in, and only keys that can be typed are listed.
test('Alt+number shortcuts are the same for an admin and a cashier, and every one listed can be typed', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  const adminKeys = (await listedKeys(page)).filter((k) => k.startsWith('Alt+'));
  expect(adminKeys.length).toBeGreaterThan(0);
  for (const k of adminKeys) expect(k).toMatch(/^Alt\+[0-9]$/);
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Cashier', exact: true })).toBeVisible();
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: 'Drawer', exact: true })).toBeVisible();

  const users = new UsersPage(page);
  await users.open();
  await users.add({ username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  await expect(page.getByRole('status').filter({ hasText: 'Carol Cashier can now sign in as carol.' })).toBeVisible();
  await new Shell(page).signOut();
  await new SignInPage(page).signIn('carol', '4321');
  await expect(page.getByText('Carol Cashier (cashier)')).toBeVisible();
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { name: 'Drawer', exact: true })).toBeVisible();
  await page.keyboard.press('Alt+2');
  await expect(page.getByRole('heading', { name: 'Cashier', exact: true })).toBeVisible();
  const cashierKeys = await listedKeys(page);
  expect(cashierKeys).toContain('Alt+2');
  expect(cashierKeys).not.toContain('Alt+1');
  for (const k of cashierKeys.filter((x) => x.startsWith('Alt+'))) expect(adminKeys).toContain(k);
});

// Issue 17, bug 7: the Schedule status report speaks to the office, not to developers.
test('the Schedule status report shows no developer note', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const reports = new ReportsPage(page);
  await reports.open();
  await reports.choose('Schedule status');
  await reports.show();
  await expect(reports.table('Schedule status')).toBeVisible();
  const main = page.getByRole('main');
  await expect(main).not.toContainText('failed:');
  await expect(main).not.toContainText('have no failed state');
  await expect(main).not.toContainText('not modelled');
  await expect(main).toContainText('A declined card payment leaves its installment due or overdue');
  await snap(page, 'reports-status-note');
});
