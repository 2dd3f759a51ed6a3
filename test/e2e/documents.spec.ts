import { readFileSync } from 'node:fs';
import { pdfLines } from '../support/pdfText';
import { expect, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { DrawerPage } from './pages/DrawerPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { SCRIPT_PAYERS, seedScriptPayers } from './seedDocuments';

test('receipts name the office, cashier, payer and student id, what each amount paid and the balance left, on an 80 mm roll, in any script', async ({ page, host }) => {
  test.setTimeout(240_000);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin('admin', 'admin-pass', 'Office Admin');
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedScriptPayers(host);

  const settings = new SettingsPage(page);
  await settings.open();
  await settings.set('Office name', 'Harbour College Office');
  await settings.field('Office address').fill('12 Harbour Street\nSydney NSW 2000');
  await settings.set('Tax or registration ID', 'ABN 51 824 753 556');
  await settings.field('Receipt paper').selectOption({ label: '80 mm receipt roll' });
  await settings.set('Time zone', 'UTC');
  await settings.save();
  await expect(settings.saved()).toBeVisible();
  await snap(page, 'settings-office-documents');

  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('100.00');

  const cashier = new CashierPage(page);
  await cashier.open();
  for (const [i, payer] of SCRIPT_PAYERS.entries()) {
    await cashier.findPayer(payer.studentId);
    await expect(cashier.dueItems().getByRole('row')).toHaveCount(7);
    await cashier.takeCash('250.00', '250.00');
    await cashier.confirmWithEnter();
    const number = `DESK1-00000${i + 1}`;
    const receipt = cashier.receipt(number);
    await expect(receipt).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), receipt.getByRole('link', { name: 'Save receipt PDF' }).click()]);
    const lines = await pdfLines(readFileSync(await download.path()));
    expect(lines.slice(0, 4)).toEqual(['Harbour College Office', '12 Harbour Street', 'Sydney NSW 2000', 'Tax/registration ID: ABN 51 824 753 556']);
    expect(lines).toContain(`Receipt ${number}`);
    expect(lines).toContain('Cashier Office Admin');
    // An Arabic name reads back in drawing order (right to left on the page).
    const shown = payer.name === 'محمد' ? [...payer.name].reverse().join('') : payer.name;
    expect(lines).toContain(`Received from ${shown}`);
    expect(lines).toContain(`Student ID ${payer.studentId}`);
    expect(lines).toContain('Deposit $100.00');
    expect(lines).toContain('Installment 1 of 5 $100.00');
    expect(lines).toContain('Installment 2 of 5 (part payment) $50.00');
    expect(lines).toContain('Balance remaining $350.00');
    expect(lines.find((l) => l.startsWith('Date '))).toMatch(/UTC$/);
    if (i === 0) await snap(page, 'cashier-receipt-any-script');
  }
});
