import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openStore as openRelayStore } from '../../relay/storage/openStore';
import { newToken } from '../../relay/tokens';
import { sealPortalPage } from '../../shared/portal/seal';
import { sampleStatement, sealedSample } from '../support/portal';
import { startRelayProcess } from '../support/relayProcess';
import type { RelayProcess } from '../support/relayProcess';
import { seriousViolations } from './axe';
import { snap } from './fixtures';

type Publisher = { url: string; put(id: string, ct: string, expiresAt?: number): Promise<void>; revoke(id: string): Promise<void> };

/** A real relay process with one office and its desk token, as a desk publishes to it. */
const test = base.extend<{ relay: Publisher }>({
  // Playwright reads a fixture's dependencies from its first parameter: this one has none.
  // eslint-disable-next-line no-empty-pattern
  relay: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bursar-e2e-portal-'));
    const store = await openRelayStore({ dataDir, ingest: false });
    await store.createOrg({ id: 'school', name: 'School', secrets: ['whsec_portal_e2e'], createdAt: Date.now() });
    const t = newToken();
    await store.createToken({ id: t.id, orgId: 'school', device: 'front-desk', hash: t.hash, createdAt: Date.now() });
    await store.close();
    const relay: RelayProcess = await startRelayProcess(['--data-dir', dataDir]);
    const call = async (method: string, path: string, body: unknown) => {
      const res = await fetch(`${relay.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` }, body: JSON.stringify(body) });
      expect(res.status, `${method} ${path}`).toBe(200);
    };
    await use({
      url: relay.url,
      put: (id, ct, expiresAt = Date.now() + 90 * 86_400_000) => call('PUT', `/v1/portal/pages/${id}`, { ct, expires_at: expiresAt }),
      revoke: (id) => call('POST', '/v1/portal/revoke', { ids: [id] }),
    });
    await relay.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  },
});
test.use({ bypassCSP: true });

test('a payer opens the link and sees the schedule, payments, balance and Pay buttons; the relay only ever saw ciphertext', async ({ page, relay }) => {
  const { id, key, ct } = await sealedSample();
  await relay.put(id, ct);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${relay.url}/p/${id}#k=${key}`);

  await expect(page.getByRole('heading', { name: 'Statement for Ada Okafor' })).toBeVisible();
  await expect(page.getByText('Riverside Music School', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Balance' }).getByText('$451.00', { exact: true })).toBeVisible();
  const schedule = page.getByRole('table', { name: 'Payment schedule' });
  await expect(schedule.getByRole('row')).toHaveCount(4);
  await expect(schedule.getByRole('row', { name: /Installment 1 of 3/ })).toContainText('Overdue');
  await expect(schedule.getByRole('row', { name: /Installment 1 of 3/ })).toContainText('$250.50');
  await expect(page.getByRole('table', { name: 'Payments and refunds' }).getByRole('row', { name: /FD-000017/ })).toContainText('$200.00');
  await expect(page.getByRole('table', { name: 'Payments and refunds' }).getByRole('row', { name: /FD-R-000002/ })).toContainText('-$50.00');
  const payNext = page.getByRole('link', { name: /Pay next installment \$200\.50/ });
  await expect(payNext).toHaveAttribute('href', 'https://invoice.stripe.com/i/acct_test/next');
  await expect(page.getByRole('link', { name: 'Pay full balance $451.00' })).toHaveAttribute('href', 'https://invoice.stripe.com/i/acct_test/all');
  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, 'payer-page');

  // The key stayed in the browser: no request carried it, only the page id went out.
  expect(requests.length).toBeGreaterThan(0);
  for (const url of requests) expect(url).not.toContain(key);

  await page.setViewportSize({ width: 375, height: 740 });
  await expect(payNext).toBeInViewport();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page)).toEqual([]);
  await snap(page, 'payer-page-phone');
});

test('a republished page shows the new figures at the same link', async ({ page, relay }) => {
  const { id, key, ct } = await sealedSample();
  await relay.put(id, ct);
  await page.goto(`${relay.url}/p/${id}#k=${key}`);
  await expect(page.getByText('$451.00').first()).toBeVisible();
  const paid = sampleStatement({ balance: 0, pay: { next: null, balance: null }, movements: [{ date: '2026-12-01', kind: 'payment', receipt: 'FD-000031', method: 'Card', amount: 45100 }] });
  await relay.put(id, await sealPortalPage(id, key, JSON.stringify(paid)));
  await page.reload();
  await expect(page.getByRole('table', { name: 'Payments and refunds' }).getByRole('row', { name: /FD-000031/ })).toContainText('$451.00');
  await expect(page.getByRole('link', { name: /^Pay/ })).toHaveCount(0);
});

