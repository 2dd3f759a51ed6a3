import type { Locator, Page } from '@playwright/test';

/** The first-run screen's "Join an existing office": the join form, then the books arriving. */
export class FirstRunJoinPage {
  constructor(private readonly page: Page) {}

  private form(): Locator {
    return this.page.getByRole('form', { name: 'Join an existing office' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('heading', { name: 'Set up Bursar' }).waitFor();
    await this.page.getByRole('button', { name: 'Join an existing office' }).click();
    await this.form().waitFor();
  }

  async join(values: { hub: string; code: string; passphrase: string; deskName: string }): Promise<void> {
    await this.form().getByLabel('Office hub address', { exact: true }).fill(values.hub);
    await this.form().getByLabel('Join code', { exact: true }).fill(values.code);
    await this.form().getByLabel('Office passphrase', { exact: true }).fill(values.passphrase);
    await this.form().getByLabel('Desk name', { exact: true }).fill(values.deskName);
    await this.form().getByRole('button', { name: 'Join office' }).click();
  }

  errorFor(label: string): Locator {
    return this.form().locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).getByRole('alert');
  }

  banner(): Locator {
    return this.form().locator('.banner');
  }

  catchUp(): Locator {
    return this.page.getByRole('region', { name: 'Receiving the office’s books' });
  }

  progress(): Locator {
    return this.page.getByRole('progressbar', { name: 'Office books received' });
  }
}
