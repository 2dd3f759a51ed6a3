import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core';
import { insertImport } from '../../electron/services/roster/rosterRepo';
import { editCsv, schoolBundle, writeFolder } from '../support/oneRoster';
import { writeZip } from '../support/zipWriter';
import { expect, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { DrawerPage } from './pages/DrawerPage';
import { RosterImportPage } from './pages/RosterImportPage';
import { SignInPage } from './pages/SignInPage';

test('an admin previews a OneRoster bundle, sees its problems, imports the fixed one, and a student it brought in pays at the cashier', async ({ page, host }) => {
  // One story across Settings, two previews, the import, the drawer and the cashier.
  test.slow();
  const dir = mkdtempSync(join(tmpdir(), 'bursar-roster-e2e-'));
  try {
    const broken = writeFolder(join(dir, 'broken'), editCsv(schoolBundle('1.1'), 'enrollments.csv', (lines) => [...lines, 'enr-9,,,cls-gone,sch-1,stu-ada,student,false,2026-08-15,']));
    const good = writeZip(join(dir, 'roster.zip'), schoolBundle('1.1'));

    await page.goto(host.url);
    await new SignInPage(page).setUpAdmin();
    const roster = new RosterImportPage(page);
    await roster.open();
    await roster.setMapping({ level: 'class', currency: 'USD', defaultPrice: '450.00', coursePrices: 'crs-bio, 380.00' });

    // A bad bundle: the problem named by file, line and field, and no import offered.
    await roster.choose(broken, 'bulk');
    await roster.preview();
    const problem = roster.problems().getByRole('row', { name: /enrollments\.csv 7 classSourcedId/ });
    await expect(problem).toContainText('cls-gone, which is neither in classes.csv nor imported before');
    await expect(roster.panel().getByRole('button', { name: 'Import now' })).toHaveCount(0);
    await snap(page, 'roster-preview-problems');

    await roster.choose(good, 'bulk');
    await roster.preview();
    await expect(roster.previewRow('Students (payers)')).toHaveText(/Students \(payers\)\s*3\s*0\s*0\s*0/);
    await expect(roster.previewRow('Enrollments')).toHaveText(/Enrollments\s*4\s*0\s*0\s*0/);
    await expect(roster.previewRow('Courses and classes (products)')).toHaveText(/\(products\)\s*3\s*0\s*0\s*0/);
    await snap(page, 'roster-preview');
    await roster.importNow();
    await expect(roster.panel().getByRole('status').filter({ hasText: 'Imported: 3 new products, 3 new students, 4 new enrollments.' })).toBeVisible({ timeout: 30_000 });
    await expect(roster.history().getByRole('row')).toHaveCount(2);
    await expect(roster.history()).toContainText('Done');
    await snap(page, 'roster-imported');

    const drawer = new DrawerPage(page);
    await drawer.open();
    await drawer.openDrawer('100.00');
    await expect(drawer.expectedCash()).toHaveText('$100.00');
    const cashier = new CashierPage(page);
    await cashier.open();
    await cashier.findPayer('Cy Young');
    await expect(cashier.dueItems()).toContainText('$380.00');
    await cashier.takeCash('380.00', '400.00');
    await expect(cashier.changePreview()).toHaveText('$20.00');
    await cashier.confirmWithEnter();
    await expect(page.getByRole('status').filter({ hasText: 'Payment recorded: receipt DESK1-000001 — change due $20.00' })).toBeVisible();
    await snap(page, 'roster-student-paid');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an import the desk stopped during shows in the history as interrupted, in words, after the next start', async ({ page, host }) => {
  test.slow();
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  // While the host is stopped: the row an import writes before its first batch, left by a
  // process that died there (no finish, no audit), as a crash or a kill -9 leaves it.
  await host.restart(() => {
    const core = createCore({ dataDir: host.dataDir, checkOutput: true });
    try {
      core.store.transaction(() => insertImport(core.store, { id: 'rim_e2e_crashed', requestId: 'e2e-roster-crashed', mode: 'bulk', sourceName: 'district-roster.zip', digest: 'cd'.repeat(32), actorId: null, actorName: 'admin' }, new Date()));
    } finally {
      core.close();
    }
  });
  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  const roster = new RosterImportPage(page);
  await roster.open();
  const row = roster.history().getByRole('row').nth(1);
  await expect(row).toContainText('Interrupted: Bursar stopped during this import. What it applied stays; import the file again to finish.');
  await expect(row).not.toContainText(/running|rim_|e2e-roster/);
  await snap(page, 'roster-history-interrupted');
});