/** Opens a link and checks the page says `title`, asks for a new link, and shows nothing of the statement. */
async function expectNotice(page: Page, url: string, title: string, shot: string): Promise<void> {
  // A fresh document each time: a link differing only in its fragment would not reload.
  await page.goto('about:blank');
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText(/ask the office for a new link/i)).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.getByRole('link')).toHaveCount(0);
  await expect(page.getByText('Ada Okafor')).toHaveCount(0);
  await snap(page, shot);
}

test('a tampered page and a wrong key each show a clear message and nothing else', async ({ page, relay }) => {
  const tampered = await sealedSample();
  const flipped = `${tampered.ct.slice(0, 60)}${tampered.ct[60] === 'A' ? 'B' : 'A'}${tampered.ct.slice(61)}`;
  await relay.put(tampered.id, flipped);
  await expectNotice(page, `${relay.url}/p/${tampered.id}#k=${tampered.key}`, 'This statement could not be opened', 'payer-page-tampered');

  const good = await sealedSample();
  await relay.put(good.id, good.ct);
  const wrongKey = (await sealedSample()).key;
  await expectNotice(page, `${relay.url}/p/${good.id}#k=${wrongKey}`, 'This statement could not be opened', 'payer-page-wrong-key');
});

test('a link without its key, or one the relay does not know, shows a clear message', async ({ page, relay }) => {
  const good = await sealedSample();
  await relay.put(good.id, good.ct);
  await expectNotice(page, `${relay.url}/p/${good.id}`, 'This link is incomplete', 'payer-page-incomplete');
  const unknown = await sealedSample();
  await expectNotice(page, `${relay.url}/p/${unknown.id}#k=${unknown.key}`, 'This link is not known', 'payer-page-unknown');
});

test('a revoked link and an expired one each say so, and show nothing else', async ({ page, relay }) => {
  const revoked = await sealedSample();
  await relay.put(revoked.id, revoked.ct);
  await relay.revoke(revoked.id);
  await expectNotice(page, `${relay.url}/p/${revoked.id}#k=${revoked.key}`, 'This link was withdrawn', 'payer-page-revoked');

  const soon = await sealedSample();
  await relay.put(soon.id, soon.ct, Date.now() + 1500);
  await expect.poll(async () => (await fetch(`${relay.url}/v1/portal/pages/${soon.id}`)).status, { timeout: 15_000 }).toBe(410);
  await expectNotice(page, `${relay.url}/p/${soon.id}#k=${soon.key}`, 'This link has expired', 'payer-page-expired');
});

/** Ada's statement as a Spanish office publishes it: its locale and currency, item labels and methods worded by the desk in Spanish. */
const spanishStatement = () =>
  sampleStatement({
    office: { name: 'Academia Norte', address: 'Calle Mayor 12, Madrid', email: 'oficina@norte.example', phone: null },
    currency: 'EUR',
    locale: 'es-ES',
    timeZone: 'Europe/Madrid',
    enrollments: [
      {
        student: 'Ada Okafor',
        product: 'Piano — Grado 3',
        status: 'active',
        items: [
          { label: 'Anticipo', dueDate: '2026-09-01', amount: 10000, paid: 10000, status: 'paid' },
          { label: 'Cuota 1 de 3', dueDate: '2026-10-01', amount: 25050, paid: 5000, status: 'overdue' },
          { label: 'Cuota 2 de 3', dueDate: '2026-12-15', amount: 25050, paid: 5000, status: 'partly_paid' },
        ],
      },
      { student: 'Ada Okafor', product: 'Solfeo', status: 'cancelled', items: [] },
    ],
    movements: [
      { date: '2026-09-01', kind: 'payment', receipt: 'FD-000017', method: 'Efectivo', amount: 20000 },
      { date: '2026-09-03', kind: 'refund', receipt: 'FD-R-000002', method: 'Efectivo', amount: 5000 },
    ],
    credit: 1250,
  });

/** English words the page used to show; none may be left on a Spanish page (names and receipt numbers aside). */
const ENGLISH_LEFT = /\b(Statement|Balance|Payment|schedule|Item|Due|Amount|Paid|Status|Overdue|Partly|Refund|Method|Receipt|Date|Type|Pay|cancelled|Credit|link|office)\b/;

