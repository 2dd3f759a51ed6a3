import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import type { Host } from './fixtures';
import { SettingsPage } from './pages/SettingsPage';
import { Shell } from './pages/Shell';
import { SignInPage } from './pages/SignInPage';
import { must, seedCore } from './seedEnrollment';

// The Spanish office of the Spanish E2E specs: the catalogs, the window's words by id, a euro
// course, and the switch to Spanish in Settings.

export type Catalog = Record<string, string>;
export const catalog = (lang: 'en' | 'es'): Catalog => JSON.parse(readFileSync(new URL(`../../renderer/src/i18n/${lang}.json`, import.meta.url), 'utf8')) as Catalog;
export const en = catalog('en');
export const es = catalog('es');
/** A Spanish message by id; a missing id fails the test rather than matching nothing. */
export const word = (id: string): string => {
  const text = es[id];
  if (text === undefined) throw new Error(`es.json has no ${id}`);
  return text;
};
/** A course priced in euros, a plan, a payer and an enrollment, through a second core on the desk's store. */
export async function seedEuroEnrollment(host: Host): Promise<void> {
  const { core, admin } = seedCore(host);
  try {
    const product = must(await core.invoke('products:create', { requestId: 'seed-es-product', product: { type: 'course', name: 'Soldadura 101', price: 300_00, currency: 'EUR', startDate: '2999-01-01', endDate: '2999-06-30' } }, admin));
    const plan = must(await core.invoke('plans:create', { requestId: 'seed-es-plan', plan: { productId: product.id, name: 'Tres meses', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }, admin));
    const payer = must(await core.invoke('payers:create', { requestId: 'seed-es-payer', payer: { name: 'Lucía Fernández', email: 'lucia@example.org' } }, admin));
    must(await core.invoke('enrollments:create', { requestId: 'seed-es-enroll', payerId: payer.id, productId: product.id, planId: plan.id }, admin));
  } finally {
    core.close();
  }
}

/** The navigation, named in the window's language. */
export const screensNav = (page: Page, lang: 'en' | 'es') => page.getByRole('navigation', { name: (lang === 'en' ? en : es)['app.screens'] ?? 'Screens' });

/** Settings (in English) → Locale es-ES, currency EUR → Save: the whole window turns Spanish at once. */
export async function speakSpanish(page: Page): Promise<void> {
  const settings = new SettingsPage(page);
  await settings.open();
  await settings.set('Locale', 'es-ES');
  await settings.set('Default currency', 'EUR');
  await settings.save();
  await expect(page.getByRole('heading', { name: word('settings.settings'), level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: word('app.signOut') })).toBeVisible();
  await expect(screensNav(page, 'es').getByRole('button', { name: word('screen.cashier'), exact: true })).toBeVisible();
}

/** A new desk's admin, the euro course seeded, the office switched to Spanish: the Spanish navigation. */
export async function startSpanishOffice(page: Page, host: Host) {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  await expect(new Shell(page).nav().getByRole('button', { name: 'Settings', exact: true })).toBeVisible();
  await seedEuroEnrollment(host);
  await speakSpanish(page);
  return screensNav(page, 'es');
}

/** Drawer (in Spanish) → opened with `float` typed the Spanish way. */
export async function openDrawerInSpanish(page: Page, float: string): Promise<void> {
  await screensNav(page, 'es').getByRole('button', { name: word('screen.drawer'), exact: true }).click();
  const open = page.getByRole('form', { name: word('drawer.openTheDrawer') });
  await open.getByLabel(/Fondo de caja contado/).fill(float);
  await open.getByRole('button', { name: word('drawer.openDrawer') }).click();
}

/** Cashier (in Spanish) → Lucía found → `amount` in cash recorded, the first receipt. */
export async function payLuciaInSpanish(page: Page, amount: string): Promise<void> {
  await screensNav(page, 'es').getByRole('button', { name: word('screen.cashier'), exact: true }).click();
  const search = page.getByRole('search', { name: word('payerPicker.findPayer') });
  await search.getByLabel(word('payerPicker.findPayer')).fill('lucía');
  await search.getByLabel(word('payerPicker.findPayer')).press('Enter');
  const form = page.getByRole('form', { name: word('cashier.takePayment') });
  await form.getByLabel(/^Importe/).fill(amount);
  await form.getByRole('button', { name: word('cashier.recordPaymentEnter') }).click();
  await expect(page.getByRole('status').filter({ hasText: /Pago registrado: recibo DESK1-000001/ })).toBeVisible();
}
