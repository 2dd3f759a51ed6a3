import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { DrawerPage } from './pages/DrawerPage';
import { SchedulesPage } from './pages/SchedulesPage';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, bug 5: refusals speak money, not minor units, and never name ids or channels.
test('a paid-out over the drawer and a short close without a note are refused in money', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  const drawer = new DrawerPage(page);
  await drawer.open();
  await drawer.openDrawer('50.00');
  await expect(drawer.expectedCash()).toContainText('$50.00');

  const move = page.getByRole('form', { name: 'Paid in / paid out' });
  await move.getByLabel('Kind').selectOption('paid_out');
  await move.getByLabel('Cash amount').fill('100.00');
  await move.getByLabel('Reason').fill('petty cash');
  await move.getByRole('button', { name: 'Record cash movement' }).click();
  await expect(move.getByText('the drawer should hold only $50.00')).toBeVisible();

  const close = page.getByRole('form', { name: 'Close the drawer' });
  await close.getByLabel('Counted cash').fill('44.75');
  await close.getByRole('button', { name: 'Close drawer' }).click();
  await expect(close.getByText('the drawer is short by $5.25; say why')).toBeVisible();
  await expect(page.getByText(/minor units|drawer:|drw_/)).toHaveCount(0);
  await snap(page, 'drawer-refusals-in-money');
});

test('Move, Pause and Waive are not offered on a paid item, and the core refuses them in plain words', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host, 100_00);

  const schedules = new SchedulesPage(page);
  await schedules.open();
  await schedules.filterStatus();
  const table = schedules.table();
  await expect(table.getByRole('button', { name: 'Move due date of Dana Student item 2' })).toBeVisible();
  for (const action of ['Move due date of', 'Pause', 'Waive']) await expect(table.getByRole('button', { name: `${action} Dana Student item 1` })).toHaveCount(0);
  await snap(page, 'schedules-paid-item-no-actions');

  const { items } = await call<{ items: { id: string; seq: number }[] }>(page, 'schedules:list', { limit: 10 });
  const paid = items.find((i) => i.seq === 1);
  const refused = await page.evaluate(async (itemId) => {
    const token = sessionStorage.getItem('bursar.hostToken') ?? '';
    const res = await fetch('/api/invoke', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify({ channel: 'schedules:waive', input: { requestId: 'e2e-waive-paid', itemId, reason: 'waive a paid item' } }) });
    return (await res.json()) as { ok: boolean; error?: { message: string; fields?: Record<string, string> } };
  }, paid?.id ?? '');
  expect(refused.ok).toBe(false);
  expect(refused.error?.fields?.itemId).toBe(`The installment due ${await dueOf(page)} is already paid, so it cannot be moved, paused or waived; refund it first if it should not have been paid`);
  expect(refused.error?.message).not.toMatch(/itm_|schedules:/);
});

/** The first item's due date, as the schedule lists it, written as the core's English writes a date ("Dec 1, 2026", never YYYY-MM-DD). */
async function dueOf(page: import('@playwright/test').Page): Promise<string> {
  const { items } = await call<{ items: { seq: number; dueDate: string }[] }>(page, 'schedules:list', { limit: 10 });
  const due = items.find((i) => i.seq === 1)?.dueDate ?? '';
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${due}T00:00:00Z`));
}
