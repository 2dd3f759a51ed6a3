import type { Route } from '@playwright/test';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { DashboardPage } from './pages/DashboardPage';
import { DepositsPage } from './pages/DepositsPage';
import { DrawerPage } from './pages/DrawerPage';
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

test('a payment and a drawer close made at the core reach the open Drawer and Deposits screens without a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  const enrollmentId = await call<{ enrollments: { id: string }[] }>(page, 'enrollments:list', { limit: 1 }).then((r) => r.enrollments[0]?.id ?? '');
  let navigations = 0;
  page.on('framenavigated', () => (navigations += 1));

  // The Drawer screen open with no drawer: the drawer opened at the core shows.
  const drawer = new DrawerPage(page);
  await drawer.open();
  await expect(page.getByRole('form', { name: 'Open the drawer' })).toBeVisible();
  await call(page, 'drawer:open', { requestId: 'e2e-q-drawer-open', openingFloat: 50_00 });
  await expect(drawer.expectedCash()).toHaveText('$50.00');
  const payments = page.getByRole('table', { name: 'Payments this session' });
  await expect(payments).toContainText('No payments yet.');

  // A cash payment taken through the contract (as the Cashier of another window would): the expected cash, the session's payments and its movements follow.
  await call(page, 'payments:recordManual', { requestId: 'e2e-q-drawer-pay', enrollmentId, method: 'cash', amount: 100_00, tendered: 100_00, currency: 'USD' });
  await expect(drawer.expectedCash()).toHaveText('$150.00');
  await expect(payments.getByRole('row').filter({ hasText: 'DESK1-000001' })).toContainText('$100.00');
  await call(page, 'drawer:move', { requestId: 'e2e-q-drawer-out', kind: 'paid_out', amount: 20_00, reason: 'Stamps' });
  await expect(drawer.expectedCash()).toHaveText('$130.00');
  await expect(page.getByRole('cell', { name: 'Stamps', exact: true })).toBeVisible();
  await snap(page, 'drawer-refreshed-by-notice');

  // The Deposits screen open with nothing to deposit: the drawer closed at the core is offered at once.
  const deposits = new DepositsPage(page);
  await deposits.open();
  await expect(deposits.sessions()).toContainText('Every closed session is already in a deposit.');
  await call(page, 'drawer:close', { requestId: 'e2e-q-drawer-close', countedCash: 130_00 });
  const closed = deposits.sessions().getByRole('row').filter({ hasText: 'DESK1-Z0001' });
  await expect(closed).toContainText('$130.00');
  // A deposit made elsewhere takes the session off the list and shows in the deposits below.
  const sessionId = await call<{ sessions: { id: string }[] }>(page, 'deposits:sessions', {}).then((r) => r.sessions[0]?.id ?? '');
  await call(page, 'deposits:create', { requestId: 'e2e-q-deposit', sessionIds: [sessionId], slipNumber: 'SLIP-LIVE-1' });
  await expect(deposits.sessions()).toContainText('Every closed session is already in a deposit.');
  await expect(deposits.total('SLIP-LIVE-1')).toHaveText('$130.00');
  expect(navigations).toBe(0);
  await snap(page, 'deposits-refreshed-by-notice');
});

test('a refused read of the drawer shows its words and Retry on the Drawer screen', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  let refusing = true;
  await page.route('**/api/invoke', async (route: Route) => {
    if (refusing && (route.request().postData() ?? '').includes('"drawer:current"')) {
      return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'UNAVAILABLE', message: 'The store is being restored; try again in a moment' } }) });
    }
    return route.fallback();
  });
  const drawer = new DrawerPage(page);
  await drawer.open();
  const error = page.getByRole('alert').filter({ hasText: 'Could not load the drawer' });
  await expect(error).toContainText('Could not load the drawer: The store is being restored; try again in a moment');
  await expect(page.getByRole('form', { name: 'Open the drawer' })).toHaveCount(0);
  await snap(page, 'drawer-read-refused');

  refusing = false;
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(error).toHaveCount(0);
  await expect(page.getByRole('form', { name: 'Open the drawer' })).toBeVisible();
});
