import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class SchedulesPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Schedules');
    await this.page.getByRole('heading', { name: 'Schedules', exact: true }).waitFor();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Schedule items' });
  }

  statusFilter(): Locator {
    return this.page.getByRole('search', { name: 'Schedule filters' }).getByRole('group', { name: /^Status/ });
  }

  /** Ticks exactly these statuses (by their labels, e.g. 'Paused'; by value too: 'paused'), unticking the others; none: any status. */
  async filterStatus(...statuses: string[]): Promise<void> {
    const wanted = new Set(statuses.map((s) => s.toLowerCase().replace(/_/g, ' ')));
    const boxes = this.statusFilter().getByRole('checkbox');
    for (const box of await boxes.all()) {
      const label = ((await box.evaluate((el) => el.parentElement?.textContent ?? '')) || '').trim().toLowerCase();
      await box.setChecked(wanted.has(label));
    }
  }

  async filterProduct(name: string): Promise<void> {
    await this.page.getByRole('search', { name: 'Schedule filters' }).getByLabel('Course or program').selectOption({ label: name });
  }

  /** Pauses one item with a reason, through the reason dialog. */
  async pause(payer: string, seq: number, reason: string): Promise<void> {
    await this.page.getByRole('button', { name: `Pause ${payer} item ${seq}` }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Pause this item' });
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Apply' }).click();
  }

  /** Moves one item's due date with a reason, through the reason dialog; `dueDate` as the office types it (en-US: 06/02/2025). */
  async move(payer: string, seq: number, dueDate: string, reason: string): Promise<void> {
    await this.page.getByRole('button', { name: `Move due date of ${payer} item ${seq}` }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Move the due date' });
    await dialog.getByLabel('New due date').fill(dueDate);
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  postLateFeeButton(payer: string, seq: number): Locator {
    return this.page.getByRole('button', { name: `Post late fee on ${payer} item ${seq}` });
  }

  /** Posts the proposed late fee of one item with a reason, through the reason dialog. */
  async postLateFee(payer: string, seq: number, reason: string): Promise<void> {
    await this.postLateFeeButton(payer, seq).click();
    const dialog = this.page.getByRole('dialog', { name: 'Post the late fee' });
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
}
