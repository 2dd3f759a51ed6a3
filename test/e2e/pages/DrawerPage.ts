import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class DrawerPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Drawer');
    await this.page.getByRole('heading', { name: 'Drawer', exact: true }).waitFor();
  }

  async openDrawer(float: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Open the drawer' });
    await form.getByLabel(/Counted float/).fill(float);
    await form.getByRole('button', { name: 'Open drawer' }).click();
  }

  expectedCash(): Locator {
    return this.page.getByTestId('expected-cash');
  }

  async close(counted: string, note: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Close the drawer' });
    await form.getByLabel('Counted cash').fill(counted);
    await form.getByLabel(/^Note/).fill(note);
    await form.getByRole('button', { name: 'Close drawer' }).click();
  }

  zReport(): Locator {
    return this.page.getByRole('region', { name: /^Z report/ });
  }
}
