import { seriousViolations } from './axe';
import { expect, snap, test } from './fixtures';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';

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
