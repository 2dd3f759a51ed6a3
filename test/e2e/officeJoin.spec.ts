import { deriveOfficeKey, makeKeyCheck, newKdf } from '../../electron/office/transport/officeKey';
import { hubJoin, hubPutKeys } from '../../electron/office/transport/hubClient';
import { startTestHub } from '../support/office/testHub';
import type { TestHub } from '../support/office/testHub';
import { expect, snap, test } from './fixtures';
import { OfficeSettingsPage } from './pages/OfficeSettingsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';

const PASSPHRASE = 'riverside office passphrase';

/** The office's first desk, joined over the hub's wire as any desk would: it sets the office key. */
async function seedOffice(hub: TestHub): Promise<void> {
  const joined = await hubJoin(hub.url, hub.code(), 'Front desk');
  const kdf = newKdf();
  const key = await deriveOfficeKey(PASSPHRASE, kdf);
  await hubPutKeys({ url: hub.url, token: joined.token }, { kdf, key_check: makeKeyCheck(key, joined.office) });
}

// Four scrypt derivations (32 MiB each, meant to be slow) on a shared 2-core machine.
test.describe.configure({ timeout: 120_000 });

let hub: TestHub;
test.beforeEach(async () => {
  hub = await startTestHub({ officeName: 'Riverside Learning Centre' });
});
test.afterEach(async () => {
  await hub.close();
});

test('an admin cannot join a desk with books to an office that has books: field errors first, then the refusal in plain words', async ({ page, host }) => {
  await seedOffice(hub);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await new SettingsPage(page).open();
  const office = new OfficeSettingsPage(page);

  // Empty form: every field says what is missing, nothing is joined.
  await office.join({ hub: '', code: '', passphrase: '', deskName: '' });
  await expect(office.errorFor('Office hub address')).toHaveText('is required');
  await expect(office.errorFor('Desk name')).toHaveText('is required');

  // A hub address carrying a user name and password is refused before anything is sent.
  await office.join({ hub: hub.url.replace('http://', 'http://admin:secret@'), code: hub.code(), passphrase: PASSPHRASE, deskName: 'Back office' });
  await expect(office.errorFor('Office hub address')).toHaveText('must not contain a user name or password');

  // The wrong passphrase cannot join.
  await office.join({ hub: hub.url, code: hub.code(), passphrase: 'not the office passphrase', deskName: 'Back office' });
  await expect(office.errorFor('Office passphrase')).toHaveText('is not this office’s passphrase');
  await snap(page, 'office-join-errors');
  expect(hub.requests.some((r) => r.path === '/v1/journal')).toBe(false);

  // The office already has its first desk's books, and this desk has its own (its admin): refused, nothing joined.
  await office.join({ hub: hub.url, code: hub.code(), passphrase: PASSPHRASE, deskName: 'Back office' });
  await expect(page.getByRole('form', { name: 'Office' }).getByRole('alert').first()).toContainText('This desk already has its own books');
  await expect(office.heading('Riverside Learning Centre')).toBeHidden();
  await snap(page, 'office-join-has-books');
  expect(hub.requests.some((r) => r.path === '/v1/journal')).toBe(false);
});

test('an admin joins the office’s first desk: its books start the office, and the office lists the desk', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await new SettingsPage(page).open();
  const office = new OfficeSettingsPage(page);
  await office.join({ hub: hub.url, code: hub.code(), passphrase: PASSPHRASE, deskName: 'Front desk' });
  await expect(office.heading('Riverside Learning Centre')).toBeVisible({ timeout: 20_000 });
  await expect(office.fact('This desk')).toHaveText('Front desk');
  await expect(office.fact('Office hub')).toHaveText(hub.url);
  await expect(office.deskRow('Front desk (this desk)')).toBeVisible();
  await snap(page, 'office-joined');
  // The passphrase and the desk token never reach the page.
  await expect(page.locator('body')).not.toContainText(PASSPHRASE);
});
