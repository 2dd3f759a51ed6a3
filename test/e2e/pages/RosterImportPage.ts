import type { Locator, Page } from '@playwright/test';
import { SettingsPage } from './SettingsPage';

/** Settings → Import from SIS. */
export class RosterImportPage {
  constructor(private readonly page: Page) {}

  panel(): Locator {
    return this.page.locator('.card', { has: this.page.getByRole('heading', { name: 'Import from SIS' }) });
  }

  async open(): Promise<void> {
    await new SettingsPage(this.page).open();
    await this.panel().getByRole('heading', { name: 'Import from SIS' }).waitFor();
  }

  async choose(path: string, mode: 'bulk' | 'delta'): Promise<void> {
    await this.panel().getByLabel('Bundle path').fill(path);
    await this.panel().getByLabel('Mode').selectOption(mode);
  }

  async setMapping(m: { level?: 'class' | 'course'; currency?: string; defaultPrice?: string; coursePrices?: string }): Promise<void> {
    const p = this.panel();
    if (m.level) await p.getByLabel('Product for each').selectOption(m.level);
    if (m.currency) await p.getByLabel('Currency', { exact: true }).fill(m.currency);
    if (m.defaultPrice !== undefined) await p.getByLabel('Default price').fill(m.defaultPrice);
    if (m.coursePrices !== undefined) await p.getByLabel('Price per course').fill(m.coursePrices);
  }

  async preview(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Preview import' }).click();
  }

  previewTable(): Locator {
    return this.panel().getByRole('table', { name: 'Import preview' });
  }

  /** The preview's row for a kind ("Students (payers)"), its cells New, Changed, Unchanged, To remove. */
  previewRow(label: string): Locator {
    return this.previewTable().getByRole('row', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}`) });
  }

  problems(): Locator {
    return this.panel().getByRole('table', { name: 'Import problems' });
  }

  async importNow(): Promise<void> {
    await this.panel().getByRole('button', { name: 'Import now' }).click();
  }

  history(): Locator {
    return this.panel().getByRole('table', { name: 'SIS import history' });
  }
}
