import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { EnrollPage } from './pages/EnrollPage';
import { EnrollmentDetailPage } from './pages/EnrollmentDetailPage';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';
import { seedEnrollment } from './seedEnrollment';

// Issue 17, bug 13: one enrollment, one confirmation, however fast the button is pressed twice.
test('a double-click on Confirm enrollment sends one request and shows one toast', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(page.getByText('Office Admin (admin)')).toBeVisible();
  await seedEnrollment(host);

  const sent: string[] = [];
  let finished = 0;
  page.on('request', (r) => {
    if (r.url().endsWith('/api/invoke') && r.postData()?.includes('"enrollments:create"')) sent.push(r.url());
  });
  page.on('requestfinished', (r) => {
    if (r.url().endsWith('/api/invoke') && r.postData()?.includes('"enrollments:create"')) finished += 1;
  });

  const enroll = new EnrollPage(page);
  await enroll.open();
  await enroll.newStudent({ name: 'Sam Double' });
  await enroll.chooseProduct(/Welding 101/);
  await enroll.choosePlan('Three months');
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Confirm enrollment' }).dblclick();
  await expect(new EnrollmentDetailPage(page).schedule().getByRole('row')).toHaveCount(4);
  await expect.poll(() => finished).toBe(sent.length);
  expect(sent).toHaveLength(1);
  await expect(page.getByRole('region', { name: 'Notifications' }).getByText('Sam Double enrolled in Welding 101')).toHaveCount(1);

  const db = new Database(host.databaseFile, { readonly: true });
  try {
    expect(db.prepare(`SELECT count(*) AS n FROM enrollments e JOIN payers p ON p.id = e.payer_id WHERE p.name = 'Sam Double'`).get()).toEqual({ n: 1 });
  } finally {
    db.close();
  }
});

// Issue 17, bug 11: a cashier reads the settings; nothing on the form invites an edit that Save refuses.
test('a cashier sees the settings read-only, with no Save button', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const users = new UsersPage(page);
  await users.open();
  await users.add({ username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  await expect(page.getByRole('status').filter({ hasText: 'Carol Cashier can now sign in as carol.' })).toBeVisible();
  await new Shell(page).signOut();
  await new SignInPage(page).signIn('carol', '4321');
  await expect(page.getByText('Carol Cashier (cashier)')).toBeVisible();

  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.field('Office name')).toBeDisabled();
  await expect(settings.field('Time zone')).toBeDisabled();
  await expect(page.getByLabel('Post late fees automatically')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save settings' })).toHaveCount(0);
  await expect(page.getByText('Only an admin can change these settings.')).toBeVisible();
  await snap(page, 'settings-cashier-read-only');
});
