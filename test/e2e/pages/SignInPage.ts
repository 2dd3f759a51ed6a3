import type { Page } from '@playwright/test';

export class SignInPage {
  constructor(private readonly page: Page) {}

  async setUpAdmin(username = 'admin', password = 'admin-pass', displayName = 'Office Admin'): Promise<void> {
    await this.page.getByRole('heading', { name: 'Set up Bursar' }).waitFor();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Full name').fill(displayName);
    await this.page.getByLabel('Password or PIN').fill(password);
    await this.page.getByRole('button', { name: 'Create admin and sign in' }).click();
    // Signed in: the admin is in the store. A test that stops the host next (host.restart) must
    // not kill it before auth:setup has landed, or the desk starts again with no user at all.
    await this.page.getByRole('button', { name: 'Sign out' }).waitFor();
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByRole('heading', { name: 'Sign in to Bursar' }).waitFor();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password or PIN').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }
}
