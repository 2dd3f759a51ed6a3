import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { pdfText } from '../support/pdfText';
import { expect, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { DrawerPage } from './pages/DrawerPage';
import { RefundPage } from './pages/RefundPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';
import { seedEnrollment, seedPaidLateFee } from './seedEnrollment';

test('a cashier opens the drawer, takes cash with change, gets the receipt PDF, an admin override voids it, and the drawer closes 5.00 short on the Z report', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const users = new UsersPage(page);
  await users.open();
  await users.add({ username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  await expect(page.getByRole('status').filter({ hasText: 'Carol Cashier can now sign in as carol.' })).toBeVisible();
  await seedEnrollment(host);
  await new Shell(page).signOut();
  await new SignInPage(page).signIn('carol', '4321');
  await expect(page.getByText('Carol Cashier (cashier)')).toBeVisible();

  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('100.00');
  await expect(drawer.expectedCash()).toHaveText('$100.00');
  await snap(page, 'drawer-open');

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('dana');
  await expect(cashier.dueItems().getByRole('row')).toHaveCount(4);
  await cashier.takeCash('150.00', '200.00');
  await expect(cashier.changePreview()).toHaveText('$50.00');
  await snap(page, 'cashier-take-payment');
  await cashier.confirmWithEnter();
  await expect(page.getByRole('status').filter({ hasText: 'Payment recorded: receipt DESK1-000001 — change due $50.00' })).toBeVisible();
  const receipt = cashier.receipt('DESK1-000001');
  await expect(receipt.getByTestId('change-due')).toHaveText('$50.00');
  await expect(page.getByTestId('balance')).toHaveText('Balance: $150.00');
  await snap(page, 'cashier-receipt');

  const [download] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('link', { name: 'Save receipt PDF' }).click()]);
  expect(download.suggestedFilename()).toBe('receipt-DESK1-000001.pdf');
  const text = await pdfText(readFileSync(await download.path()));
  expect(text).toContain('Receipt DESK1-000001');
  expect(text).toContain('$150.00');
  expect(text).toContain('$50.00');

  await cashier.voidWithOverride('wrong student', 'admin', 'admin-pass');
  await expect(receipt.getByText('VOID')).toBeVisible();
  await snap(page, 'cashier-voided');

  await drawer.open();
  await expect(drawer.expectedCash()).toHaveText('$100.00');
  await drawer.close('95.00', 'a five is missing');
  await expect(page.getByRole('status').filter({ hasText: 'Drawer closed: $5.00 short.' })).toBeVisible();
  const z = drawer.zReport();
  await expect(z.getByRole('heading', { name: 'Z report DESK1-Z0001' })).toBeVisible();
  await expect(z.getByTestId('z-over-short')).toHaveText('$5.00 short — a five is missing');
  await expect(z.getByTestId('z-voids')).toHaveText('1 · $150.00');
  await snap(page, 'drawer-z-report');

  const db = new Database(host.databaseFile, { readonly: true });
  try {
    expect(db.prepare(`SELECT actor_name, override_by FROM audit_log WHERE action = 'payment.void'`).all()).toEqual([{ actor_name: 'carol', override_by: 'admin' }]);
    expect(db.prepare(`SELECT over_short, z_number FROM drawer_sessions`).all()).toEqual([{ over_short: -500, z_number: 1 }]);
  } finally {
    db.close();
  }
});

test('an admin previews a cancellation, sees the proposed refund and its split, and confirms it', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host, 120_00);
  const refunds = new RefundPage(page);
  await refunds.open();
  await refunds.findPayer('Dana');
  await refunds.preview('cancel', 'moved to another city');
  await expect(refunds.proposal().getByTestId('proposed')).toHaveText('$120.00');
  await expect(refunds.proposal()).toContainText('Cancelled before the start date Jan 1, 2999: full refund');
  await expect(refunds.proposal().getByRole('table', { name: 'Refund split' }).getByRole('row', { name: /Bank transfer Paid items \$120\.00/ })).toBeVisible();
  await snap(page, 'refunds-preview');
  const db = new Database(host.databaseFile, { readonly: true });
  try {
    expect(db.prepare('SELECT count(*) AS n FROM refunds').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
  await refunds.confirm();
  await expect(page.getByRole('status').filter({ hasText: 'Enrollment cancelled: $120.00 refunded.' })).toBeVisible();
  await snap(page, 'refunds-done');
  const after = new Database(host.databaseFile, { readonly: true });
  try {
    expect(after.prepare('SELECT method, amount, status FROM refunds').all()).toEqual([{ method: 'bank_transfer', amount: 120_00, status: 'succeeded' }]);
    expect(after.prepare('SELECT status FROM enrollments').all()).toEqual([{ status: 'cancelled' }]);
  } finally {
    after.close();
  }
});

test('a cancellation keeps a paid late fee: the proposal shows it kept and refunds the course part only', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedPaidLateFee(host);
  const refunds = new RefundPage(page);
  await refunds.open();
  await refunds.findPayer('Lee');
  await refunds.preview('cancel', 'moved to another city');
  const proposal = refunds.proposal();
  await expect(proposal.getByRole('definition').first()).toHaveText('$115.00');
  await expect(proposal.getByTestId('kept-late-fees')).toHaveText('$15.00');
  await expect(proposal.getByTestId('proposed')).toHaveText('$100.00');
  await expect(proposal).toContainText('full refund; paid late fees ($15.00) are kept');
  await expect(proposal.getByRole('table', { name: 'Refund split' }).getByRole('row', { name: /Bank transfer Paid items \$100\.00/ })).toBeVisible();
  await snap(page, 'refunds-preview-late-fee');
  await refunds.confirm();
  await expect(page.getByRole('status').filter({ hasText: 'Enrollment cancelled: $100.00 refunded.' })).toBeVisible();
  const db = new Database(host.databaseFile, { readonly: true });
  try {
    expect(db.prepare('SELECT method, amount FROM refunds').all()).toEqual([{ method: 'bank_transfer', amount: 100_00 }]);
    // The fee item keeps its payment.
    expect(db.prepare(`SELECT state, paid_amount FROM schedule_items WHERE kind = 'late_fee'`).all()).toEqual([{ state: 'cancelled', paid_amount: 15_00 }]);
  } finally {
    db.close();
  }
});
