import { seriousViolations } from './axe';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import type { Page } from '@playwright/test';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { en, es, openDrawerInSpanish, payLuciaInSpanish, screensNav, seedEuroEnrollment, startSpanishOffice, word } from './spanishOffice';
import type { Catalog } from './spanishOffice';

// axe-core is injected as a script: only the accessibility specs lift the page's CSP to do that.
test.use({ bypassCSP: true });
// Every test starts its own host and office: the two workers may share this file's tests.
test.describe.configure({ mode: 'parallel' });

const SCREENS = ['dashboard', 'cashier', 'drawer', 'enroll', 'enrollments', 'schedules', 'products', 'refunds', 'reports', 'settings', 'users', 'audit', 'backups', 'status', 'deposits'] as const;
type Screen = (typeof SCREENS)[number];
const title = (words: Catalog, screen: Screen) => words[`screen.${screen}`] ?? screen;
/**
 * Every screen in both languages was one test of 1.6 min that one worker ran alone; in two
 * halves per language (the second with the screens inside screens) the workers share them.
 */
const HALVES = [
  { name: 'first half of the screens', screens: SCREENS.slice(0, 8), inner: false },
  { name: 'second half of the screens and the screens inside screens', screens: SCREENS.slice(8), inner: true },
] as const;
// Each half keeps the whole test's hang budget: on a machine loaded past 15 a half took 3.8 min.

/**
 * Whole English sentences of the catalog that read differently in Spanish: none of them may be
 * on a screen once the office speaks Spanish (a part left in English, or a screen that kept
 * the old language).
 */
const englishOnly = Object.entries(en)
  .filter(([id, text]) => !text.includes('{') && text.length >= 12 && text !== es[id])
  .map(([, text]) => text)
  .filter((text) => !Object.values(es).some((spanish) => spanish.includes(text)));

/** The screen as it is now: a screenshot, no serious axe finding and, in Spanish, no English sentence left. */
async function check(page: Page, lang: 'en' | 'es', screen: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await snap(page, `${lang}-${screen}`);
  expect(await seriousViolations(page), `${lang} ${screen}`).toEqual([]);
  if (lang === 'es') {
    const shown = await page.locator('body').innerText();
    expect(englishOnly.filter((text) => shown.includes(text)), `English left on ${screen}`).toEqual([]);
  }
}

/** A catalog message with its {placeholders} filled. */
const fill = (text: string | undefined, values: Record<string, string>): string => Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, v), text ?? '');

