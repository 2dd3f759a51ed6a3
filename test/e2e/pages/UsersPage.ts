import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class UsersPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Users');
    await this.page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Users' });
  }

  async add(user: { username: string; displayName: string; role: 'cashier' | 'admin'; password: string }): Promise<void> {
    const form = this.page.locator('form', { has: this.page.getByRole('heading', { name: 'Add a user' }) });
    await form.getByLabel('Username').fill(user.username);
    await form.getByLabel('Full name').fill(user.displayName);
    await form.getByLabel('Role').selectOption(user.role);
    await form.getByLabel('Password or PIN').fill(user.password);
    await form.getByRole('button', { name: 'Add user' }).click();
  }
}
