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
  await seedOffice(hub);
});
test.afterEach(async () => {
  await hub.close();
});

test('an admin joins the desk to the office: field errors first, then the office and its desks', async ({ page, host }) => {
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

  await office.join({ hub: hub.url, code: hub.code(), passphrase: PASSPHRASE, deskName: 'Back office' });
  await expect(office.heading('Riverside Learning Centre')).toBeVisible({ timeout: 20_000 });
  await expect(office.fact('This desk')).toHaveText('Back office');
  await expect(office.fact('Office hub')).toHaveText(hub.url);
  await expect(office.deskRow('Back office (this desk)')).toBeVisible();
  await expect(office.deskRow('Front desk')).toBeVisible();
  await expect(office.deskRow('Back office (this desk)').getByRole('cell').nth(2)).toHaveText('0');
  await snap(page, 'office-joined');
  // The passphrase and the desk token never reach the page.
  await expect(page.locator('body')).not.toContainText(PASSPHRASE);
});
