import { expect, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { DepositsPage } from './pages/DepositsPage';
import { DrawerPage } from './pages/DrawerPage';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

test('the drawer closes with cash and a check; they go into a deposit with a slip number, whose total shows, and it is marked deposited', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  await seedEnrollment(host);

  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('50.00');
  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('dana');
  await cashier.takeCash('100.00', '100.00');
  await cashier.confirmWithEnter();
  await expect(page.getByRole('status').filter({ hasText: 'Payment recorded: receipt DESK1-000001' })).toBeVisible();
  await cashier.takeCheck('80.00', '1001', 'First Bank');
  await expect(page.getByRole('status').filter({ hasText: 'Payment recorded: receipt DESK1-000002' })).toBeVisible();
  await drawer.open();
  await expect(drawer.expectedCash()).toHaveText('$150.00');
  // Counted by denomination: 1 × $100 + 2 × $20 + 1 × $10 = $150.00, listed on the Z report.
  await drawer.countByDenomination({ '$100.00': '1', '$20.00': '2', '$10.00': '1' });
  await expect(drawer.denominationTotal()).toHaveText('$150.00');
  await drawer.closeWithNote('');
  await expect(page.getByRole('status').filter({ hasText: 'Drawer closed: the count matches.' })).toBeVisible();
  const counted = drawer.zReport().getByRole('table', { name: 'Denominations counted' });
  await expect(counted.getByRole('row')).toHaveText([/Note or coin/, /\$100\.00\s*1\s*\$100\.00/, /\$20\.00\s*2\s*\$40\.00/, /\$10\.00\s*1\s*\$10\.00/]);
  await snap(page, 'drawer-closed-by-denomination');

  const deposits = new DepositsPage(page);
  await deposits.open();
  await expect(deposits.sessions().getByRole('row')).toHaveCount(2);
  await expect(deposits.sessions().getByRole('row').nth(1)).toContainText('DESK1-Z0001');
  await expect(deposits.sessions().getByRole('row').nth(1)).toContainText('$150.00');
  await expect(deposits.sessions().getByRole('row').nth(1)).toContainText('$80.00');
  await expect(deposits.preview()).toHaveText('No session chosen.');
  // The session's Z report can be read again before it goes to the bank.
  const z = await deposits.viewZReport('DESK1-Z0001');
  await expect(z.getByRole('table', { name: 'Checks' })).toContainText('1001');
  await deposits.closeZReport();
  await expect(z).toHaveCount(0);
  await deposits.include('DESK1-Z0001');
  await expect(deposits.preview()).toHaveText('1 session: cash $150.00 + 1 check $80.00 = $230.00');
  await snap(page, 'deposits-prepare');
  await deposits.create('SLIP-0042');
  await expect(page.getByRole('status').filter({ hasText: 'Deposit SLIP-0042 prepared: $230.00' })).toBeVisible();
  await expect(deposits.total('SLIP-0042')).toHaveText('$230.00');
  await expect(deposits.row('SLIP-0042')).toContainText('Prepared');
  await expect(deposits.sessions()).toContainText('Every closed session is already in a deposit.');

  await deposits.markDeposited('SLIP-0042', 'BANK-7781');
  await expect(page.getByRole('status').filter({ hasText: 'Deposit SLIP-0042 marked deposited (bank reference BANK-7781).' })).toBeVisible();
  await expect(deposits.row('SLIP-0042')).toContainText('BANK-7781');
  // Deposited: nothing left to mark (its slip PDF is still offered).
  await expect(deposits.row('SLIP-0042').getByRole('button', { name: /Mark .* deposited/ })).toHaveCount(0);
  await deposits.show('Prepared, not yet at the bank');
  await expect(deposits.deposits()).toContainText('No deposits yet.');
  await deposits.show('Deposited');
  await expect(deposits.total('SLIP-0042')).toHaveText('$230.00');
  await snap(page, 'deposits-deposited');
});
