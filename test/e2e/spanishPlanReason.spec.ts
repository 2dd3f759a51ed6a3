import type { Host } from './fixtures';
import { expect, snap, test } from './fixtures';
import { must, seedCore } from './seedEnrollment';
import { en, startSpanishOffice, word } from './spanishOffice';

/** A program priced 1.500,00 €, paid in full or in three installments, and a rule that picks the installments for programs from 1.000,00 €. */
async function seedProgramAndRule(host: Host): Promise<void> {
  const { core, admin } = seedCore(host);
  try {
    const product = must(await core.invoke('products:create', { requestId: 'seed-es-program', product: { type: 'program', name: 'Programa de verano', price: 1_500_00, currency: 'EUR', startDate: '2999-01-01' } }, admin));
    must(await core.invoke('plans:create', { requestId: 'seed-es-full', plan: { productId: product.id, name: 'Pago único', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } }, admin));
    must(await core.invoke('plans:create', { requestId: 'seed-es-inst', plan: { productId: product.id, name: 'Tres cuotas', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }, admin));
    must(await core.invoke('plans:setRules', { requestId: 'seed-es-rules', rules: [{ name: 'Programas caros', productType: 'program', currency: 'EUR', priceAtLeast: 1_000_00, planKind: 'installments', payerChoiceAllowed: false }] }, admin));
  } finally {
    core.close();
  }
}

/** English words the reason used to show; none may be left in the Spanish window. */
const ENGLISH_REASON = /\b(Rule|matched|product type|currency is|price|installments plan|chosen by rule|Why this plan)\b/;

// Issue 17: the Enroll screen's "which rule chose the plan, and why" and the enrollment's stored
// reason are worded in the office's language (the core sends keys; it used to send English).
test('in Spanish the rule that chose the plan, and why, reads in Spanish on the Enroll screen and on the enrollment', async ({ page, host }) => {
  const nav = await startSpanishOffice(page, host);
  await seedProgramAndRule(host);

  await nav.getByRole('button', { name: word('screen.enroll'), exact: true }).click();
  await page.getByLabel(word('payerStep.findStudent')).fill('lucía');
  await page.getByRole('list', { name: word('payerStep.matchingStudents') }).getByRole('button', { name: /Lucía Fernández/ }).click();
  const course = page.getByLabel(word('enroll.courseOrProgram'));
  await course.selectOption({ value: (await course.locator('option', { hasText: 'Programa de verano' }).getAttribute('value')) ?? '' });
  await page.getByRole('button', { name: word('enroll.next') }).click();

  const detected = page.getByRole('status').filter({ hasText: 'Plan elegido por la regla «Programas caros»' });
  await expect(detected).toContainText('La regla 1 «Programas caros» coincidió (el tipo de producto es programa, la moneda es EUR, precio 1500,00\u00a0€ ≥ 1000,00\u00a0€) → plan de cuotas «Tres cuotas»');
  await expect(detected).toContainText(word('enroll.thisRuleFixesThePlan'));
  expect(await detected.innerText()).not.toMatch(ENGLISH_REASON);
  await snap(page, 'es-enroll-detected-rule');

  await page.getByRole('button', { name: word('enroll.review') }).click();
  await page.getByRole('button', { name: word('enroll.confirmEnrollment') }).click();
  const why = page.getByTestId('why-this-plan');
  await expect(why).toHaveText(`${word('enrollmentDetail.whyThisPlan')} La regla 1 «Programas caros» coincidió (el tipo de producto es programa, la moneda es EUR, precio 1500,00\u00a0€ ≥ 1000,00\u00a0€) → plan de cuotas «Tres cuotas»`);
  await expect(page.getByText('elegido por la regla «Programas caros»')).toBeVisible();
  expect(await why.innerText()).not.toContain(en['enrollmentDetail.whyThisPlan']);
  await snap(page, 'es-enrollment-detail-rule');
});
