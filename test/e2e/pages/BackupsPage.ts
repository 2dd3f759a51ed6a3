import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class BackupsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Backups');
    await this.page.getByRole('heading', { name: 'Backups and data' }).waitFor();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Backups' });
  }

  async backUpNow(): Promise<void> {
    await this.page.getByRole('button', { name: 'Back up now' }).click();
  }

  /** Starts a restore of the first backup of this kind and answers the confirmation. */
  async restoreFirst(kind: string, confirm: boolean): Promise<void> {
    await this.table().getByRole('row', { name: new RegExp(kind) }).first().getByRole('button', { name: /^Restore / }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: confirm ? 'Yes, restore it' : 'Cancel' }).click();
  }
}
