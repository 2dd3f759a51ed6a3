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

  /** Chooses an action in the Action select (by its stored code, the option's value, or its words) and applies it. */
  async filterByAction(action: string, apply = 'Apply filters'): Promise<void> {
    await this.page.locator('form.filters').getByRole('combobox').first().selectOption(action);
    await this.page.getByRole('button', { name: apply }).click();
  }

  /** Chooses who in the User select (a user's name, or the desk's own work by its words), keeping the other filters, and applies it. */
  async filterByUser(who: string, apply = 'Apply filters'): Promise<void> {
    await this.page.locator('form.filters').getByRole('combobox').nth(1).selectOption({ label: who });
    await this.page.getByRole('button', { name: apply }).click();
  }
}
