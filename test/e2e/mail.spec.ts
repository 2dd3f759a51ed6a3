import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { MailPage } from './pages/MailPage';
import { ProductsPage } from './pages/ProductsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { StatusPage } from './pages/StatusPage';
import { PEER_PASSWORD, PEER_USER, startSmtpPeer } from '../support/mail/smtpPeer';
import type { SmtpPeer } from '../support/mail/smtpPeer';

let peer: SmtpPeer;
test.beforeEach(async () => {
  peer = await startSmtpPeer();
});
test.afterEach(async () => {
  await peer.close();
});

test('an admin sets up the office mail server (the test shows the server’s words), a cashier emails a statement, the mail log shows it sent; a payer without email is refused on screen', async ({ page, host }) => {
  test.setTimeout(180_000);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  const settings = new SettingsPage(page);
  await settings.open();
  const mail = new MailPage(page);
  await mail.fillServer({ host: '127.0.0.1', port: String(peer.port), security: 'none', user: PEER_USER, password: 'not-the-password', from: 'office@riverside.example', replyTo: 'accounts@riverside.example' });
  await mail.save();
  await expect(mail.passwordHint()).toContainText('A password is saved');
  await mail.test();
  await expect(mail.testResult()).toContainText('535');
  await expect(mail.testResult()).toContainText('Authentication credentials invalid');
  await mail.setPassword(PEER_PASSWORD);
  await mail.save();
  await mail.test();
  await expect(mail.testResult()).toContainText(`Connected to 127.0.0.1:${peer.port} and signed in as office`);
  await mail.setReminders({ enabled: true, daysBefore: '3', overdue: true });
  await expect(page.getByRole('form', { name: 'Due reminders' }).getByLabel('Days before the due date')).toHaveValue('3');
  await snap(page, 'settings-mail');

  const products = new ProductsPage(page);
  await products.open();
  await products.create({ name: 'Evening Spanish A1', price: '900.00', externalId: 'SPAN-A1' });
  await products.addInstallmentPlan('Three monthly payments', 3, 'monthly');
  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Maria Lopez', email: 'maria@example.org' });
  await enroll.chooseProduct(/Evening Spanish A1/);
  await enroll.choosePlan('Three monthly payments');
  await enroll.confirm();

  await expect(mail.payerPanel().getByLabel('Payer email')).toHaveValue('maria@example.org');
  await mail.emailStatement();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Statement queued for maria@example.org');
  const received = await peer.waitFor(1, 30_000);
  const statement = received.find((m) => m.parsed.subject?.startsWith('Your statement'));
  expect(statement?.to).toEqual(['maria@example.org']);
  const text = (statement?.parsed.text ?? '').replace(/\u00a0/g, ' ');
  expect(text).toContain('Evening Spanish A1');
  expect(text).toContain('Installment 1');
  expect(text).toMatch(/Total balance \(USD\):\s+\$900\.00/);
  await snap(page, 'enrollment-email-statement');

  const status = new StatusPage(page);
  await status.open();
  await expect(mail.log()).toContainText('Statement');
  await expect(mail.log().getByRole('row', { name: /Your statement/ })).toContainText('Sent');
  await expect(page.getByTestId('mail-counts')).toContainText('0 gave up');
  await snap(page, 'status-mail-log');

  // A student without an email: the desk says so, in words, and nothing is queued.
  await enroll.open();
  await enroll.newStudent({ name: 'Tomas Weber' });
  await enroll.chooseProduct(/Evening Spanish A1/);
  await enroll.choosePlan('Three monthly payments');
  await enroll.confirm();
  await mail.emailStatement();
  await expect(mail.sendError()).toContainText('Tomas Weber has no email address');
  // Opting out is kept on the payer and refused the same way.
  await mail.payerPanel().getByLabel('Payer email').fill('tomas@example.org');
  await mail.payerPanel().getByLabel('No email to this payer (opted out)').check();
  await mail.payerPanel().getByRole('button', { name: 'Save email' }).click();
  await expect(page.getByRole('region', { name: 'Notifications' })).toContainText('Payer details saved');
  await expect(mail.payerPanel().getByLabel('No email to this payer (opted out)')).toBeChecked();
  await mail.emailStatement();
  await expect(mail.sendError()).toContainText('asked not to receive email');
  await snap(page, 'payer-opted-out');
});
