import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class RefundPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Refunds');
    await this.page.getByRole('heading', { name: 'Refunds and cancellations' }).waitFor();
  }

  async findPayer(query: string): Promise<void> {
    const search = this.page.getByRole('search', { name: 'Find payer' });
    await search.getByLabel('Find payer').fill(query);
    await search.getByLabel('Find payer').press('Enter');
  }

  async preview(action: 'cancel' | 'refund', reason: string, amount = ''): Promise<void> {
    await this.page.getByLabel('Action').selectOption(action);
    await this.page.getByLabel('Reason', { exact: true }).fill(reason);
    await this.page.getByLabel(/^Refund amount/).fill(amount);
    await this.page.getByRole('button', { name: 'Preview refund' }).click();
  }

  proposal(): Locator {
    return this.page.getByRole('region', { name: 'Proposed refund' });
  }

  async confirm(): Promise<void> {
    await this.proposal().getByRole('button', { name: /^Confirm/ }).click();
  }
}
