import type { Page } from '@playwright/test';
import { expect, snap } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { stripeTest as test } from './stripeFixtures';

test.use({ stripeKeyInEnv: true });

type Course = { product: string; price: string; plan: string; addPlan(products: ProductsPage, plan: string): Promise<void>; student: { name: string; email: string } };

/** An admin connects the desk to the relay, creates a course with one plan and enrolls a student in it. */
async function enrollWithRelay(page: Page, hostUrl: string, relay: { url: string; token: string }, course: Course): Promise<void> {
  await page.goto(hostUrl);
  await new SignInPage(page).setUpAdmin();
  await new SettingsPage(page).open();
  await new IntegrationsPage(page).saveRelay(relay.url, relay.token);
  await expect(page.getByText(/Device token set/)).toBeVisible();

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: course.product, price: course.price });
  await course.addPlan(products, course.plan);

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent(course.student);
  await enroll.chooseProduct(new RegExp(course.product));
  await enroll.choosePlan(course.plan);
  await enroll.confirm();
}


test('send a Stripe invoice for the owed items, the student pays it on Stripe, and the desk shows the items paid through the relay', async ({ page, host, standin, relay }) => {
  await enrollWithRelay(page, host.url, { url: relay.process.url, token: relay.token }, {
    product: 'Evening Ceramics',
    price: '300.00',
    plan: 'Three payments',
    addPlan: (products, plan) => products.addInstallmentPlan(plan, 3, 'monthly'),
    student: { name: 'Tomás Herrera', email: 'tomas@example.org' },
  });
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
  await enrollWithRelay(page, host.url, { url: relay.process.url, token: relay.token }, {
    product: 'Open Studio',
    price: '40.00',
    plan: 'Monthly studio',
    addPlan: (products, plan) => products.addSubscriptionPlan(plan, 3, 'monthly'),
    student: { name: 'Mina Park', email: 'mina@example.org' },
  });
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
