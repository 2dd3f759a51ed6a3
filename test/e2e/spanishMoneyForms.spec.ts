import { expect, snap, test } from './fixtures';
import { openDrawerInSpanish, payLuciaInSpanish, startSpanishOffice, word } from './spanishOffice';

// Issue 17: "Money is parsed and formatted in the office locale on every screen" — the Cashier
// and the Drawer are typed "12,50" in spanish.spec.ts; here the other forms that take money:
// a refund, a product's price (with a thousands point) and an enrollment's fixed discount.
test('in Spanish a refund of 2,50, a price of 12.345,60 and a discount of 10,50 are read as euros and shown so', async ({ page, host }) => {
  const nav = await startSpanishOffice(page, host);

  // Cash to refund: the drawer opened and 12,50 € taken from Lucía.
  await openDrawerInSpanish(page, '100,00');
  await expect(page.getByTestId('expected-cash')).toHaveText(/^100,00\s€$/);
  await payLuciaInSpanish(page, '12,50');

  // Refunds: 2,50 without cancelling.
  await nav.getByRole('button', { name: word('screen.refunds'), exact: true }).click();
  await expect(page.getByRole('heading', { name: word('refund.refundsAndCancellations') })).toBeVisible();
  const find = page.getByRole('search', { name: word('payerPicker.findPayer') });
  await find.getByLabel(word('payerPicker.findPayer')).fill('lucía');
  await find.getByLabel(word('payerPicker.findPayer')).press('Enter');
  await page.getByLabel(word('refund.action')).selectOption('refund');
  await page.getByLabel(word('refund.reason'), { exact: true }).fill('cobro duplicado');
  await page.getByLabel(word('refund.refundAmount'), { exact: true }).fill('2,50');
  await page.getByRole('button', { name: word('refund.previewRefund') }).click();
  const proposal = page.getByRole('region', { name: word('refund.proposedRefund') });
  await expect(proposal).toContainText(/2,50\s€/);
  // How the figure was reached, in the office's words (the core sends a key; it used to show its English).
  await expect(proposal.getByTestId('basis')).toHaveText(word('error.refundBasis.requested'));
  await proposal.getByRole('button', { name: word('refund.confirmRefund') }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Reembolso registrado: 2,50\s€ reembolsados\.$/ })).toBeVisible();
  await snap(page, 'es-refund-recorded');

  // Products: a price with a thousands point.
  await nav.getByRole('button', { name: word('screen.products'), exact: true }).click();
  await page.getByRole('button', { name: word('products.newProduct') }).click();
  const product = page.getByRole('form', { name: word('productForm.newProduct') });
  await product.getByLabel(word('productForm.name'), { exact: true }).fill('Curso de verano');
  await product.getByLabel(word('productForm.price'), { exact: true }).fill('12.345,60');
  await product.getByRole('button', { name: word('productForm.createProduct') }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Curso de verano' })).toContainText(/12\.345,60\s€/);

  // Enroll: a fixed discount of 10,50 on the 300,00 € course.
  await nav.getByRole('button', { name: word('screen.enroll'), exact: true }).click();
  await page.getByLabel(word('payerStep.findStudent')).fill('lucía');
  await page.getByRole('list', { name: word('payerStep.matchingStudents') }).getByRole('button', { name: /Lucía Fernández/ }).click();
  const course = page.getByLabel(word('enroll.courseOrProgram'));
  await course.selectOption({ value: (await course.locator('option', { hasText: 'Soldadura 101' }).getAttribute('value')) ?? '' });
  await page.getByRole('button', { name: word('enroll.next') }).click();
  await page.getByLabel(word('enroll.paymentPlan')).selectOption({ label: 'Tres meses' });
  await page.getByLabel(word('enroll.discountOrScholarship')).selectOption('fixed');
  await page.getByLabel(word('enroll.discountAmount')).fill('10,50');
  await page.getByLabel(word('enroll.discountReason')).fill('beca parcial');
  await expect(page.getByRole('heading', { name: /Tres meses: 289,50\s€ \(tras 10,50\s€ de descuento\)/ })).toBeVisible();
  await snap(page, 'es-enroll-discount');
});
