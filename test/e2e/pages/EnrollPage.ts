import type { Locator, Page } from '@playwright/test';
import { Shell } from './Shell';

export class EnrollPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await new Shell(this.page).open('Enroll');
    await this.page.getByRole('heading', { name: 'Enroll a student' }).waitFor();
  }

  async newStudent(s: { name: string; email?: string; phone?: string }): Promise<void> {
    await this.page.getByRole('button', { name: 'New student' }).click();
    const form = this.page.getByRole('form', { name: 'New student' });
    await form.getByLabel('Student name').fill(s.name);
    if (s.email) await form.getByLabel('Email').fill(s.email);
    if (s.phone) await form.getByLabel('Phone').fill(s.phone);
    await form.getByRole('button', { name: 'Register student' }).click();
  }

  async chooseProduct(label: RegExp): Promise<void> {
    const select = this.page.getByLabel('Course or program');
    const option = select.locator('option', { hasText: label });
    await select.selectOption({ value: (await option.getAttribute('value')) ?? '' });
    await this.page.getByRole('button', { name: 'Next' }).click();
  }

  async choosePlan(name: string): Promise<void> {
    await this.page.getByLabel('Payment plan').selectOption({ label: name });
  }

  preview(): Locator {
    return this.page.getByRole('table', { name: 'Schedule preview' });
  }

  async confirm(): Promise<void> {
    await this.page.getByRole('button', { name: 'Review' }).click();
    await this.page.getByRole('button', { name: 'Confirm enrollment' }).click();
  }
}
