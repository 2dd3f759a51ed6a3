import type { Locator } from '@playwright/test';
import { seriousViolations } from './axe';
import { expect, snap, test } from './fixtures';
import { AuditPage } from './pages/AuditPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';
import { seedEnrollment } from './seedEnrollment';
import { screensNav, speakSpanish, word } from './spanishOffice';

// axe-core is injected as a script: only the accessibility specs lift the page's CSP to do that.
test.use({ bypassCSP: true });

/** A stored code ("payment.record", "schedule_item.post_late_fee") or a raw id ("pay_0190…"); an email address is a payer's, not a code. */
const CODE = /\b[a-z_]+\.[a-z_]+\b/;
const ID = /\b[a-z]{2,6}_[0-9a-f]{12,}\b/;
const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;

async function shownText(table: Locator): Promise<string> {
  return (await table.locator('tbody').innerText()).replace(EMAIL, '');
}

test('the Audit screen reads in the office language: actions, records and changes in words, a select of actions that filters, in English and Spanish', async ({ page, host }) => {
  test.setTimeout(150_000);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  // A user added, a payment taken (with its payer, course, plan and enrollment), the settings changed.
  const users = new UsersPage(page);
  await users.open();
  await users.add({ username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  await expect(page.getByRole('status').filter({ hasText: 'Carol Cashier can now sign in as carol.' })).toBeVisible();
  await seedEnrollment(host, 120_00);
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.set('Office name', 'Harbour Night School');
  await settings.save();
  await expect(settings.saved()).toBeVisible();

  const audit = new AuditPage(page);
  await audit.open();
  const table = audit.table();
  for (const words of ['User added', 'Settings changed', 'Payment taken', 'Student enrolled', 'Payer added', 'Payment plan added']) await expect(table).toContainText(words);
  // The record by its name, not its id; the change field by field, money in the office's format.
  const paymentRow = table.getByRole('row').filter({ hasText: 'Payment taken' });
  await expect(paymentRow).toContainText('Payment: ');
  await expect(paymentRow).toContainText('Dana Student');
  await expect(paymentRow).toContainText('Amount: $120.00');
  await expect(table.getByRole('row').filter({ hasText: 'Settings changed' })).toContainText('Office name: ');
  await expect(table.getByRole('row').filter({ hasText: 'Settings changed' })).toContainText('→ Harbour Night School');
  const english = await shownText(table);
  expect(english).not.toMatch(CODE);
  expect(english).not.toMatch(ID);
  expect(english).not.toContain('{');
  // The id stays at hand for an auditor, on the record's title.
  await expect(paymentRow.locator('[title^="Record pay_"]')).toHaveCount(1);

  // The action filter is a select of words whose values are the codes.
  await audit.filterByAction('User added');
  await expect(table.locator('tbody tr')).toHaveCount(2);
  await expect(table.locator('tbody')).toContainText('User: Carol Cashier');
  // Who is a select too: the desk's users by name, and the desk's own work in words.
  await audit.filterByUser('Bursar (automatic)');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody')).toContainText('User: Office Admin');
  await audit.filterByUser('Office Admin (admin)');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tbody')).toContainText('User: Carol Cashier');
  expect(await seriousViolations(page), 'en audit').toEqual([]);
  await snap(page, 'audit-words-en');

  // The office speaks Spanish: the same rows in Spanish words.
  await speakSpanish(page);
  await screensNav(page, 'es').getByRole('button', { name: word('screen.audit'), exact: true }).click();
  await expect(page.getByRole('heading', { name: word('audit.auditTrail'), level: 1 })).toBeVisible();
  const tabla = page.getByRole('table', { name: word('audit.auditEntries2') });
  for (const id of ['auditAction.user.create', 'auditAction.settings.update', 'auditAction.payment.record', 'auditAction.enrollment.create']) await expect(tabla).toContainText(word(id));
  const pago = tabla.getByRole('row').filter({ hasText: word('auditAction.payment.record') });
  await expect(pago).toContainText(`${word('auditEntity.payment')}: `);
  await expect(pago).toContainText(/Importe: 120,00\s(US\$|\$)/);
  const spanish = await shownText(tabla);
  expect(spanish).not.toMatch(CODE);
  expect(spanish).not.toMatch(ID);
  for (const english of ['User added', 'Settings changed', 'Payment taken', 'Student enrolled']) expect(spanish).not.toContain(english);
  // The Spanish change of the locale itself reads as a change of "Idioma y región", the locales by name.
  await expect(tabla.getByRole('row').filter({ hasText: word('auditAction.settings.update') }).first()).toContainText('inglés (Estados Unidos) → español (España)');

  await audit.filterByAction(word('auditAction.payment.record'), word('audit.applyFilters'));
  await expect(tabla.locator('tbody tr')).toHaveCount(1);
  await expect(tabla.locator('tbody')).toContainText(word('auditAction.payment.record'));
  expect(await seriousViolations(page), 'es audit').toEqual([]);
  await snap(page, 'audit-words-es');
});
