import Database from 'better-sqlite3';
import { expect, snap, test } from './fixtures';
import { AuditPage } from './pages/AuditPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { UsersPage } from './pages/UsersPage';

test('an admin adds a cashier, who signs in and sees no admin screens; the audit shows and verifies it', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();

  const users = new UsersPage(page);
  await users.open();
  await users.add({ username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  await expect(page.getByRole('status').filter({ hasText: 'Carol Cashier can now sign in as carol.' })).toBeVisible();
  await expect(users.table().getByRole('row', { name: /Carol Cashier carol cashier Active/ })).toBeVisible();
  await snap(page, 'users');

  const db = new Database(host.databaseFile, { readonly: true });
  const row = db.prepare(`SELECT role, password_hash FROM users WHERE username = 'carol'`).get() as { role: string; password_hash: string };
  db.close();
  expect(row.role).toBe('cashier');
  expect(row.password_hash).not.toContain('4321');

  const audit = new AuditPage(page);
  await audit.open();
  await audit.filterByAction('user.create');
  await expect(audit.table().getByRole('row')).toHaveCount(3);
  await expect(audit.table()).toContainText('Carol Cashier');
  await audit.verify();
  await expect(page.getByRole('status').filter({ hasText: 'Audit chain intact: 2 entries checked.' })).toBeVisible();
  await snap(page, 'audit');

  await new Shell(page).signOut();
  await new SignInPage(page).signIn('carol', '4321');
  await expect(page.getByText('Carol Cashier (cashier)')).toBeVisible();
  await expect(new Shell(page).nav().getByRole('button')).toHaveText(['Cashier', 'Drawer', 'Enroll', 'Enrollments', 'Settings', 'Status', 'Deposits']);
  await snap(page, 'cashier-home');
});

test('a wrong password is refused with a message at the field', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await new Shell(page).signOut();
  await new SignInPage(page).signIn('admin', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('wrong username or password');
  await snap(page, 'signin-wrong-password');
});
