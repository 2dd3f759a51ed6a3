import type { Page } from '@playwright/test';
import { expect, snap, test } from './fixtures';
import { ReportsPage } from './pages/ReportsPage';
import { SignInPage } from './pages/SignInPage';
import { must, seedCore } from './seedEnrollment';
import { startSpanishOffice, word } from './spanishOffice';

// Issue 17: date fields follow the office's locale, not the browser's (this browser is en-US).
// A Spanish office types day first; an English (US) office month first; a text that is no day
// on the calendar is named in the office's language and nothing is sent.

/** The bodies of every core call the window makes from now on. */
function callsOf(page: Page): string[] {
  const bodies: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/invoke')) bodies.push(r.postData() ?? '');
  });
  return bodies;
}

test('a Spanish office types the enrollment date 15/01/2027 day first; 31/02/2027 is refused in Spanish and sends nothing', async ({ page, host }) => {
  const nav = await startSpanishOffice(page, host);
  const { core, admin } = seedCore(host);
  try {
    must(await core.invoke('payers:create', { requestId: 'seed-es-dates-payer', payer: { name: 'Marta Ruiz', email: 'marta@example.org' } }, admin));
  } finally {
    core.close();
  }

  await nav.getByRole('button', { name: word('screen.enroll'), exact: true }).click();
  await page.getByLabel(word('payerStep.findStudent')).fill('marta');
  await page.getByRole('list', { name: word('payerStep.matchingStudents') }).getByRole('button', { name: /Marta Ruiz/ }).click();
  const course = page.getByLabel(word('enroll.courseOrProgram'));
  await course.selectOption({ value: (await course.locator('option', { hasText: 'Soldadura 101' }).getAttribute('value')) ?? '' });
  await page.getByRole('button', { name: word('enroll.next') }).click();
  await page.getByLabel(word('enroll.paymentPlan')).selectOption({ label: 'Tres meses' });

  // Today, written the Spanish way, with the pattern in Spanish letters.
  const date = page.getByLabel(word('enroll.enrollmentDate'));
  await expect(date).toHaveValue(/^\d{2}\/\d{2}\/\d{4}$/);
  await expect(date).toHaveAttribute('placeholder', 'dd/mm/aaaa');
  await expect(date).toHaveAccessibleDescription('Formato: dd/mm/aaaa');
  const preview = page.getByRole('table', { name: word('enroll.schedulePreview') });
  await expect(preview).toBeVisible();

  // No such day: the field says so in Spanish, naming itself; no preview, no review, nothing asked of the core.
  const calls = callsOf(page);
  await date.fill('31/02/2027');
  const refused = page.locator('.field', { has: date }).getByRole('alert');
  await expect(refused).toHaveText('«Fecha de inscripción»: 31/02/2027 no es un día del calendario.');
  await expect(date).toHaveAttribute('aria-invalid', 'true');
  await expect(date).toHaveAccessibleDescription(/no es un día del calendario/);
  await expect(preview).toBeHidden();
  await expect(page.getByRole('button', { name: word('enroll.review') })).toBeDisabled();

  // 15/01/2027 is 15 January (in the US it would be no date at all): the schedule starts that day.
  await date.fill('15/01/2027');
  await expect(refused).toBeHidden();
  await expect(preview).toContainText('15 ene 2027');
  await expect(preview).toContainText('15 mar 2027');
  expect(calls.some((c) => c.includes('"enrollmentDate":"2027-01-15"')), 'the core is asked for 2027-01-15').toBe(true);
  await snap(page, 'es-enroll-date-typed');
  await page.getByRole('button', { name: word('enroll.review') }).click();
  await page.getByRole('button', { name: word('enroll.confirmEnrollment') }).click();

  // The enrollment is on that day, and its statement starts there, written the same way.
  await expect(page.getByText('Plan Tres meses, inscrito el 15 ene 2027')).toBeVisible();
  await expect(page.getByLabel(word('enrollmentDetail.statementFrom'))).toHaveValue('15/01/2027');
  const creates = calls.filter((c) => c.includes('enrollments:create'));
  expect(creates.length).toBeGreaterThan(0);
  expect(creates.every((c) => c.includes('"enrollmentDate":"2027-01-15"'))).toBe(true);
  // Whatever the window sent in all that time, 31/02/2027 was never part of it.
  expect(calls.filter((c) => /2027-02-31|2027-31-02|31\/02/.test(c)), 'nothing sent for 31/02/2027').toEqual([]);
});

test('an English (US) office types Reports dates month first: 13/01/2027 is refused by name and no report is asked for; 01/13/2027 shows', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const reports = new ReportsPage(page);
  await reports.open();
  await expect(reports.table('Revenue')).toBeVisible();
  const from = page.getByLabel('From', { exact: true });
  await expect(from).toHaveAttribute('placeholder', 'mm/dd/yyyy');

  const calls = callsOf(page);
  await reports.setRange('13/01/2027', '01/31/2027');
  await from.press('Enter');
  await expect(page.locator('.field', { has: from }).getByRole('alert')).toHaveText('“From”: 13/01/2027 is not a day on the calendar.');
  await snap(page, 'en-reports-date-refused');
  await reports.show();

  // Emptied, it asks for a date in the office's words (not the browser's own bubble).
  await from.fill('');
  await from.press('Enter');
  await expect(page.locator('.field', { has: from }).getByRole('alert')).toHaveText('“From”: type a date as mm/dd/yyyy.');

  // Typed loosely (no leading zero), read as 13 January and written back the office's way.
  await from.fill('1/13/2027');
  await from.blur();
  await expect(from).toHaveValue('01/13/2027');
  const asked = page.waitForRequest((r) => r.url().includes('/api/invoke') && (r.postData() ?? '').includes('"from":"2027-01-13"'));
  await reports.show();
  await asked;
  await expect(page.locator('.field', { has: from }).getByRole('alert')).toHaveCount(0);
  // The only report ever asked for up to 31 January is the one from 13 January: the refused range (Enter, then Show) sent nothing.
  const ranges = calls.filter((c) => c.includes('reports:') && c.includes('"to":"2027-01-31"')).map((c) => /"from":"([^"]*)"/.exec(c)?.[1]);
  expect(ranges).toEqual(['2027-01-13']);
});
