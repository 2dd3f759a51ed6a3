import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, bug 6: one search everywhere. Enrollments → "Find student" found only the start of
// the first name; the Cashier found surnames, email, phone, student id and receipt number.
test('Enrollments and Cashier find a student by surname, in any case, and by student id', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host, 50_00);
  const { enrollments } = await call<{ enrollments: { productId: string; planId: string }[] }>(page, 'enrollments:list', { limit: 1 });
  const { productId, planId } = enrollments[0] ?? { productId: '', planId: '' };
  for (const [n, payer] of [
    { name: 'Maria Gonzalez', externalId: 'S1001', email: 'maria@example.org' },
    { name: 'Chidi Okafor', externalId: 'S1002', phone: '555-0199' },
  ].entries()) {
    const p = await call<{ id: string }>(page, 'payers:create', { requestId: `e2e-search-payer-${n}`, payer });
    await call(page, 'enrollments:create', { requestId: `e2e-search-enroll-${n}`, payerId: p.id, productId, planId });
  }

  await new Shell(page).open('Enrollments');
  const find = page.getByLabel('Find student');
  const table = page.getByRole('table', { name: 'Enrollments' });
  // The Cashier's rule everywhere: surname, any case, student id, email, phone (and the receipt number, below).
  const queries = [['Gonzalez', 'Maria Gonzalez'], ['okafor', 'Chidi Okafor'], ['S1001', 'Maria Gonzalez'], ['maria', 'Maria Gonzalez'], ['maria@example.org', 'Maria Gonzalez'], ['555-0199', 'Chidi Okafor']] as const;
  for (const [query, student] of queries) {
    await find.fill(query);
    await expect(table.getByRole('row').filter({ hasText: student })).toHaveCount(1);
    await expect(table.getByRole('row').filter({ hasText: 'Dana Student' })).toHaveCount(0);
  }
  // Dana paid by transfer (receipt DESK1-000001): her receipt number finds her enrollment.
  await find.fill('DESK1-000001');
  await expect(table.getByRole('row').filter({ hasText: 'Dana Student' })).toHaveCount(1);
  await expect(table.getByRole('row').filter({ hasText: /Maria Gonzalez|Chidi Okafor/ })).toHaveCount(0);
  await snap(page, 'enrollments-find-by-surname');

  const cashier = new CashierPage(page);
  await cashier.open();
  for (const [query, student] of [...queries, ['DESK1-000001', 'Dana Student']] as const) {
    await cashier.findPayer(query);
    await expect(page.getByRole('heading', { name: student })).toBeVisible();
  }
});
