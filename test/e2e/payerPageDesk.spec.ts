import { expect, snap } from './fixtures';
import { call } from './coreCall';
import { EnrollPage } from './pages/EnrollPage';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { PayerPagePanel } from './pages/PayerPagePanel';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { stripeTest } from './stripeFixtures';

/** What both tests start from: an admin signed in on a desk linked to the relay, one student enrolled in a three-installment plan, the enrollment's page open. */
type Enrolled = { student: string; product: string };

const test = stripeTest.extend<{ enrolled: Enrolled }>({
  // Its own timeout: a fixture shares the test's otherwise, and the tests' longer ones are set only once it is ready.
  enrolled: [async ({ page, host, relay }, use) => {
    const enrolled: Enrolled = { student: 'Imogen Achterberg', product: 'Violin Grade 2' };
    await page.goto(host.url);
    await new SignInPage(page).setUpAdmin();
    await new SettingsPage(page).open();
    await new IntegrationsPage(page).saveRelay(relay.process.url, relay.token);
    await expect(page.getByText(/Device token set/)).toBeVisible();
    const products = new ProductsPage(page);
    await products.open();
    await products.create({ name: enrolled.product, price: '600.00' });
    await products.addInstallmentPlan('Three monthly payments', 3, 'monthly');
    const enroll = new EnrollPage(page);
    await enroll.open();
    await enroll.newStudent({ name: enrolled.student, email: 'imogen@example.org' });
    await enroll.chooseProduct(new RegExp(enrolled.product));
    await enroll.choosePlan('Three monthly payments');
    await enroll.confirm();
    await use(enrolled);
  }, { timeout: 180_000 }],
});

test('a cashier publishes the payer page, the payer opens the link and sees the schedule; a payment at the desk reaches the same link; a withdrawn link shows a clear page', async ({ page, relay, context, enrolled }) => {
  test.setTimeout(180_000);
  const panel = new PayerPagePanel(page);
  await expect(panel.card().getByText('No payer page yet.')).toBeVisible();
  await panel.publish();
  await expect(panel.newestState()).toHaveText('Published');
  const url = await panel.newestUrl();
  expect(url).toMatch(new RegExp(`^${relay.process.url}/p/[A-Za-z0-9_-]{22}#k=[A-Za-z0-9_-]{43}$`));
  await snap(page, 'payer-page-panel');

  const payer = await context.newPage();
  await payer.goto(url);
  await expect(payer.getByRole('heading', { name: `Statement for ${enrolled.student}` })).toBeVisible();
  const schedule = payer.getByRole('table', { name: 'Payment schedule' });
  await expect(schedule.getByRole('row')).toHaveCount(4);
  await expect(schedule.getByRole('row', { name: /Installment 1/ })).toContainText('$200.00');
  await expect(payer.getByRole('region', { name: 'Balance' })).toContainText('$600.00');

  // A payment taken at the desk: the desk republishes by itself under the same link.
  const listed = await call<{ enrollments: { id: string; payerName: string }[] }>(page, 'enrollments:list', { payerQuery: enrolled.student });
  const id = listed.enrollments[0]?.id ?? '';
  await call(page, 'drawer:open', { requestId: `e2e-drawer-${Date.now()}`, openingFloat: 5000 });
  await call(page, 'payments:recordManual', { requestId: `e2e-pay-${Date.now()}`, enrollmentId: id, method: 'cash', amount: 25000, tendered: 25000, currency: 'USD' });
  await expect(async () => {
    await payer.reload();
    await expect(payer.getByRole('region', { name: 'Balance' })).toContainText('$350.00', { timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(payer.getByRole('table', { name: 'Payments and refunds' })).toContainText('$250.00');
  await expect(panel.newestUrl()).resolves.toBe(url);

  await panel.withdrawNewest();
  await expect(panel.newestState()).toHaveText(/Withdrawn/);
  await expect(async () => {
    await payer.reload();
    await expect(payer.getByRole('heading', { name: 'This link was withdrawn' })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await snap(payer, 'payer-page-withdrawn');
});

test.describe('paying from the payer page', () => {
  test.use({ stripeKeyInEnv: true });

  test("the payer pays the next installment on the stand-in Stripe's hosted page; the desk records it through the relay and the republished page shows it paid", async ({ page, context, enrolled }) => {
    test.setTimeout(240_000);
    // The desk's hosted invoice for the first installment is the page's "Pay next" button.
    await page.getByRole('group', { name: /Owed items to invoice/ }).getByRole('checkbox').nth(0).check();
    await page.getByRole('button', { name: 'Send an invoice' }).click();
    await expect(page.getByLabel(/Invoice link \(\$200\.00\)/)).toBeVisible();
    const panel = new PayerPagePanel(page);
    await panel.publish();
    await expect(panel.newestState()).toHaveText('Published');
    const url = await panel.newestUrl();

    const payer = await context.newPage();
    await payer.goto(url);
    await expect(payer.getByRole('heading', { name: `Statement for ${enrolled.student}` })).toBeVisible();
    // The payer pays in a second tab and leaves the statement open in the first.
    const payLink = payer.getByRole('link', { name: /Pay next installment \$200\.00/ });
    const stripePage = await context.newPage();
    await stripePage.goto((await payLink.getAttribute('href')) ?? '');
    await expect(stripePage.locator('#status')).toHaveText('open');
    await stripePage.getByRole('button', { name: /Pay with pm_card_visa/ }).click();
    await expect(stripePage.locator('#status')).toHaveText('paid');

    // Stripe → relay → the desk's sync applies invoice.paid → the page goes up again by itself,
    // and the statement left open reads it again by itself: no reload.
    await expect(page.getByTestId('balance')).toHaveText('$400.00', { timeout: 60_000 });
    await payer.bringToFront();
    await expect(payer.getByRole('region', { name: 'Balance' })).toContainText('$400.00', { timeout: 60_000 });
    const schedule = payer.getByRole('table', { name: 'Payment schedule' });
    await expect(schedule.getByRole('row', { name: /Installment 1/ })).toContainText('Paid');
    await expect(payer.getByRole('table', { name: 'Payments and refunds' })).toContainText('$200.00');
    await expect(payer.getByRole('link', { name: /Pay next installment/ })).toHaveCount(0);
    await snap(payer, 'payer-page-after-card-payment');
  });
});
