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

  /** Types a count of notes and coins ("$20.00" → "2"); the counted total is their sum. */
  async countByDenomination(counts: Record<string, string>): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Close the drawer' });
    await form.getByLabel('Count by denomination').check();
    for (const [value, count] of Object.entries(counts)) await form.getByLabel(`× ${value}`, { exact: true }).fill(count);
  }

  /** Enter in the close form's note field submits the count. */
  async closeWithNote(note: string): Promise<void> {
    const field = this.page.getByRole('form', { name: 'Close the drawer' }).getByLabel(/^Note/);
    await field.fill(note);
    await field.press('Enter');
  }

  denominationTotal(): Locator {
    return this.page.getByTestId('denomination-total');
  }

  zReport(): Locator {
    return this.page.getByRole('region', { name: /^Z report/ });
  }
}
