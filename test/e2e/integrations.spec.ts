import { stripeFor } from '../support/stripe/client';
import { expect, snap } from './fixtures';
import { IntegrationsPage } from './pages/IntegrationsPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { stripeTest as test } from './stripeFixtures';

test('an admin sets the Stripe key and the relay, syncs, and sees Stripe events on the desk; the key never shows', async ({ page, host, standin, relay }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const settings = new SettingsPage(page);
  await settings.open();
  const integrations = new IntegrationsPage(page);
  await expect(integrations.stripeState()).toHaveText(/Not configured/);

  await integrations.saveStripeKey('not-a-key');
  await expect(page.locator('.field', { has: page.getByLabel('Secret key') }).getByRole('alert')).toContainText('must be a Stripe secret key');
  await integrations.saveStripeKey(standin.secretKey);
  await expect(integrations.stripeState()).toHaveText(`Configured: key ending in ${standin.secretKey.slice(-4)} (test mode). The key is stored unencrypted on this computer (no OS key store).`);
  await integrations.testStripe();
  await expect(page.getByRole('status').filter({ hasText: 'Connected to Stripe.' })).toBeVisible();
  expect(await page.content()).not.toContain(standin.secretKey);

  await integrations.saveRelay(relay.process.url, relay.token);
  await expect(page.getByText(`Device token set (ending in ${relay.token.slice(-4)}).`)).toBeVisible();

  // A student pays on Stripe; the event goes stand-in → relay, and the desk pulls it.
  await stripeFor(standin).paymentIntents.create({ amount: 4200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true });
  await standin.webhooks.idle();
  // The desk's background sync may have pulled them already; "Sync now" pulls whatever is left.
  await integrations.syncNow();
  await expect(page.getByRole('status').filter({ hasText: /Synced: \d+ new events from the relay/ })).toBeVisible();
  await expect(integrations.syncState()).toHaveText('Online');
  await snap(page, 'settings-integrations');
  expect(await page.content()).not.toContain(relay.token);

  await new Shell(page).open('Status');
  const events = page.getByRole('table', { name: 'Stripe events' });
  await expect(events.getByRole('row', { name: /payment_intent\.succeeded .* Relay/ })).toBeVisible();
  await snap(page, 'status-events');

  await settings.open();
  await integrations.removeStripeKey();
  await expect(integrations.stripeState()).toHaveText(/Not configured/);
});
