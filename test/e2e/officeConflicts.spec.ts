import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { whileTwoDesks } from './officeHubDesks';
import { SignInPage } from './pages/SignInPage';
import { StatusPage } from './pages/StatusPage';

test.describe.configure({ timeout: 120_000 });

/**
 * One browser host is desk A of an office; desk B lives in the test over an in-memory hub. While
 * the host is stopped, desk A joins the office, A cancels an enrollment and B (offline) takes a
 * payment for it; both reach the hub, and A applies the office's order: the payment is kept as
 * credit and flagged. The Status screen then lists the case in words and an admin resolves it.
 */
test('an admin sees a conflict between desks in words on Status and resolves it with a note', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const product = await call<{ id: string }>(page, 'products:create', { requestId: 'e2e-conflict-product', product: { type: 'course', name: 'Ceramics for beginners', price: 300_00, currency: 'USD' } });
  const plan = await call<{ id: string }>(page, 'plans:create', { requestId: 'e2e-conflict-plan', plan: { productId: product.id, name: 'Full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } });
  const payer = await call<{ id: string }>(page, 'payers:create', { requestId: 'e2e-conflict-payer', payer: { name: 'Nadia Okafor' } });
  const { enrollment } = await call<{ enrollment: { id: string } }>(page, 'enrollments:create', { requestId: 'e2e-conflict-enroll', payerId: payer.id, productId: product.id, planId: plan.id });

  await whileTwoDesks(host, async ({ a, adminAtA, b, adminAtB }) => {
    const cancelled = await a.invoke('enrollments:cancel', { requestId: 'e2e-conflict-cancel', enrollmentId: enrollment.id, reason: 'Moved away' }, adminAtA);
    expect(cancelled.ok).toBe(true);
    const paid = await b.invoke('payments:recordManual', { requestId: 'e2e-conflict-pay', enrollmentId: enrollment.id, method: 'bank_transfer', amount: 120_00, currency: 'USD', reference: 'TR-5521' }, adminAtB);
    expect(paid.ok).toBe(true);
  });

  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  const status = new StatusPage(page);
  await status.open();
  const conflict = status.conflict(/Nadia Okafor/);
  await expect(conflict).toContainText('A payment of $120.00 from Nadia Okafor for Ceramics for beginners was taken while another desk cancelled the enrollment');
  await expect(conflict).not.toContainText(/pay_|enr_|cf_/);
  await snap(page, 'office-conflicts');

  await conflict.getByRole('button', { name: 'Resolve' }).click();
  await conflict.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(conflict.getByText('must not be empty')).toBeVisible();
  await conflict.getByLabel('What was done').fill('Refunded the transfer to the family');
  await conflict.getByRole('button', { name: 'Mark resolved' }).click();
  await expect(status.conflicts().getByRole('listitem')).toHaveCount(0);
  await expect(page.getByText('No conflicts need an admin.')).toBeVisible();
});
