import Database from 'better-sqlite3';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { DrawerPage } from './pages/DrawerPage';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, bug 4: void is offered only where it is allowed, and a mistyped transfer is
// correctable the same day by an admin void, audited.
test('a bank transfer taken with no drawer open is voided by an admin the same day, with an audit entry', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('Dana Student');
  await cashier.takeTransfer('30.00', 'TRF-TYPO');
  const receipt = cashier.receipt('DESK1-000001');
  await expect(receipt).toBeVisible();
  await cashier.voidAsAdmin('typed 30.00 instead of 300.00');
  await expect(receipt.getByText('VOID')).toBeVisible();
  await expect(cashier.balance()).toHaveText('Balance: $300.00');
  await expect(page.getByRole('button', { name: 'Void this payment…' })).toHaveCount(0);

  const db = new Database(host.databaseFile, { readonly: true });
  try {
    expect(db.prepare(`SELECT actor_name FROM audit_log WHERE action = 'payment.void'`).all()).toEqual([{ actor_name: 'admin' }]);
    expect(db.prepare(`SELECT status, void_reason FROM payments`).all()).toEqual([{ status: 'voided', void_reason: 'typed 30.00 instead of 300.00' }]);
  } finally {
    db.close();
  }
});

test('a fully refunded payment offers no void and says why in plain words; the drawer list offers void only on what can be voided', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host, 120_00);
  const enrollmentId = await call<{ enrollments: { id: string }[] }>(page, 'enrollments:list', { limit: 5 }).then((r) => r.enrollments[0]?.id ?? '');
  await call(page, 'refunds:create', { requestId: 'e2e-full-refund', from: { kind: 'enrollment', enrollmentId }, amount: 120_00, reason: 'paid the wrong course' });

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('DESK1-000001');
  await expect(cashier.receipt('DESK1-000001')).toBeVisible();
  await expect(page.getByTestId('void-refused')).toHaveText('This payment has been refunded in full: there is nothing left to void.');
  await expect(page.getByRole('button', { name: 'Void this payment…' })).toHaveCount(0);
  await snap(page, 'cashier-refunded-no-void');

  // In the drawer: a cash payment is offered a void; once it is refunded it is not.
  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('50.00');
  await cashier.open();
  await cashier.findPayer('Dana Student');
  await cashier.takeCash('100.00', '100.00');
  await cashier.confirmWithEnter();
  await expect(cashier.receipt('DESK1-000002')).toBeVisible();
  await drawer.open();
  const row = page.getByRole('table', { name: 'Payments this session' }).getByRole('row', { name: /DESK1-000002/ });
  await expect(row.getByRole('button', { name: 'Void DESK1-000002' })).toBeVisible();
  await call(page, 'refunds:create', { requestId: 'e2e-cash-refund', from: { kind: 'enrollment', enrollmentId }, amount: 100_00, reason: 'changed their mind' });
  await expect(row.getByRole('button', { name: 'Void DESK1-000002' })).toHaveCount(0);
  await expect(row).toContainText('Refunded in full');
});
