import { pdfLines } from '../support/pdfText';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { AuditPage } from './pages/AuditPage';
import { CashierPage } from './pages/CashierPage';
import { DepositsPage } from './pages/DepositsPage';
import { DrawerPage } from './pages/DrawerPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// The window's machine runs on UTC; the office is on Kiritimati, fourteen hours ahead.
const OFFICE_ZONE = 'Pacific/Kiritimati';
test.use({ timezoneId: 'UTC', locale: 'en-US' });

/** The office's wall-clock time of a moment, as any reader there would write it ("3:07 PM"). */
const officeClock = (iso: string): string => new Intl.DateTimeFormat('en-US', { timeZone: OFFICE_ZONE, hour: 'numeric', minute: '2-digit' }).format(new Date(iso)).replace(/[\u202f\u00a0]/g, ' ');
/** The office's calendar date of a moment ("Dec 3, 2026"). */
const officeDate = (iso: string): string => new Intl.DateTimeFormat('en-US', { timeZone: OFFICE_ZONE, year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
const spaces = (text: string): string => text.replace(/[\u202f\u00a0]/g, ' ');

test("times on the Drawer, Deposits and Audit screens and on the receipt PDF are the office's, not the machine's", async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByRole('heading', { name: 'Dashboard', exact: true })).toBeVisible();
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.set('Time zone', OFFICE_ZONE);
  await settings.save();
  await expect(settings.saved()).toBeVisible();
  await seedEnrollment(host);

  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('50.00');
  await expect(drawer.expectedCash()).toHaveText('$50.00');
  const { session } = await call<{ session: { openedAt: string } | null }>(page, 'drawer:current', {});
  if (!session) throw new Error('no open drawer');
  const opened = page.locator('.facts__row', { hasText: 'Opened' }).locator('dd');
  await expect(opened).toContainText(`${officeDate(session.openedAt)}, ${officeClock(session.openedAt)} GMT+14`);
  await snap(page, 'drawer-office-time');

  const cashier = new CashierPage(page);
  await cashier.open();
  await cashier.findPayer('dana');
  await cashier.takeCash('100.00', '100.00');
  await cashier.confirmWithEnter();
  await expect(page.getByRole('status').filter({ hasText: 'Payment recorded: receipt DESK1-000001' })).toBeVisible();
  await drawer.open();
  await drawer.close('150.00', '');
  await expect(page.getByRole('status').filter({ hasText: 'Drawer closed' })).toBeVisible();

  const deposits = new DepositsPage(page);
  await deposits.open();
  const { sessions } = await call<{ sessions: { closedAt: string }[] }>(page, 'deposits:sessions', {});
  const closedAt = sessions[0]?.closedAt ?? '';
  await expect(deposits.sessions().getByRole('row').nth(1)).toContainText(`${officeDate(closedAt)}, ${officeClock(closedAt)} GMT+14`, { useInnerText: true });
  await snap(page, 'deposits-office-time');

  const audit = new AuditPage(page);
  await audit.open();
  const { entries } = await call<{ entries: { at: string }[] }>(page, 'audit:list', { limit: 1 });
  const newest = entries[0]?.at ?? '';
  await expect(audit.table().getByRole('row').nth(1)).toContainText(`${officeDate(newest)}, ${officeClock(newest)} GMT+14`, { useInnerText: true });
  await snap(page, 'audit-office-time');

  // The receipt PDF prints the moment it was issued on the office's clock, the zone named.
  const payments = await call<{ payments: { receipt: { id: string; issuedAt: string } }[] }>(page, 'payments:list', { limit: 1 });
  const receipt = payments.payments[0]?.receipt;
  if (!receipt) throw new Error('no receipt');
  const pdf = await call<{ base64: string }>(page, 'receipts:pdf', { receiptId: receipt.id });
  const lines = (await pdfLines(Buffer.from(pdf.base64, 'base64'))).map(spaces);
  expect(lines.join('\n')).toContain(`Issued ${officeDate(receipt.issuedAt)}, ${officeClock(receipt.issuedAt)} GMT+14`);
});
