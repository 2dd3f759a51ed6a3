import { expect, snap } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { stripeTest as test } from './stripeFixtures';

test.use({ stripeKeyInEnv: true });

test('enroll, show a card payment link with a QR code, the student pays on Stripe, and the desk shows it paid through the relay', async ({ page, host, standin, relay }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const settings = new SettingsPage(page);
  await settings.open();
  await new IntegrationsPage(page).saveRelay(relay.process.url, relay.token);
  await expect(page.getByText(/Device token set/)).toBeVisible();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Weekend Photography', price: '450.00' });
  await products.addInstallmentPlan('Three payments', 3, 'monthly');
  await expect(products.previewTable().getByRole('row')).toHaveCount(4);

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Priya Natarajan', email: 'priya@example.org' });
  await enroll.chooseProduct(/Weekend Photography/);
  await enroll.choosePlan('Three payments');
  await enroll.confirm();
  await expect(page.getByTestId('balance')).toHaveText('$450.00');

  await page.getByRole('button', { name: 'Create a card payment link' }).click();
  await expect(page.getByRole('img', { name: /QR code for the payment link of \$450\.00/ })).toBeVisible();
  const url = await page.getByLabel('Payment link').inputValue();
  expect(url).toMatch(/^http/);
  await expect(page.getByTestId('card-status')).toHaveText('Waiting for the student to pay…');
  await snap(page, 'pay-by-card-link');

  // The student pays on their phone; Stripe's events go stand-in → relay → the desk's sync worker.
  const session = Object.values(standin.data().checkoutSessions).find((s) => s.url === url);
  expect(session).toBeDefined();
  standin.pay(session?.id ?? '');
  await standin.webhooks.idle();
  await expect(page.getByTestId('card-status')).toHaveText(/^Paid — receipt DESK1-\d{6}$/, { timeout: 20_000 });
  await expect(page.getByTestId('balance')).toHaveText('$0.00');
  await expect(page.getByRole('table', { name: 'Payments' })).toContainText('Card (online)');
  await snap(page, 'pay-by-card-paid');

  await new Shell(page).open('Status');
  await expect(page.getByRole('table', { name: 'Stripe events' }).getByRole('row', { name: /payment_intent\.succeeded .*applied/ })).toBeVisible({ timeout: 20_000 });
});
