import { closeSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { markCleanClose } from '../../electron/store/cleanClose';
import { expect, snap, test } from './fixtures';
import { BackupsPage } from './pages/BackupsPage';
import { SignInPage } from './pages/SignInPage';

test.use({ hostEnv: { BURSAR_FIRST_BACKUP_DELAY_MS: '500' } });

test('a page damaged while the desk was off is reported by the next automatic backup', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const backups = new BackupsPage(page);
  await backups.open();
  await expect(backups.table().getByRole('row', { name: /Daily \(automatic\)/ })).toHaveCount(1);

  await host.restart(() => {
    // Rows spread over several pages, then one of their pages rots while the desk is off: the
    // file keeps its size and its clean-close note, as a failing disk would leave it.
    const filler = new Database(host.databaseFile);
    filler.exec('CREATE TABLE IF NOT EXISTS disk_rot_target (body TEXT NOT NULL) STRICT');
    const insert = filler.prepare('INSERT INTO disk_rot_target (body) VALUES (?)');
    for (let i = 0; i < 200; i++) insert.run(`rot target ${i} ${'x'.repeat(200)}`);
    filler.close();
    const at = readFileSync(host.databaseFile).indexOf('rot target 100 ');
    expect(at).toBeGreaterThan(0);
    const fd = openSync(host.databaseFile, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(at / 4096) * 4096);
    closeSync(fd);
    markCleanClose(host.databaseFile);
    // Today's daily backup was made before the damage; without it the next run makes a new one.
    const folder = join(host.dataDir, 'backups');
    for (const name of readdirSync(folder).filter((n) => n.endsWith('-daily.sqlite'))) rmSync(join(folder, name));
  });

  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  await backups.open();
  const alert = page.getByRole('alert').filter({ hasText: /automatic backup of .* failed/ });
  await expect(async () => {
    await page.reload();
    await backups.open();
    await expect(alert).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(alert).toContainText('the database on this computer may be damaged');
  await expect(backups.table().getByRole('row', { name: /Daily \(automatic\)/ })).toHaveCount(0);
  await snap(page, 'backups-damage');
});