async function visitScreens(page: Page, lang: 'en' | 'es', screens: readonly Screen[], inner: boolean): Promise<void> {
  const words = lang === 'en' ? en : es;
  const nav = screensNav(page, lang);
  for (const screen of screens) {
    await nav.getByRole('button', { name: title(words, screen), exact: true }).click();
    await expect(nav.getByRole('button', { name: title(words, screen), exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(page.locator('main h1').first()).toBeVisible();
    if (screen === 'reports') {
      // The report's own words (its name, columns, chart) are the window's language too.
      await expect(page.getByRole('heading', { name: words['reportWord.Revenue'], level: 2 })).toBeVisible();
      await expect(page.getByRole('columnheader', { name: words['reportWord.Period'], exact: true })).toBeVisible();
      await expect(page.locator('main figcaption')).toHaveText(fill(words['reportChart.revenue'], { per: (words['reportWord.Week'] ?? '').toLowerCase() }));
    }
    await check(page, lang, screen);
  }
  if (!inner) return;
  // The screens inside screens, where most of the work is done: an enrollment's page (schedule,
  // payments, statement) and the Cashier with a payer chosen (balance, due items, Take payment).
  await nav.getByRole('button', { name: title(words, 'enrollments'), exact: true }).click();
  await page.getByRole('button', { name: fill(words['enrollments.open2'], { payerName: 'Lucía Fernández', productName: 'Soldadura 101' }) }).click();
  await expect(page.getByTestId('balance')).toHaveText(/300/);
  // The on-screen statement speaks the office's language too (its table is axed with the page).
  await expect(page.getByRole('heading', { name: words['payerStatementView.accountStatement'], exact: true })).toBeVisible();
  const statement = page.getByRole('table', { name: fill(words['payerStatementView.caption'], { name: 'Lucía Fernández', from: '', to: '' }).split(',')[0] });
  await expect(statement.locator('thead')).toContainText(words['payerStatementView.paymentOrCredit'] ?? '');
  await expect(statement.locator('tbody')).toContainText(words['payerStatementView.openingBalance'] ?? '');
  await check(page, lang, 'enrollment-detail');
  await nav.getByRole('button', { name: title(words, 'cashier'), exact: true }).click();
  const find = page.getByRole('search', { name: words['payerPicker.findPayer'] }).getByLabel(words['payerPicker.findPayer'] ?? '');
  await find.fill('lucía');
  await find.press('Enter');
  await expect(page.getByRole('form', { name: words['cashier.takePayment'] })).toBeVisible();
  await check(page, lang, 'cashier-payer');
}

for (const half of HALVES) {
  test(`in English, before the switch: the ${half.name}, screenshots, no serious axe findings`, async ({ page, host }) => {
    test.setTimeout(480_000);
    await page.goto(host.url);
    await new SignInPage(page).setUpAdmin();
    await expect(new Shell(page).nav().getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
    await seedEuroEnrollment(host);
    await visitScreens(page, 'en', half.screens, half.inner);
  });

  test(`the office switches to Spanish in Settings: the ${half.name} speak Spanish, screenshots, no serious axe findings`, async ({ page, host }) => {
    test.setTimeout(480_000);
    await startSpanishOffice(page, host);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es-ES');
    await visitScreens(page, 'es', half.screens, half.inner);
    if (!half.inner) return;

    // The language belongs to the office: after a reload the sign-in form is Spanish too.
    await screensNav(page, 'es').getByRole('button', { name: word('screen.settings') }).click();
    await page.getByRole('button', { name: word('app.signOut') }).click();
    await expect(page.getByRole('heading', { name: word('signIn.signInToBursar') })).toBeVisible();
    await snap(page, 'es-sign-in');
    expect(await seriousViolations(page), 'es sign-in').toEqual([]);
  });
}

test('in Spanish a cashier types 12,50 and the receipt shows 12,50 € in the office currency', async ({ page, host }) => {
  test.setTimeout(180_000);
  await startSpanishOffice(page, host);

  await openDrawerInSpanish(page, '100,00');
  await expect(page.getByTestId('expected-cash')).toHaveText(/^100,00\s€$/);

  await payLuciaInSpanish(page, '12,50');
  const receipt = page.getByRole('region', { name: /Recibo DESK1-000001/ });
  await expect(receipt).toContainText(/12,50\s€/);
  await expect(receipt).toContainText(word('method.cash'));
  await expect(page.getByTestId('balance')).toHaveText(/287,50\s€/);
  await snap(page, 'es-cashier-receipt');
});

test('a Spanish desk: statement and drawer lines, a void refused and a refusal’s date, all in Spanish words and dates', async ({ page, host }) => {
  test.setTimeout(240_000);
  const nav = await startSpanishOffice(page, host);
  const iso = /\d{4}-\d{2}-\d{2}/;

  // A refusal that names a date: moving an item to the date it already has. The date is the office's "2 dic 2026", never 2026-12-02.
  await nav.getByRole('button', { name: word('screen.schedules'), exact: true }).click();
  await page.getByRole('button', { name: /Lucía Fernández, plazo 1$/ }).first().click();
  const move = page.getByRole('dialog', { name: word('schedules.moveTheDueDate') });
  await move.getByLabel(word('reasonDialog.reason')).fill('el pagador lo pidió');
  await move.getByRole('button', { name: word('schedules.apply') }).click();
  const refusal = move.getByText(/^ya es /);
  await expect(refusal).toBeVisible();
  const { items } = await call<{ items: { seq: number; dueDate: string; payerName: string }[] }>(page, 'schedules:list', { limit: 10 });
  const due = items.find((i) => i.seq === 1 && i.payerName === 'Lucía Fernández')?.dueDate ?? '';
  const spanishDay = new Intl.DateTimeFormat('es-ES', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${due}T00:00:00Z`));
  await expect(refusal).toHaveText(fill(word('error.schedule.alreadyDue'), { date: spanishDay }));
  expect(await refusal.innerText()).not.toMatch(iso);
  await snap(page, 'es-refusal-date');
  await move.getByRole('button', { name: word('confirmDialog.cancel') }).click();

  // A cash payment: the drawer's movements are "Fondo de caja" and "Pagos en efectivo".
  await openDrawerInSpanish(page, '100,00');
  await payLuciaInSpanish(page, '100,00');

  // Refunded in full (as another desk might): the Cashier says why it offers no void, in Spanish.
  const { payments } = await call<{ payments: { id: string; enrollmentId: string }[] }>(page, 'payments:list', { receiptNumber: 'DESK1-000001', limit: 1 });
  const paid = payments[0];
  await call(page, 'refunds:create', { requestId: 'e2e-es-refund', from: { kind: 'enrollment', enrollmentId: paid?.enrollmentId }, amount: 100_00, reason: 'se dio de baja', split: [{ method: 'cash', amount: 100_00, paymentId: paid?.id }] });
  await expect(page.getByTestId('void-refused')).toHaveText(word('error.payment.voidRefunded'));
  await snap(page, 'es-void-refused');

  await nav.getByRole('button', { name: word('screen.drawer'), exact: true }).click();
  const movements = page.getByRole('table', { name: word('drawerMovementsView.cashMovements') });
  for (const id of ['drawerLine.drawer_open', 'drawerLine.payment', 'drawerLine.refund']) await expect(movements.getByRole('cell', { name: word(id), exact: true })).toBeVisible();
  await expect(movements).not.toContainText(/Cash payments|Float/);
  await snap(page, 'es-drawer-movements');

  // The enrollment's statement: its lines are the catalog's Spanish ("Cuota 1 de 3", "Efectivo", "reembolso").
  await nav.getByRole('button', { name: word('screen.enrollments'), exact: true }).click();
  await page.getByRole('button', { name: fill(word('enrollments.open2'), { payerName: 'Lucía Fernández', productName: 'Soldadura 101' }) }).click();
  const statement = page.getByTestId('payer-statement');
  await expect(statement).toContainText(`Soldadura 101: ${fill(word('line.installment'), { n: '1', of: '3' })}`);
  await expect(statement).toContainText(`Soldadura 101: ${word('method.cash')} DESK1-000001`);
  await expect(statement).toContainText(fill(word('statementLine.refund'), { product: 'Soldadura 101', method: word('method.cash') }));
  await expect(statement).not.toContainText(/Installment|: Cash/);
  // The payment's status in words, not the stored code.
  const paymentsTable = page.getByRole('table', { name: word('enrollmentDetail.payments') });
  await expect(paymentsTable.getByRole('cell', { name: word('status.completed'), exact: true })).toBeVisible();
  await expect(paymentsTable).not.toContainText('completed');
  await snap(page, 'es-statement-lines');
});
