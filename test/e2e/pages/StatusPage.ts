import type { Locator, Page } from '@playwright/test';

export class StatusPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Status' }).click();
    await this.page.getByRole('heading', { name: 'Status' }).waitFor();
  }

  fact(name: string): Locator {
    return this.page.getByTestId(`info-${name}`);
  }
}
