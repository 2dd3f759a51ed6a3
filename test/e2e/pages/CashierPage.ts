import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class CashierPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Cashier');
    await this.page.getByRole('heading', { name: 'Cashier', exact: true }).waitFor();
  }

  searchBox(): Locator {
    return this.page.getByRole('search', { name: 'Find payer' }).getByLabel('Find payer');
  }

  async findPayer(query: string): Promise<void> {
    await this.searchBox().fill(query);
    await this.searchBox().press('Enter');
  }

  dueItems(): Locator {
    return this.page.getByRole('table', { name: 'Due items' });
  }

  /** Keyboard-first: amount, Tab to tendered, Enter to record. */
  async takeCash(amount: string, tendered: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Take payment' });
    await form.getByLabel('Method').selectOption('cash');
    await form.getByLabel(/^Amount/).fill(amount);
    await form.getByLabel(/^Amount/).press('Tab');
    await this.page.keyboard.type(tendered);
  }

  /** A check: amount, number and bank, then Enter in the bank field. */
  async takeCheck(amount: string, number: string, bank: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Take payment' });
    await form.getByLabel('Method').selectOption('check');
    await form.getByLabel(/^Amount/).fill(amount);
    await form.getByLabel('Check number').fill(number);
    await form.getByLabel('Bank').fill(bank);
    await form.getByLabel('Bank').press('Enter');
  }

  changePreview(): Locator {
    return this.page.getByTestId('change-preview');
  }

  async confirmWithEnter(): Promise<void> {
    await this.page.getByRole('form', { name: 'Take payment' }).getByLabel('Tendered').press('Enter');
  }

  receipt(number: string): Locator {
    return this.page.getByRole('region', { name: `Receipt ${number}` });
  }

  takePaymentForm(): Locator {
    return this.page.getByRole('form', { name: 'Take payment' });
  }

  balance(): Locator {
    return this.page.getByTestId('balance');
  }

  payerCredit(): Locator {
    return this.page.getByTestId('payer-credit');
  }

  matchingPayers(): Locator {
    return this.page.getByRole('list', { name: 'Matching payers' });
  }

  async pickPayer(name: string): Promise<void> {
    await this.matchingPayers().getByRole('button', { name: new RegExp(`^${name}`) }).click();
  }

  /** A bank transfer: amount and reference, then Enter in the reference field. */
  async takeTransfer(amount: string, reference: string): Promise<void> {
    const form = this.takePaymentForm();
    await form.getByLabel('Method').selectOption('bank_transfer');
    await form.getByLabel(/^Amount/).fill(amount);
    await form.getByLabel('Reference').fill(reference);
    await form.getByLabel('Reference').press('Enter');
  }

  /** An admin voids without an override. */
  async voidAsAdmin(reason: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Void this payment…' }).click();
    const form = this.page.getByRole('form', { name: /^Void / });
    await form.getByLabel('Reason for the void').fill(reason);
    await form.getByRole('button', { name: 'Void payment' }).click();
  }

  /** The question asked when the money is more than is owed. */
  overpaid(): Locator {
    return this.page.getByRole('group', { name: /^Overpaid by/ });
  }

  async keepAsCredit(): Promise<void> {
    await this.overpaid().getByRole('button', { name: /as credit$/ }).click();
  }

  async giveChange(): Promise<void> {
    await this.overpaid().getByRole('button', { name: /change$/ }).click();
  }

  async voidWithOverride(reason: string, admin: string, pin: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Void this payment…' }).click();
    const form = this.page.getByRole('form', { name: /^Void / });
    await form.getByLabel('Reason for the void').fill(reason);
    await form.getByLabel('Approving admin').fill(admin);
    await form.getByLabel('Admin PIN').fill(pin);
    await form.getByRole('button', { name: 'Void payment' }).click();
  }
}
