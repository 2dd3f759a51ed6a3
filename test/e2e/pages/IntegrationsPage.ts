import type { Locator, Page } from '@playwright/test';

/** The Stripe and relay cards of the Settings screen, and the sync status bar. */
export class IntegrationsPage {
  constructor(private readonly page: Page) {}

  private stripeCard(): Locator {
    return this.page.locator('form', { has: this.page.getByRole('heading', { name: 'Stripe (card payments)' }) });
  }

  private relayCard(): Locator {
    return this.page.locator('form', { has: this.page.getByRole('heading', { name: 'Cloud relay (Stripe events)' }) });
  }

  stripeState(): Locator {
    return this.page.getByTestId('stripe-state');
  }

  async saveStripeKey(key: string): Promise<void> {
    await this.stripeCard().getByLabel('Secret key').fill(key);
    await this.stripeCard().getByRole('button', { name: 'Save key' }).click();
  }

  async testStripe(): Promise<void> {
    await this.stripeCard().getByRole('button', { name: 'Test connection' }).click();
  }

  async removeStripeKey(): Promise<void> {
    await this.stripeCard().getByRole('button', { name: 'Remove key' }).click();
  }

  async saveRelay(url: string, token: string): Promise<void> {
    await this.relayCard().getByLabel('Relay URL').fill(url);
    await this.relayCard().getByLabel('Device token').fill(token);
    await this.relayCard().getByRole('button', { name: 'Save relay settings' }).click();
  }

  async syncNow(): Promise<void> {
    await this.relayCard().getByRole('button', { name: 'Sync now' }).click();
  }

  syncState(): Locator {
    return this.page.getByTestId('sync-state');
  }
}
