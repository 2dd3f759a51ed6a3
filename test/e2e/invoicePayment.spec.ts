import { expect, snap } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { stripeTest as test } from './stripeFixtures';

test.use({ stripeKeyInEnv: true });

test('send a Stripe invoice for the owed items, the student pays it on Stripe, and the desk shows the items paid through the relay', async ({ page, host, standin, relay }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await new SettingsPage(page).open();
  await new IntegrationsPage(page).saveRelay(relay.process.url, relay.token);
  await expect(page.getByText(/Device token set/)).toBeVisible();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Evening Ceramics', price: '300.00' });
  await products.addInstallmentPlan('Three payments', 3, 'monthly');

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Tomás Herrera', email: 'tomas@example.org' });
  await enroll.chooseProduct(/Evening Ceramics/);
  await enroll.choosePlan('Three payments');
  await enroll.confirm();
  await expect(page.getByTestId('balance')).toHaveText('$300.00');

  // Two of the three installments on one invoice.
  const owed = page.getByRole('group', { name: /Owed items to invoice/ });
  await owed.getByRole('checkbox').nth(0).check();
  await owed.getByRole('checkbox').nth(1).check();
  await page.getByRole('button', { name: 'Send an invoice' }).click();
  const link = page.getByLabel(/Invoice link \(\$200\.00\)/);
  await expect(link).toBeVisible();
  const url = await link.inputValue();
  expect(url).toMatch(/^http.*\/invoices\/in_/);
  await expect(page.getByTestId('invoice-status')).toHaveText('Sent — waiting for the student to pay');
  await snap(page, 'invoice-sent');

  const invoice = Object.values(standin.data().invoices).find((i) => i.hosted_invoice_url === url);
  expect(invoice?.amount_due).toBe(20_000);
  standin.pay(invoice?.id ?? '');
  await standin.webhooks.idle();
  await expect(page.getByTestId('invoice-status')).toHaveText(/^Paid — receipt DESK1-\d{6}$/, { timeout: 20_000 });
  await expect(page.getByTestId('balance')).toHaveText('$100.00');
  const schedule = page.getByRole('table', { name: 'Schedule' });
  await expect(schedule.getByRole('cell', { name: 'Paid', exact: true })).toHaveCount(2);
  await snap(page, 'invoice-paid');

  await new Shell(page).open('Status');
  await expect(page.getByRole('table', { name: 'Stripe events' }).getByRole('row', { name: /invoice\.paid .*applied/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Delinquent items' })).toBeVisible();
});

test('start a Stripe subscription, the student pays the first invoice on Stripe, and the desk shows it active with the first period paid', async ({ page, host, standin, relay }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await new SettingsPage(page).open();
  await new IntegrationsPage(page).saveRelay(relay.process.url, relay.token);
  await expect(page.getByText(/Device token set/)).toBeVisible();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Open Studio', price: '40.00' });
  await products.addSubscriptionPlan('Monthly studio', 3, 'monthly');

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Mina Park', email: 'mina@example.org' });
  await enroll.chooseProduct(/Open Studio/);
  await enroll.choosePlan('Monthly studio');
  await enroll.confirm();
  await expect(page.getByTestId('subscription-status')).toHaveText('No subscription yet.');

  await page.getByRole('button', { name: 'Start subscription' }).click();
  await expect(page.getByTestId('subscription-status')).toHaveText(/^Stripe subscription incomplete · 3 periods$/);
  const url = await page.getByLabel('First invoice link').inputValue();
  const invoice = Object.values(standin.data().invoices).find((i) => i.hosted_invoice_url === url);
  expect(invoice?.amount_due).toBe(4_000);
  standin.pay(invoice?.id ?? '');
  await standin.webhooks.idle();
  await expect(page.getByTestId('subscription-status')).toHaveText(/^Stripe subscription active/, { timeout: 20_000 });
  await expect(page.getByTestId('invoice-status')).toHaveText(/^Paid — receipt DESK1-\d{6}$/, { timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Schedule' }).getByRole('cell', { name: 'Paid', exact: true })).toHaveCount(1);
  await snap(page, 'subscription-active');
});
