import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, bug 3 (the enrollment page) and bug 9 (method names): the page lists refunds beside
// the payments, so what came in less what went back is the Paid figure, and methods read as words.
test('the enrollment page shows refunds beside payments, methods in words, and they add up to Paid', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host, 120_00);
  const enrollmentId = await call<{ enrollments: { id: string }[] }>(page, 'enrollments:list', { limit: 5 }).then((r) => r.enrollments[0]?.id ?? '');
  await call(page, 'refunds:create', { requestId: 'e2e-part-refund', from: { kind: 'enrollment', enrollmentId }, amount: 50_00, reason: 'one month not taken' });

  await new Shell(page).open('Enrollments');
  await page.getByRole('button', { name: 'Open Dana Student — Welding 101' }).click();
  await expect(page.getByRole('table', { name: 'Payments' }).getByRole('row', { name: /Bank transfer \$120\.00/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Payments' })).not.toContainText('bank_transfer');
  await expect(page.getByRole('table', { name: 'Refunds' }).getByRole('row', { name: /Bank transfer \$50\.00 one month not taken/ })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: '$70.00' })).toBeVisible();
  await snap(page, 'enrollment-detail-refunds');
});
