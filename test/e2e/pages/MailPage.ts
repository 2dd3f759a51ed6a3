import type { Locator, Page } from '@playwright/test';

/** Settings → Mail (server, test, reminder rules), the payer's Email panel, and the Status screen's mail log. */
export class MailPage {
  constructor(private readonly page: Page) {}

  private settingsForm(): Locator {
    return this.page.getByRole('form', { name: 'Mail' });
  }

  async fillServer(s: { host: string; port: string; security: 'none' | 'starttls' | 'tls'; user: string; password: string; from: string; replyTo?: string }): Promise<void> {
    const form = this.settingsForm();
    await form.getByLabel('Mail server (SMTP)').fill(s.host);
    await form.getByLabel('Port').fill(s.port);
    await form.getByLabel('Security').selectOption(s.security);
    await form.getByLabel('User name').fill(s.user);
    await form.getByLabel('Password').fill(s.password);
    await form.getByLabel('From address').fill(s.from);
    if (s.replyTo) await form.getByLabel('Reply-to address').fill(s.replyTo);
  }

  async setPassword(password: string): Promise<void> {
    await this.settingsForm().getByLabel('Password').fill(password);
  }

  async save(): Promise<void> {
    await this.settingsForm().getByRole('button', { name: 'Save mail settings' }).click();
  }

  async test(): Promise<void> {
    await this.settingsForm().getByRole('button', { name: 'Test mail server' }).click();
  }

  testResult(): Locator {
    return this.page.getByTestId('mail-test-result');
  }

  passwordHint(): Locator {
    return this.settingsForm().getByText(/A password is saved|No password saved/);
  }

  async setReminders(r: { enabled: boolean; daysBefore: string; overdue: boolean }): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Due reminders' });
    await form.getByLabel('Send due reminders by email').setChecked(r.enabled);
    await form.getByLabel('Days before the due date').fill(r.daysBefore);
    await form.getByLabel('Remind once when an item becomes overdue').setChecked(r.overdue);
    await form.getByRole('button', { name: 'Save reminder rules' }).click();
  }

  /** The payer's Email panel on the enrollment detail. */
  payerPanel(): Locator {
    return this.page.getByRole('form', { name: 'Email' });
  }

  async emailStatement(): Promise<void> {
    await this.payerPanel().getByRole('button', { name: 'Email statement' }).click();
  }

  sendError(): Locator {
    return this.page.getByTestId('mail-send-error');
  }

  log(): Locator {
    return this.page.getByRole('table', { name: 'Mail log' });
  }
}
