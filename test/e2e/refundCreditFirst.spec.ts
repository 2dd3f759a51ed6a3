import { expect, snap, test } from './fixtures';
import type { Host } from './fixtures';
import { RefundPage } from './pages/RefundPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { seedCore } from './seedEnrollment';

/**
 * Gina Credit on 'Pottery 300' (three monthly 300.00 items) pays 900.00 by one transfer and
 * then 625.00 more by another: everything is paid and 625.00 is credit on account.
 */
async function seedOverpaid(host: Host): Promise<void> {
  const { core, admin } = seedCore(host);
  const must = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  try {
    const product = must(await core.invoke('products:create', { requestId: 'seed-credit-product', product: { type: 'course', name: 'Pottery 300', price: 900_00, currency: 'USD', startDate: '2999-01-01', endDate: '2999-06-30' } }, admin));
    const plan = must(await core.invoke('plans:create', { requestId: 'seed-credit-plan', plan: { productId: product.id, name: 'Three months', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }, admin));
    const payer = must(await core.invoke('payers:create', { requestId: 'seed-credit-payer', payer: { name: 'Gina Credit' } }, admin));
    const enrollment = must(await core.invoke('enrollments:create', { requestId: 'seed-credit-enroll', payerId: payer.id, productId: product.id, planId: plan.id }, admin));
    for (const [n, amount] of [[1, 900_00], [2, 625_00]] as const) {
      must(await core.invoke('payments:recordManual', { requestId: `seed-credit-pay-${n}`, enrollmentId: enrollment.enrollment.id, method: 'bank_transfer', amount, currency: 'USD', reference: `TRF-${n}` }, admin));
    }
  } finally {
    core.close();
  }
}

// Issue 17, bug 3: a refund took 625.00 off the paid installments while the payer held 625.00
// of credit, so the payer owed 625.00 and still had the credit. A refund offers the credit first.
test('a refund takes credit on account first, says so in the preview, and the enrollment page adds up to Paid', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedOverpaid(host);

  const refunds = new RefundPage(page);
  await refunds.open();
  await refunds.findPayer('Gina');
  await refunds.preview('refund', 'overpaid by transfer', '625.00');
  await expect(refunds.proposal().getByTestId('from-credit')).toHaveText('$625.00');
  await expect(refunds.proposal().getByTestId('from-paid')).toHaveText('$0.00');
  await expect(refunds.proposal().getByRole('table', { name: 'Refund split' }).getByRole('row', { name: /Bank transfer Credit on account \$625\.00/ })).toBeVisible();
  await snap(page, 'refund-credit-first-preview');
  await refunds.confirm();
  await expect(page.getByRole('status').filter({ hasText: 'Refund recorded: $625.00 refunded.' })).toBeVisible();

  await new Shell(page).open('Enrollments');
  await page.getByRole('button', { name: 'Open Gina Credit — Pottery 300' }).click();
  await expect(page.getByTestId('balance')).toHaveText('$0.00');
  await expect(page.getByTestId('credit-on-account')).toHaveText('$0.00');
  await expect(page.getByRole('table', { name: 'Payments' }).getByRole('row', { name: /Bank transfer \$625\.00 \$625\.00/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Refunds' }).getByRole('row', { name: /Bank transfer \$625\.00 overpaid by transfer Credit on account/ })).toBeVisible();
  // Payments 1,525.00 less 625.00 kept as credit, less nothing refunded off the items: Paid 900.00.
  await expect(page.getByTestId('paid-adds-up')).toHaveText('Payments $1,525.00 − kept as credit $625.00 − refunded from paid items $0.00 = Paid $900.00');
  await snap(page, 'enrollment-detail-credit-refund');
});
