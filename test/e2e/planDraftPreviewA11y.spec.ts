import { seriousViolations } from './axe';
import { expect, snap, test } from './fixtures';
import { ProductsPage } from './pages/ProductsPage';
import { SignInPage } from './pages/SignInPage';

// axe-core is injected as a script: only the accessibility specs lift the page's CSP to do that.
test.use({ bypassCSP: true });

test('the plan form with its live preview, shown and refused with a field error, has no serious accessibility violations in light and dark themes', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Glassblowing', price: '640.00' });
  await products.draftInstallmentPlan({ name: 'Deposit then monthly', deposit: '40.00', count: '3', previewDate: '03/01/2030' });
  await expect(products.draftPreviewSummary()).toHaveText('Total $640.00 in 4 payments; the first is due at enrollment.');
  for (const theme of ['light', 'dark'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    expect(await seriousViolations(page), `${theme}, preview shown`).toEqual([]);
  }
  await products.planEditor().getByLabel('Number of installments').fill('0');
  await expect(products.draftPreviewSummary()).toHaveText('No schedule yet: fix the marked field.');
  expect(await seriousViolations(page), 'dark, field error').toEqual([]);
  await snap(page, 'plan-draft-preview-dark');
});
