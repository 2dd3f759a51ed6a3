import type { Locator, Page } from '@playwright/test';

/** The navigation and top bar around every signed-in screen. */
export class Shell {
  constructor(private readonly page: Page) {}

  nav(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' });
  }

  async open(screen: string): Promise<void> {
    await this.nav().getByRole('button', { name: screen, exact: true }).click();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
  }
}
