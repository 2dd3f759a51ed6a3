import type { Route } from '@playwright/test';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { DashboardPage } from './pages/DashboardPage';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, structural fixes: every read shows its loading and error state (never silence), and
// a change at the core reaches an open screen through the change notices, without a reload.

test('a refused read shows its words and Retry, and Retry reads it again', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  const dashboard = new DashboardPage(page);
  await expect(dashboard.card("Today's takings")).toContainText('Nothing taken yet today.');

  // From here the core refuses the dashboard's read (as while a restore holds the store) until the test lets it through.
  let refusing = true;
  await page.route('**/api/invoke', async (route: Route) => {
    if (refusing && (route.request().postData() ?? '').includes('"dashboard:stats"')) {
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'UNAVAILABLE', message: 'The store is being restored; try again in a moment' } }) });
    }
    return route.fallback();
  });
  // Opening the screen again reads it again: the refusal is shown (over the figures last read), not dropped.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Enrollments', exact: true }).click();
  await dashboard.open();
  const error = dashboard.readError();
  await expect(error).toContainText("Could not load today's figures: The store is being restored; try again in a moment");
  await snap(page, 'dashboard-read-refused');

  refusing = false;
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(error).toHaveCount(0);
  await expect(dashboard.card("Today's takings")).toContainText('Nothing taken yet today.');
});

test('a payment made at the core refreshes the open dashboard without a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  const enrollmentId = await call<{ enrollments: { id: string }[] }>(page, 'enrollments:list', { limit: 1 }).then((r) => r.enrollments[0]?.id ?? '');
  await call(page, 'drawer:open', { requestId: 'e2e-q-open', openingFloat: 50_00 });

  const dashboard = new DashboardPage(page);
  await dashboard.open();
  await expect(dashboard.card("Today's takings")).toContainText('Nothing taken yet today.');
  let navigations = 0;
  page.on('framenavigated', () => (navigations += 1));

  // Through the contract, as another window of this desk would: only the change notice tells the screen.
  await call(page, 'payments:recordManual', { requestId: 'e2e-q-pay-1', enrollmentId, method: 'cash', amount: 100_00, tendered: 100_00, currency: 'USD' });
  const cashRow = dashboard.takings().getByRole('row').filter({ hasText: 'Cash' });
  await expect(cashRow.getByRole('cell')).toHaveText(['Cash', '1', '$100.00', '$0.00', '$100.00']);

  await call(page, 'payments:recordManual', { requestId: 'e2e-q-pay-2', enrollmentId, method: 'cash', amount: 25_00, tendered: 25_00, currency: 'USD' });
  await expect(cashRow.getByRole('cell')).toHaveText(['Cash', '2', '$125.00', '$0.00', '$125.00']);
  expect(navigations).toBe(0);
  await snap(page, 'dashboard-refreshed-by-notice');
});
