import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { StatusPage } from './pages/StatusPage';

/** Reads a setting straight from the SQLite file, not through the app. */
function storedSetting(file: string, key: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  } finally {
    db.close();
  }
}

const contentHash = (file: string): string => {
  // Checkpoint through a second connection so the WAL's content is in the main file before hashing.
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return createHash('sha256').update(readFileSync(file)).digest('hex');
};

test('first run sets up an admin, then the office name is changed, saved to SQLite and read back after a reload', async ({ page, host }) => {
  await page.goto(host.url);
  await snap(page, 'setup');
  await new SignInPage(page).setUpAdmin();

  const settings = new SettingsPage(page);
  await settings.open();
  await snap(page, 'settings');
  await expect(settings.field('Office name')).toHaveValue('My School Office');

  await settings.set('Office name', 'Riverside Learning Centre');
  await settings.save();
  await expect(settings.saved()).toBeVisible();
  expect(storedSetting(host.databaseFile, 'officeName')).toBe('Riverside Learning Centre');

  // A new host process on the same file: the value comes back from disk, after signing in again.
  await host.restart();
  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  await settings.open();
  await expect(settings.field('Office name')).toHaveValue('Riverside Learning Centre');
  await expect(page.getByTestId('office-name')).toHaveText('Riverside Learning Centre');
  await snap(page, 'settings-reloaded');
});

test('an invalid desk code shows the field error and leaves the SQLite file unchanged', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const settings = new SettingsPage(page);
  await settings.open();
  const before = contentHash(host.databaseFile);

  await settings.set('Desk code', 'front-desk-1');
  await settings.set('Office name', 'Should Not Be Saved');
  await settings.save();
  await expect(settings.errorFor('Desk code')).toHaveText('must be 1 to 8 capital letters or digits');
  await snap(page, 'settings-invalid-desk-code');
  await expect(settings.saved()).toHaveCount(0);

  expect(contentHash(host.databaseFile)).toBe(before);
  expect(storedSetting(host.databaseFile, 'officeName')).toBeUndefined();
});

test('the office time zone is set on the Settings screen, saved to SQLite and read back after a reload; an unknown zone shows the field error', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const settings = new SettingsPage(page);
  await settings.open();
  // Never set: the host machine's zone.
  await expect(settings.field('Time zone')).toHaveValue(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

  await settings.set('Time zone', 'Mars/Olympus');
  await settings.save();
  await expect(settings.errorFor('Time zone')).toHaveText('is not a time zone (for example Australia/Sydney)');
  await expect(settings.saved()).toHaveCount(0);
  expect(storedSetting(host.databaseFile, 'timeZone')).toBeUndefined();
  await snap(page, 'settings-invalid-time-zone');

  // Typed in any case, kept as the zone's own name.
  await settings.set('Time zone', 'australia/sydney');
  await settings.save();
  await expect(settings.saved()).toBeVisible();
  await expect(settings.errorFor('Time zone')).toHaveCount(0);
  await expect(settings.field('Time zone')).toHaveValue('Australia/Sydney');
  expect(storedSetting(host.databaseFile, 'timeZone')).toBe('Australia/Sydney');

  await host.restart();
  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  await settings.open();
  await expect(settings.field('Time zone')).toHaveValue('Australia/Sydney');
  await snap(page, 'settings-time-zone');
});

test('the status panel shows version, data folder and schema version', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const status = new StatusPage(page);
  await status.open();
  await expect(status.fact('data-folder')).toHaveText(host.dataDir);
  await expect(status.fact('schema-version')).toHaveText(/^[1-9]\d*$/);
  await expect(status.fact('stripe')).toHaveText('Not configured');
  await snap(page, 'status');
});
