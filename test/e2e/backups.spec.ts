import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, snap, test } from './fixtures';
import { BackupsPage } from './pages/BackupsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';

test('back up now, change data, restore after confirming: the office name comes back', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.set('Office name', 'Original Office');
  await settings.save();
  await expect(settings.saved()).toBeVisible();

  const backups = new BackupsPage(page);
  await backups.open();
  await backups.backUpNow();
  await expect(page.getByRole('status').filter({ hasText: /Backup bursar-.*-manual\.sqlite saved\./ })).toBeVisible();
  await expect(backups.table().getByRole('row', { name: /Manual/ })).toHaveCount(1);

  await settings.open();
  await settings.set('Office name', 'Changed Afterwards');
  await settings.save();
  await expect(page.getByTestId('office-name')).toHaveText('Changed Afterwards');

  await backups.open();
  await backups.restoreFirst('Manual', false);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await backups.restoreFirst('Manual', true);
  await expect(page.getByRole('status').filter({ hasText: /Restored .*kept as bursar-.*-pre-restore\.sqlite/ })).toBeVisible();
  await expect(backups.table().getByRole('row', { name: /Kept aside before a restore/ })).toHaveCount(1);
  await snap(page, 'backups');

  await settings.open();
  await expect(settings.field('Office name')).toHaveValue('Original Office');
});

test('export all data writes CSV files and reports the row count', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const backups = new BackupsPage(page);
  await backups.open();
  await page.getByLabel('Export folder').fill('not/absolute');
  await page.getByRole('button', { name: 'Export all data as CSV' }).click();
  await expect(page.locator('.field', { has: page.getByLabel('Export folder') }).getByRole('alert')).toHaveText('must be a full folder path');

  await page.getByLabel('Export folder').fill(join(host.dataDir, 'my-exports'));
  await page.getByRole('button', { name: 'Export all data as CSV' }).click();
  const done = page.getByRole('status').filter({ hasText: /Exported \d+ rows to/ });
  await expect(done).toBeVisible();
  const folder = (await done.textContent())?.replace(/^Exported \d+ rows to /, '').replace(/\.$/, '') ?? '';
  expect(readdirSync(folder)).toContain('users.csv');
  const users = readFileSync(join(folder, 'users.csv'), 'utf8');
  expect(users).toContain('Office Admin');
  expect(users).not.toContain('scrypt');
  await snap(page, 'backups-export');
});
