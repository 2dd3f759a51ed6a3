import type { Locator, Page } from '@playwright/test';
import { ProductsPage } from './ProductsPage';

export type RuleFields = {
  name?: string;
  plan?: 'full' | 'installments' | 'subscription';
  productType?: '' | 'course' | 'program';
  currency?: string;
  priceAtLeast?: string;
  priceAtMost?: string;
  daysAtLeast?: string;
  daysAtMost?: string;
  payerMayChoose?: boolean;
};

/** The auto-detect rules editor in the Products screen. */
export class PlanRulesPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new ProductsPage(this.page).open();
    await this.page.getByRole('button', { name: 'Plan rules' }).click();
    await this.page.getByRole('heading', { name: 'Auto-detect rules' }).waitFor();
  }

  list(): Locator {
    return this.page.getByRole('list', { name: 'Rules in order' });
  }

  rule(position: number): Locator {
    return this.list().getByRole('listitem').nth(position - 1);
  }

  form(): Locator {
    return this.page.locator('form', { has: this.page.getByRole('heading', { name: /^(New rule|Edit rule \d+)$/ }) });
  }

  async fill(f: RuleFields): Promise<void> {
    const form = this.form();
    if (f.name !== undefined) await form.getByLabel('Rule name').fill(f.name);
    if (f.plan !== undefined) await form.getByLabel('Plan', { exact: true }).selectOption(f.plan);
    if (f.productType !== undefined) await form.getByLabel('Product type').selectOption(f.productType);
    if (f.currency !== undefined) await form.getByLabel('Currency').fill(f.currency);
    if (f.priceAtLeast !== undefined) await form.getByLabel('Price at least').fill(f.priceAtLeast);
    if (f.priceAtMost !== undefined) await form.getByLabel('Price at most').fill(f.priceAtMost);
    if (f.daysAtLeast !== undefined) await form.getByLabel('Days until start at least').fill(f.daysAtLeast);
    if (f.daysAtMost !== undefined) await form.getByLabel('Days until start at most').fill(f.daysAtMost);
    if (f.payerMayChoose !== undefined) await form.getByLabel(/payer may choose/).setChecked(f.payerMayChoose);
  }

  /** Adds a rule to the end of the list (not saved yet), pressing Enter in the form as a keyboard user would. */
  async add(f: RuleFields): Promise<void> {
    await this.page.getByRole('button', { name: 'Add a rule' }).click();
    await this.fill(f);
    await this.form().getByLabel('Rule name').press('Enter');
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save rules' }).click();
  }
}