test.describe('in Spanish', () => {
  // The browser's language: what the notices shown before any statement follow.
  test.use({ locale: 'es-ES' });

  test("a Spanish office's statement: headings, table headers, item labels, statuses and buttons in Spanish, euros the Spanish way", async ({ page, relay }) => {
    const { id, key, ct } = await sealedSample(spanishStatement());
    await relay.put(id, ct);
    await page.goto(`${relay.url}/p/${id}#k=${key}`);

    await expect(page.getByRole('heading', { level: 1, name: 'Estado de cuenta de Ada Okafor' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es-ES');
    await expect(page.getByRole('heading', { level: 2, name: 'Piano — Grado 3' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Solfeo (cancelada)' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Pagos y reembolsos' })).toBeVisible();
    const balance = page.getByRole('region', { name: 'Saldo' });
    await expect(balance).toContainText('Saldo pendiente');
    await expect(balance.getByText('451,00 €', { exact: true })).toBeVisible();
    await expect(balance).toContainText('Saldo a favor: 12,50 €');

    const schedule = page.getByRole('table', { name: 'Calendario de pagos' }).first();
    await expect(schedule.getByRole('columnheader')).toHaveText(['Concepto', 'Vencimiento', 'Importe', 'Pagado', 'Estado']);
    await expect(schedule.getByRole('row', { name: /Anticipo/ })).toContainText('Pagado');
    await expect(schedule.getByRole('row', { name: /Cuota 1 de 3/ })).toContainText('Vencido');
    await expect(schedule.getByRole('row', { name: /Cuota 1 de 3/ })).toContainText('250,50 €');
    await expect(schedule.getByRole('row', { name: /Cuota 2 de 3/ })).toContainText('Pagado en parte');
    await expect(schedule.getByRole('row', { name: /Cuota 2 de 3/ })).toContainText('15 dic 2026');

    const movements = page.getByRole('table', { name: 'Pagos y reembolsos' });
    await expect(movements.getByRole('columnheader')).toHaveText(['Fecha', 'Tipo', 'Recibo', 'Método', 'Importe']);
    await expect(movements.getByRole('row', { name: /FD-000017/ })).toContainText('Pago');
    await expect(movements.getByRole('row', { name: /FD-R-000002/ })).toContainText('Reembolso');
    await expect(movements.getByRole('row', { name: /FD-R-000002/ })).toContainText('-50,00 €');
    await expect(page.getByRole('link', { name: /^Pagar la próxima cuota 200,50 € \(vence el 1 oct 2026\)$/ })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Pagar el saldo completo 451,00 €' })).toBeVisible();
    await expect(page).toHaveTitle('Estado de cuenta — Academia Norte');

    const shown = (await page.locator('#app').innerText()).replace(/Ada Okafor|FD-R?-\d+/g, '');
    expect(shown).not.toMatch(ENGLISH_LEFT);
    expect(await seriousViolations(page)).toEqual([]);
    await snap(page, 'payer-page-es');
  });

  test('before any statement is open, the notices follow the browser: incomplete, unknown, expired', async ({ page, relay }) => {
    const good = await sealedSample(spanishStatement());
    await relay.put(good.id, good.ct);
    const noticeIn = async (url: string, title: string, shot: string) => {
      await page.goto('about:blank');
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(page.getByText('Pida a la oficina un enlace nuevo.')).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await expect(page.getByRole('table')).toHaveCount(0);
      expect(await page.locator('#app').innerText()).not.toMatch(ENGLISH_LEFT);
      await snap(page, shot);
    };
    await noticeIn(`${relay.url}/p/${good.id}`, 'Este enlace está incompleto', 'payer-page-es-incomplete');
    const unknown = await sealedSample();
    await noticeIn(`${relay.url}/p/${unknown.id}#k=${unknown.key}`, 'Este enlace no existe', 'payer-page-es-unknown');
    const soon = await sealedSample();
    await relay.put(soon.id, soon.ct, Date.now() + 1500);
    await expect.poll(async () => (await fetch(`${relay.url}/v1/portal/pages/${soon.id}`)).status, { timeout: 15_000 }).toBe(410);
    await noticeIn(`${relay.url}/p/${soon.id}#k=${soon.key}`, 'Este enlace ha caducado', 'payer-page-es-expired');
    // The page before its script runs is Spanish too (the relay reads Accept-Language).
    const html = await (await fetch(`${relay.url}/p/${good.id}`, { headers: { 'accept-language': 'es-ES,es;q=0.9' } })).text();
    expect(html).toContain('<html lang="es">');
    expect(html).toContain('Abriendo su estado de cuenta…');
  });
});
