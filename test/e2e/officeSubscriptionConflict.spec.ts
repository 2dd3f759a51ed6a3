import { call } from './coreCall';
import { expect, snap } from './fixtures';
import { whileTwoDesks } from './officeHubDesks';
import { SignInPage } from './pages/SignInPage';
import { StatusPage } from './pages/StatusPage';
import { stripeTest as test } from './stripeFixtures';

test.use({ stripeKeyInEnv: true });
test.describe.configure({ timeout: 120_000 });

/**
 * One browser host is desk A of an office; desk B lives in the test over an in-memory hub. While
 * the host is stopped, both desks set up a Stripe subscription for the same enrollment before
 * either hears of the other's (both reach the stand-in Stripe): both are real and both bill, so
 * the office keeps both and Status asks an admin, in words, to cancel one.
 */
test('two Stripe subscriptions for one enrollment made at two desks are listed on Status in words', async ({ page, host, standin }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const product = await call<{ id: string }>(page, 'products:create', { requestId: 'e2e-sub-product', product: { type: 'program', name: 'Swim club', price: 40_00, currency: 'USD' } });
  const plan = await call<{ id: string }>(page, 'plans:create', { requestId: 'e2e-sub-plan', plan: { productId: product.id, name: 'Monthly', terms: { kind: 'subscription', firstDue: { rule: 'enrollment_date' }, interval: 'monthly', periodAmount: 40_00, count: 6 } } });
  const payer = await call<{ id: string }>(page, 'payers:create', { requestId: 'e2e-sub-payer', payer: { name: 'Tomás Rivera', email: 'tomas.rivera@example.org' } });
  const { enrollment } = await call<{ enrollment: { id: string } }>(page, 'enrollments:create', { requestId: 'e2e-sub-enroll', payerId: payer.id, productId: product.id, planId: plan.id });

  const env = { STRIPE_API_HOST: standin.host, STRIPE_API_PORT: String(standin.port), STRIPE_API_PROTOCOL: 'http', STRIPE_SECRET_KEY: standin.secretKey };
  await whileTwoDesks(host, async ({ a, adminAtA, b, adminAtB }) => {
    const atA = await a.invoke('subscriptions:create', { requestId: 'e2e-sub-a', enrollmentId: enrollment.id }, adminAtA);
    expect(atA.ok).toBe(true);
    const atB = await b.invoke('subscriptions:create', { requestId: 'e2e-sub-b', enrollmentId: enrollment.id }, adminAtB);
    expect(atB.ok).toBe(true);
  }, env);

  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  const status = new StatusPage(page);
  await status.open();
  const conflict = status.conflict(/Tomás Rivera/);
  await expect(conflict).toContainText('Tomás Rivera has two Stripe subscriptions for Swim club, set up at two desks at once, so Stripe bills both. Cancel the one that is not wanted.');
  await expect(conflict).not.toContainText(/sub_|enr_|cf_/);
  await snap(page, 'office-conflict-subscriptions');
});
