import type { Locator, Page } from '@playwright/test';

/** Settings → Office: the join form, then this desk's standing and the office's desks. */
export class OfficeSettingsPage {
  constructor(private readonly page: Page) {}

  private form(): Locator {
    return this.page.getByRole('form', { name: 'Office' });
  }

  field(label: string): Locator {
    return this.form().getByLabel(label, { exact: true });
  }

  async join(values: { hub: string; code: string; passphrase: string; deskName: string }): Promise<void> {
    await this.field('Office hub address').fill(values.hub);
    await this.field('Join code').fill(values.code);
    await this.field('Office passphrase').fill(values.passphrase);
    await this.field('Desk name').fill(values.deskName);
    await this.form().getByRole('button', { name: 'Join office' }).click();
  }

  /** The error message shown under a field of the join form. */
  errorFor(label: string): Locator {
    return this.form().locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByRole('alert');
  }

  heading(officeName: string): Locator {
    return this.page.getByRole('heading', { name: `Office: ${officeName}` });
  }

  fact(term: string): Locator {
    return this.page.locator('.facts__row', { has: this.page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd');
  }

  desks(): Locator {
    return this.page.getByRole('table', { name: 'Office desks' });
  }

  deskRow(name: string | RegExp): Locator {
    return this.desks().getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  async syncNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sync office now' }).click();
  }
}
