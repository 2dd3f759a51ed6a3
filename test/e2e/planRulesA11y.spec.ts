import { seriousViolations } from './axe';
import { expect, snap, test } from './fixtures';
import { PlanRulesPage } from './pages/PlanRulesPage';
import { SignInPage } from './pages/SignInPage';

// axe-core is injected as a script: only the accessibility specs lift the page's CSP to do that.
test.use({ bypassCSP: true });

test('the rules editor, with rules listed, a field error from the core and the form open, has no serious accessibility violations in light and dark themes', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const rules = new PlanRulesPage(page);
  await rules.open();
  await rules.add({ name: 'Dear courses in installments', plan: 'installments', productType: 'course', priceAtLeast: '1000' });
  await rules.add({ name: 'Everything else in full', plan: 'full', payerMayChoose: false });
  await rules.save();
  await expect(rules.form().getByLabel('Currency')).toHaveAttribute('aria-invalid', 'true');
  for (const theme of ['light', 'dark'] as const) {
    await page.getByLabel('Theme').selectOption(theme);
    expect(await seriousViolations(page), theme).toEqual([]);
  }
  await snap(page, 'plan-rules-dark');
});
