import type { Locator, Page } from '@playwright/test';

/** The "Payer page" card on the enrollment detail: publish, the links with their state, copy, email, withdraw. */
export class PayerPagePanel {
  constructor(private readonly page: Page) {}

  card(): Locator {
    return this.page.getByRole('region', { name: 'Payer page' });
  }

  async publish(): Promise<void> {
    await this.card().getByRole('button', { name: 'Publish payer page' }).click();
  }

  links(): Locator {
    return this.card().getByRole('list', { name: 'Payer page links' }).getByRole('listitem');
  }

  /** The newest link's URL, as shown in its box (the link holds the page key in its fragment). */
  async newestUrl(): Promise<string> {
    return this.links().first().getByLabel('Payer page link').inputValue();
  }

  newestState(): Locator {
    return this.links().first().getByTestId('payer-page-state');
  }

  async emailNewest(): Promise<void> {
    await this.links().first().getByRole('button', { name: 'Email link' }).click();
  }

  async withdrawNewest(): Promise<void> {
    await this.links().first().getByRole('button', { name: 'Withdraw link' }).click();
  }
}
