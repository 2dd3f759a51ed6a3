import { seriousViolations } from './axe';
import { expect, snap, test } from './fixtures';
import { StatusPage } from './pages/StatusPage';
import { SignInPage } from './pages/SignInPage';
import { seedStripeLog } from './seedStripeLog';

// axe-core is injected as a script: only the accessibility specs lift the page's CSP to do that.
test.use({ bypassCSP: true });

test('the Status screen with older events and outbox rows to load has no serious accessibility violations in light and dark themes', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await host.restart(() => void seedStripeLog(host.dataDir, { events: 150, outbox: 60 }));
  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  const status = new StatusPage(page);
  await status.open();
  await expect(status.shown('events')).toHaveText('Showing the newest 100 events');
  await expect(status.shown('outbox rows')).toHaveText('Showing the newest 50 outbox rows');
  for (const theme of ['light', 'dark'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    expect(await seriousViolations(page), `${theme}, more to load`).toEqual([]);
  }
  await status.loadOlder('events').click();
  await expect(status.shown('events')).toHaveText('Showing all 150 events');
  expect(await seriousViolations(page), 'dark, all loaded').toEqual([]);
  await snap(page, 'status-load-more-dark');
});
