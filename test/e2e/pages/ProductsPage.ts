import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class ProductsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Products');
    await this.page.getByRole('heading', { name: 'Products', exact: true }).waitFor();
  }

  table(): Locator {
    return this.page.getByRole('table', { name: 'Products' });
  }

  /** `startDate`, `endDate` as the office types them (en-US: 01/15/2027). */
  async create(p: { name: string; type?: 'course' | 'program'; price: string; currency?: string; startDate?: string; endDate?: string; externalId?: string; autoAssign?: boolean }): Promise<void> {
    await this.page.getByRole('button', { name: 'New product' }).click();
    const form = this.page.locator('form', { has: this.page.getByRole('heading', { name: 'New product' }) });
    await form.getByLabel('Name').fill(p.name);
    if (p.type) await form.getByLabel('Type').selectOption(p.type);
    await form.getByLabel('Price').fill(p.price);
    if (p.currency) await form.getByLabel('Currency').fill(p.currency);
    if (p.externalId) await form.getByLabel('External id').fill(p.externalId);
    if (p.startDate) await form.getByLabel('Start date').fill(p.startDate);
    if (p.endDate) await form.getByLabel('End date').fill(p.endDate);
    if (p.autoAssign !== undefined) await form.getByLabel(/auto-detect rules pick the plan/).setChecked(p.autoAssign);
    await form.getByRole('button', { name: 'Create product' }).click();
  }

  /** Adds an installments plan in the plans panel of the product just created or opened. */
  async addInstallmentPlan(name: string, count: number, interval: 'weekly' | 'biweekly' | 'monthly', deposit = '0'): Promise<void> {
    const form = this.page.locator('form', { has: this.page.getByRole('heading', { name: 'Add a plan' }) });
    await form.getByLabel('Plan name').fill(name);
    await form.getByLabel('Kind').selectOption('installments');
    await form.getByLabel('Deposit', { exact: true }).fill(deposit);
    await form.getByLabel('Number of installments').fill(String(count));
    await form.getByLabel('Every').selectOption(interval);
    await form.getByRole('button', { name: 'Add plan' }).click();
  }

  /** Adds a subscription plan (`count` periods; null: open-ended) charged every `interval`. */
  async addSubscriptionPlan(name: string, count: number | null, interval: 'weekly' | 'biweekly' | 'monthly'): Promise<void> {
    const form = this.page.locator('form', { has: this.page.getByRole('heading', { name: 'Add a plan' }) });
    await form.getByLabel('Plan name').fill(name);
    await form.getByLabel('Kind').selectOption('subscription');
    await form.getByLabel(/Number of periods/).fill(count === null ? '' : String(count));
    await form.getByLabel('Every').selectOption(interval);
    await form.getByRole('button', { name: 'Add plan' }).click();
  }

  planForm(): Locator {
    return this.page.locator('form', { has: this.page.getByRole('heading', { name: 'Add a plan' }) });
  }

  /** Fills an installments plan on listed dates (comma-separated), with an optional late fee, and submits it. */
  async addPlanOnDates(name: string, dates: string, lateFee?: { amount: string; graceDays: string }): Promise<void> {
    const form = this.planForm();
    await form.getByLabel('Plan name').fill(name);
    await form.getByLabel('Kind').selectOption('installments');
    await form.getByLabel('Installments fall due').selectOption('dates');
    await form.getByLabel('Installment due dates').fill(dates);
    if (lateFee) {
      await form.getByLabel('Late fee (empty: none)').fill(lateFee.amount);
      await form.getByLabel('Grace days before the fee').fill(lateFee.graceDays);
    }
    await form.getByRole('button', { name: 'Add plan' }).click();
  }

  /** Fills an installments plan in the plan form without saving it, so the live preview can be read; `previewDate` as the office types it (en-US: 01/31/2030). */
  async draftInstallmentPlan(p: { name: string; count: string; interval?: 'weekly' | 'biweekly' | 'monthly'; deposit?: string; depositAs?: 'amount' | 'percent'; previewDate?: string }): Promise<void> {
    const form = this.planEditor();
    await form.getByLabel('Plan name').fill(p.name);
    await form.getByLabel('Kind').selectOption('installments');
    if (p.depositAs) await form.getByLabel('Deposit as').selectOption(p.depositAs);
    await form.getByLabel('Deposit', { exact: true }).fill(p.deposit ?? '0');
    await form.getByLabel('Number of installments').fill(p.count);
    await form.getByLabel('Every').selectOption(p.interval ?? 'monthly');
    if (p.previewDate) await form.getByLabel('Preview for an enrollment on').fill(p.previewDate);
  }

  /** The plan form, whether it adds a plan or edits one. */
  planEditor(): Locator {
    return this.page.locator('form', { has: this.page.getByRole('heading', { name: /^(Add a plan|Edit )/ }) });
  }

  /** The live preview of the plan being typed (nothing saved). */
  draftPreview(): Locator {
    return this.page.getByRole('region', { name: 'Live schedule preview' });
  }

  draftPreviewTable(): Locator {
    return this.draftPreview().getByRole('table', { name: 'Draft schedule' });
  }

  /** The one-line summary the preview announces (total and count, or why there is none). */
  draftPreviewSummary(): Locator {
    return this.draftPreview().locator('[aria-live="polite"]');
  }

  plansTable(): Locator {
    return this.page.getByRole('table', { name: 'Payment plans' });
  }

  previewTable(): Locator {
    return this.page.getByRole('table', { name: 'Preview items' });
  }

  async importCsv(csv: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Import CSV' }).click();
    await this.page.getByLabel('CSV text').fill(csv);
    await this.page.getByRole('button', { name: 'Import', exact: true }).click();
  }
}
