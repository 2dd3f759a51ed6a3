import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { call } from './coreCall';
import { expect, snap, test } from './fixtures';
import { DashboardPage } from './pages/DashboardPage';
import { ReportsPage } from './pages/ReportsPage';
import { SignInPage } from './pages/SignInPage';

let n = 0;
const rid = () => `e2e-reports-${Date.now()}-${++n}`;

/** Two products (USD and EUR), payments by cash, check, transfer and terminal, a void and a refund. */
async function seed(page: Page): Promise<void> {
  const enrollments: string[] = [];
  for (const [name, currency, price] of [['Welding 101', 'USD', 300_00], ['Deutsch A1', 'EUR', 450_00]] as const) {
    const product = await call<{ id: string }>(page, 'products:create', { requestId: rid(), product: { type: 'course', name, price, currency } });
    const plan = await call<{ id: string }>(page, 'plans:create', { requestId: rid(), plan: { productId: product.id, name: 'Three months', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } });
    const payer = await call<{ id: string }>(page, 'payers:create', { requestId: rid(), payer: { name: `Ada ${currency}, "the second"` } });
    const e = await call<{ enrollment: { id: string } }>(page, 'enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id });
    enrollments.push(e.enrollment.id);
  }
  const [usd = '', eur = ''] = enrollments;
  await call(page, 'drawer:open', { requestId: rid(), openingFloat: 100_00 });
  await call(page, 'payments:recordManual', { requestId: rid(), enrollmentId: usd, method: 'cash', amount: 120_00, currency: 'USD', tendered: 150_00 });
  await call(page, 'payments:recordManual', { requestId: rid(), enrollmentId: usd, method: 'check', amount: 50_00, currency: 'USD', check: { number: '1001' } });
  const keyed = await call<{ id: string }>(page, 'payments:recordManual', { requestId: rid(), enrollmentId: usd, method: 'bank_transfer', amount: 10_00, currency: 'USD', reference: 'T-1' });
  await call(page, 'payments:void', { requestId: rid(), paymentId: keyed.id, reason: 'keyed twice' });
  await call(page, 'payments:recordManual', { requestId: rid(), enrollmentId: eur, method: 'card_terminal', amount: 200_00, currency: 'EUR', reference: 'POS-9' });
  await call(page, 'refunds:create', { requestId: rid(), from: { kind: 'enrollment', enrollmentId: eur }, amount: 25_00, reason: 'partial', split: [{ method: 'bank_transfer', amount: 25_00 }] });
}

const REPORTS = ['Revenue', 'Schedule status', 'Product performance', 'Aging', 'Drawer sessions', 'Deposits'] as const;

test('every report shows its chart and table, and its CSV download has the table rows', async ({ page, host }) => {
  test.setTimeout(120_000);
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading()).toBeVisible();
  await seed(page);

  const reports = new ReportsPage(page);
  await reports.open();
  const csvOf: Partial<Record<(typeof REPORTS)[number], string[][]>> = {};
  for (const title of REPORTS) {
    await reports.choose(title);
    await expect(reports.chart()).toBeVisible();
    await expect(reports.chart()).toHaveAttribute('aria-label', /\S/);
    // Issue 17, bug 9: a chart has its axes, each with ticks and a label.
    if (title !== 'Deposits') {
      await expect(reports.chart().locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').first(), title).toHaveText(/\S/);
      await expect(reports.chart().locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').first(), title).toHaveText(/[$€]/);
      await expect(reports.chart().locator('.recharts-label'), title).toHaveCount(2);
    }
    await expect(reports.table(title)).toBeVisible();
    const cells = await reports.cells(title);
    if (title !== 'Deposits') expect(cells.length, title).toBeGreaterThan(1);

    // For people: amounts with their currency symbol, moments on the office's clock, never an ISO string or a method code.
    const body = cells.slice(1).flat();
    expect(body.filter((c) => /\d{4}-\d{2}-\d{2}|bank_transfer|card_terminal/.test(c)), title).toEqual([]);
    await expect(reports.chart(), title).not.toHaveAttribute('aria-label', /\d{4}-\d{2}-\d{2}/);
    if (title !== 'Deposits') expect(body.some((c) => /[$€]\d/.test(c)), title).toBe(true);
    if (title !== 'Deposits') await expect(reports.totals(title).first()).toContainText(/^Total/);

    const downloading = page.waitForEvent('download');
    await reports.exportButton().click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^bursar-.*\.csv$/);
    const text = readFileSync((await download.path()) ?? '', 'utf8');
    expect(text.startsWith('\uFEFF'), 'BOM on by default for spreadsheets').toBe(true);
    const csv = parse(text, { bom: true }) as string[][];
    // The file holds the same rows for spreadsheets: exact decimals and stored values, no totals.
    const shownRows = cells.length === 2 && cells[1]?.length === 1 ? 0 : cells.length - 1;
    expect(csv[0], title).toEqual(cells[0]);
    expect(csv.length - 1, title).toBe(shownRows);
    csvOf[title] = csv;
    await snap(page, `report-${title.toLowerCase().replace(/\s+/g, '-')}`);
  }

  await reports.choose('Revenue');
  await expect(reports.chart()).toHaveAttribute('aria-label', /Net revenue in (EUR|USD) by week/);
  const revenue = csvOf.Revenue ?? [];
  // Per currency, never added together: the EUR net is 200.00 − 25.00, the USD net 120 + 50 (the transfer was voided).
  const net = (currency: string) => revenue.filter((r) => r[1] === currency).reduce((s, r) => s + Math.round(Number(r[6]) * 100), 0);
  expect(net('EUR')).toBe(175_00);
  expect(net('USD')).toBe(170_00);
  // The screen's total rows say the same, one per currency, with the symbol.
  await expect(reports.totals('Revenue').filter({ hasText: 'USD' }).locator('td').nth(5)).toHaveText('$170.00');
  await expect(reports.totals('Revenue').filter({ hasText: 'EUR' }).locator('td').nth(5)).toHaveText('€175.00');
  const methods = (await reports.cells('Revenue')).slice(1).map((r) => r[2]);
  expect(methods).toContain('Bank transfer');
  expect(methods).toContain('Card terminal');

  await reports.setRange('03/10/2025', '03/01/2025');
  await reports.show();
  await expect(page.locator('.field', { has: page.getByLabel('To', { exact: true }) }).getByRole('alert')).toHaveText(/on or after/);
});

test('the dashboard is the first screen and refreshes when a payment lands, without polling', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const dashboard = new DashboardPage(page);
  await expect(dashboard.heading()).toBeVisible();
  await expect(dashboard.card("Today's takings")).toContainText('Nothing taken yet today.');
  const requests: string[] = [];
  let lastStatsAt = Date.now();
  page.on('request', (r) => {
    if (!r.url().includes('/api/invoke')) return;
    const body = r.postData() ?? '';
    requests.push(body);
    if (body.includes('dashboard:stats')) lastStatsAt = Date.now();
  });
  await seed(page);
  await expect(dashboard.takings()).toBeVisible();
  await expect(dashboard.takings().getByRole('row', { name: /Cash 1 \$120\.00/ })).toBeVisible();
  await expect(dashboard.card('Drawer')).toContainText('$220.00 expected');
  // The refund was the last change. Its row can show before its own change notice has reached
  // the page (a fetch for an earlier notice already reads it), so wait until the notices of
  // the seed have been answered: no dashboard:stats request for a second.
  await expect(dashboard.takings().getByRole('row', { name: /Bank transfer 0 €0\.00 €25\.00 -€25\.00/ })).toBeVisible();
  await expect.poll(() => Date.now() - lastStatsAt, { timeout: 15_000 }).toBeGreaterThan(1000);
  requests.length = 0;
  await page.waitForTimeout(2500);
  expect(requests.filter((r) => r.includes('dashboard:stats')), 'no polling while nothing changes').toEqual([]);
  await snap(page, 'dashboard');
});
