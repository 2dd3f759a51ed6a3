import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { DashboardPage } from './pages/DashboardPage';
import { DrawerPage } from './pages/DrawerPage';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, bug 10: for the same day the dashboard said "cash 5 payments / $350" and the Z
// report "Cash 4 / $800". The dashboard now shows what it counts in the Z report's terms.
test('for a day with a void and a refund, the dashboard and the Z report agree on cash kept', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);
  const enrollmentId = await call<{ enrollments: { id: string }[] }>(page, 'enrollments:list', { limit: 1 }).then((r) => r.enrollments[0]?.id ?? '');
  await call(page, 'drawer:open', { requestId: 'e2e-fig-open', openingFloat: 50_00 });
  const pay = (n: number, amount: number) => call<{ id: string }>(page, 'payments:recordManual', { requestId: `e2e-fig-pay-${n}`, enrollmentId, method: 'cash', amount, tendered: amount, currency: 'USD' });
  await pay(1, 100_00);
  const mistyped = await pay(2, 80_00);
  await call(page, 'payments:void', { requestId: 'e2e-fig-void', paymentId: mistyped.id, reason: 'keyed twice' });
  await call(page, 'refunds:create', { requestId: 'e2e-fig-refund', from: { kind: 'enrollment', enrollmentId }, amount: 30_00, reason: 'paid too much', split: [{ method: 'cash', amount: 30_00 }] });

  const dashboard = new DashboardPage(page);
  await dashboard.open();
  const cashRow = dashboard.takings().getByRole('row').filter({ hasText: 'Cash' });
  await expect(cashRow.getByRole('cell')).toHaveText(['Cash', '1', '$100.00', '$30.00', '$70.00']);
  await expect(page.getByTestId('takings-note')).toContainText('as the Z report');
  await snap(page, 'dashboard-takings-labelled');

  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.close('120.00', '');
  const z = page.getByRole('table', { name: 'Totals by method' });
  await expect(z.getByRole('row').filter({ hasText: 'Cash' }).getByRole('cell')).toHaveText(['Cash', '1', '$100.00']);
});
