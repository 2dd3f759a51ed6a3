import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class DepositsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Deposits');
    await this.page.getByRole('heading', { name: 'Deposits', exact: true, level: 1 }).waitFor();
  }

  sessions(): Locator {
    return this.page.getByRole('table', { name: 'Closed sessions not yet deposited' });
  }

  deposits(): Locator {
    return this.page.getByRole('table', { name: 'Deposits' });
  }

  preview(): Locator {
    return this.page.getByTestId('deposit-preview');
  }

  /** Ticks a closed session by its Z report name (DESK1-Z0001) with the keyboard. */
  async include(zName: string): Promise<void> {
    const box = this.sessions().getByRole('checkbox', { name: `Include ${zName}` });
    await box.focus();
    await this.page.keyboard.press('Space');
  }

  async viewZReport(zName: string): Promise<Locator> {
    await this.sessions().getByRole('button', { name: `View Z report ${zName}` }).click();
    return this.page.getByRole('region', { name: `Z report ${zName}` });
  }

  async closeZReport(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close Z report' }).click();
  }

  async create(slipNumber: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Prepare a bank deposit' });
    await form.getByLabel('Slip number').fill(slipNumber);
    await form.getByLabel('Slip number').press('Enter');
  }

  total(slipNumber: string): Locator {
    return this.page.getByTestId(`deposit-total-${slipNumber}`);
  }

  row(slipNumber: string): Locator {
    return this.deposits().getByRole('row').filter({ hasText: slipNumber });
  }

  async markDeposited(slipNumber: string, bankReference: string): Promise<void> {
    await this.deposits().getByRole('button', { name: `Mark ${slipNumber} deposited` }).click();
    const form = this.page.getByRole('form', { name: `Mark ${slipNumber} deposited` });
    await form.getByLabel('Bank reference (optional)').fill(bankReference);
    await form.getByLabel('Bank reference (optional)').press('Enter');
  }

  async show(status: 'All deposits' | 'Prepared, not yet at the bank' | 'Deposited'): Promise<void> {
    await this.page.getByLabel('Show').selectOption({ label: status });
  }
}
