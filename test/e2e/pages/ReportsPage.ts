import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class ReportsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Reports');
    await this.page.getByRole('heading', { name: 'Reports', exact: true }).waitFor();
  }

  async choose(title: string): Promise<void> {
    await this.page.getByLabel('Report', { exact: true }).selectOption({ label: title });
    await this.page.getByRole('heading', { name: title, exact: true }).waitFor();
  }

  /** `from` and `to` as the office types them (en-US: 03/01/2025). */
  async setRange(from: string, to: string): Promise<void> {
    await this.page.getByLabel('From', { exact: true }).fill(from);
    await this.page.getByLabel('To', { exact: true }).fill(to);
  }

  async show(): Promise<void> {
    await this.page.getByRole('button', { name: 'Show report' }).click();
  }

  chart(): Locator {
    return this.page.locator('main figure [role="img"]');
  }

  table(title: string): Locator {
    return this.page.getByRole('table', { name: `${title} table` });
  }

  /** The table's header and body cells (not the total rows), as text, row by row. */
  async cells(title: string): Promise<string[][]> {
    return this.table(title).locator('thead tr, tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('th, td'), (c) => (c.textContent ?? '').trim())));
  }

  /** The total rows under the table, one per currency. */
  totals(title: string): Locator {
    return this.table(title).locator('tfoot tr');
  }

  exportButton(): Locator {
    return this.page.getByRole('button', { name: 'Export CSV' });
  }
}
