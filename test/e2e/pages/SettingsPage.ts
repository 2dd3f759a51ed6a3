import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Settings' }).click();
    await this.page.getByRole('heading', { name: 'Settings' }).waitFor();
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async set(label: string, value: string): Promise<void> {
    await this.field(label).fill(value);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save settings' }).click();
  }

  saved(): Locator {
    return this.page.getByRole('status').filter({ hasText: 'Settings saved.' });
  }

  /** The error message shown under a field. */
  errorFor(label: string): Locator {
    return this.page.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByRole('alert');
  }
}
