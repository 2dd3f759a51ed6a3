import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class AuditPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Audit');
    await this.page.getByRole('heading', { name: 'Audit trail' }).waitFor();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Audit entries' });
  }

  async verify(): Promise<void> {
    await this.page.getByRole('button', { name: 'Verify the audit chain' }).click();
  }

  async filterByAction(action: string): Promise<void> {
    await this.page.getByLabel('Action').fill(action);
    await this.page.getByRole('button', { name: 'Apply filters' }).click();
  }
}
