import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { migrations } from '../../electron/store/migrations';
import { openStore } from '../../electron/store/store';
import { expect, snap, test } from './fixtures';
import { SignInPage } from './pages/SignInPage';

test('while the core upgrades its store the window shows the step, then the app carries on', async ({ page, host }) => {
  // The host answers each call with the step it is on until the core is open; here the
  // answers are held at step 2 of 3 until the test lets the real host answer.
  let held = true;
  await page.route('**/api/invoke', async (route) => {
    if (!held) return route.continue();
    return route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'UNAVAILABLE', message: 'Bursar is updating its data (step 2 of 3: report-product-daily).', details: { starting: true, step: 2, of: 3, stepName: 'report-product-daily' } } }),
    });
  });
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Updating your data' })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('Step 2 of 3: report product daily');
  await expect(page.getByRole('progressbar', { name: 'Update progress' })).toHaveAttribute('value', '1');
  await snap(page, 'startup-upgrading');

  held = false;
  // The same call, asked again, now reaches the open core: first run, so the admin is set up.
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByRole('heading', { name: 'Updating your data' })).toHaveCount(0);
  await expect(page.getByTestId('office-name')).toBeVisible();
});

test('a store this version cannot open is shown as such, not as an empty app', async ({ page, host }) => {
  await page.route('**/api/invoke', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ ok: false, error: { code: 'UNAVAILABLE', message: 'Bursar could not open its data: The database was written by a newer Bursar.', details: { startFailed: true } } }),
  }));
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Bursar cannot open its data' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('Bursar could not open its data: The database was written by a newer Bursar.');
  await expect(page.getByRole('heading', { name: 'Set up Bursar' })).toHaveCount(0);
});

test('a store left by an older version is upgraded when the desk starts, and its data is kept', async ({ page, host }) => {
  await host.restart(() => {
    rmSync(host.databaseFile, { force: true });
    for (const suffix of ['-wal', '-shm', '.clean']) rmSync(host.databaseFile + suffix, { force: true });
    // The store as version 9 of Bursar left it, with the office's name set.
    const older = openStore({ file: host.databaseFile, migrations: migrations.slice(0, 9) });
    older.raw.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('officeName', '"Riverside Office"', '2025-01-01T00:00:00.000Z')`).run();
    older.close();
  });
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByTestId('office-name')).toHaveText('Riverside Office');
  const db = new Database(host.databaseFile, { readonly: true });
  try {
    expect(db.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: migrations.at(-1)?.version });
  } finally {
    db.close();
  }
});
