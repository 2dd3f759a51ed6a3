import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startPartitionProxy } from '../../scripts/officeSim/partitionProxy';
import type { PartitionProxy } from '../../scripts/officeSim/partitionProxy';
import { runRelayCli, startRelayProcess } from '../support/relayProcess';
import type { RelayProcess } from '../support/relayProcess';
import { call } from './coreCall';
import { expect, launchHost, snap, test } from './fixtures';
import { CashierPage } from './pages/CashierPage';
import { FirstRunJoinPage } from './pages/FirstRunJoinPage';
import { OfficeSettingsPage } from './pages/OfficeSettingsPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { StatusPage } from './pages/StatusPage';

const ORG = 'riverside';
const PASSPHRASE = 'riverside office passphrase 2026';

// Two real hosts (each core in its own process), a relay process and scrypt derivations on a shared machine.
test.setTimeout(240_000);

async function deskCode(relayDir: string): Promise<string> {
  const r = await runRelayCli(['desk', 'code', '--org', ORG, '--data-dir', relayDir]);
  if (r.code !== 0) throw new Error(`desk code failed: ${r.stderr}`);
  const code = r.stdout.trim().split('\n').at(-1)?.trim();
  if (!code) throw new Error('desk code printed nothing');
  return code;
}

async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(url);
  return page;
}

/**
 * Issue 13's proof: desk A and desk B (two browser hosts, two data folders) and one relay
 * process; desk B reaches the relay through a TCP proxy the test can cut.
 */
test('two desks and a relay: a payment at one shows at the other; offline, the other pays the same installment; after reconnecting both show both payments, the adjustment, the same balance and the conflict', async ({ browser }) => {
  const cleanup: (() => Promise<unknown>)[] = [];
  const relayDir = mkdtempSync(join(tmpdir(), 'bursar-e2e-relay-'));
  cleanup.push(async () => rmSync(relayDir, { recursive: true, force: true }));
  try {
    const created = await runRelayCli(['office', 'create', '--org', ORG, '--name', 'Riverside Learning Centre', '--data-dir', relayDir]);
    expect(created.code, created.stderr).toBe(0);
    const relay: RelayProcess = await startRelayProcess(['--data-dir', relayDir]);
    cleanup.push(() => relay.kill('SIGKILL'));
    const proxy: PartitionProxy = await startPartitionProxy(Number(new URL(relay.url).port));
    cleanup.push(() => proxy.close());
    const hostA = await launchHost();
    cleanup.push(() => hostA.stop());
    const hostB = await launchHost();
    cleanup.push(() => hostB.stop());

    // Desk A: set up, its books (a course on three monthly installments, a payer, an enrollment), joined at Settings → Office.
    const a = await openPage(browser, hostA.url);
    cleanup.push(() => a.context().close());
    await new SignInPage(a).setUpAdmin();
    await expect(a.getByRole('heading', { name: 'Set up Bursar' })).toBeHidden();
    const product = await call<{ id: string }>(a, 'products:create', { requestId: 'two-desks-product', product: { type: 'course', name: 'Welding 101', price: 300_00, currency: 'USD', startDate: '2999-01-01', endDate: '2999-06-30' } });
    const plan = await call<{ id: string }>(a, 'plans:create', { requestId: 'two-desks-plan', plan: { productId: product.id, name: 'Three months', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } });
    const payer = await call<{ id: string }>(a, 'payers:create', { requestId: 'two-desks-payer', payer: { name: 'Dana Student' } });
    const { enrollment } = await call<{ enrollment: { id: string } }>(a, 'enrollments:create', { requestId: 'two-desks-enroll', payerId: payer.id, productId: product.id, planId: plan.id });
    await new SettingsPage(a).open();
    const officeA = new OfficeSettingsPage(a);
    await officeA.join({ hub: relay.url, code: await deskCode(relayDir), passphrase: PASSPHRASE, deskName: 'Front desk' });
    await expect(officeA.heading('Riverside Learning Centre')).toBeVisible({ timeout: 60_000 });

    // Desk B joins from its first start through its proxy, receives the books and signs in with the office's admin.
    const b = await openPage(browser, hostB.url);
    cleanup.push(() => b.context().close());
    const join = new FirstRunJoinPage(b);
    await join.open();
    await join.join({ hub: proxy.url, code: await deskCode(relayDir), passphrase: PASSPHRASE, deskName: 'Back office' });
    await b.getByRole('heading', { name: 'Sign in to Bursar' }).waitFor({ timeout: 90_000 });
    await new SignInPage(b).signIn('admin', 'admin-pass');
    const cashierB = new CashierPage(b);
    await cashierB.open();
    await cashierB.findPayer('Dana');
    await expect(cashierB.balance()).toHaveText('Balance: $300.00', { timeout: 30_000 });
    await expect(cashierB.dueItems().getByRole('row')).toHaveCount(4);

    // A payment at desk A shows on desk B's Cashier screen, no reload.
    const cashierA = new CashierPage(a);
    await cashierA.open();
    await cashierA.findPayer('Dana');
    await cashierA.takeTransfer('100.00', 'TRF-A1');
    await expect(cashierA.balance()).toHaveText('Balance: $200.00', { timeout: 30_000 });
    await expect(cashierB.balance()).toHaveText('Balance: $200.00', { timeout: 30_000 });
    await expect(cashierB.dueItems().getByRole('row')).toHaveCount(3);
    await snap(b, 'two-desks-remote-payment');

    // Desk B loses its road to the relay. Desk A takes the second installment and it reaches the relay.
    proxy.cut();
    await cashierA.takeTransfer('100.00', 'TRF-A2');
    await expect(cashierA.balance()).toHaveText('Balance: $100.00', { timeout: 30_000 });
    await expect.poll(async () => (await call<{ pending: number | null }>(a, 'office:status', {})).pending, { timeout: 30_000 }).toBe(0);

    // Desk B, offline, still owes the second installment in its books and takes it too.
    await expect(cashierB.balance()).toHaveText('Balance: $200.00');
    await cashierB.takeTransfer('100.00', 'TRF-B1');
    await expect(cashierB.balance()).toHaveText('Balance: $100.00', { timeout: 30_000 });
    expect((await call<{ pending: number | null }>(b, 'office:status', {})).pending).toBeGreaterThan(0);

    // Back online: B's payment is later in the office's order; its 100.00 moves to the third installment.
    proxy.heal();
    const detail = (page: Page) => call<{ balance: number; items: { paid: number }[]; payments: { id: string }[] }>(page, 'enrollments:paymentDetails', { enrollmentId: enrollment.id });
    for (const page of [a, b]) {
      await expect.poll(async () => (await detail(page)).payments.length, { timeout: 90_000 }).toBe(3);
      await expect.poll(async () => (await detail(page)).items.map((i) => i.paid), { timeout: 60_000 }).toEqual([100_00, 100_00, 100_00]);
    }
    const [detailA, detailB] = [await detail(a), await detail(b)];
    expect(detailB.payments.map((p) => p.id).sort()).toEqual(detailA.payments.map((p) => p.id).sort());

    // Both Cashier screens, unreloaded: nothing owed, the same balance.
    for (const cashier of [cashierA, cashierB]) {
      await expect(cashier.balance()).toHaveText('Balance: $0.00', { timeout: 30_000 });
      await expect(cashier.dueItems()).toContainText('Nothing is owed.');
    }
    await snap(b, 'two-desks-converged-cashier');

    // Status at each desk lists both desks and names the conflict in words.
    for (const [page, self] of [[a, 'Front desk'], [b, 'Back office']] as const) {
      const status = new StatusPage(page);
      await status.open();
      await expect(status.deskRow(`${self} (this desk)`)).toBeVisible({ timeout: 30_000 });
      await expect(status.deskRow(self === 'Front desk' ? 'Back office' : 'Front desk')).toBeVisible();
      await expect(status.desks().getByRole('row')).toHaveCount(3);
      await expect(status.conflict(/Dana Student/)).toContainText('Dana Student paid the same installment for Welding 101 at two desks. The extra $100.00 went to the next installment', { timeout: 30_000 });
      await expect(status.conflicts().getByRole('listitem')).toHaveCount(1);
      await snap(page, 'two-desks-status');
    }
  } finally {
    for (const c of cleanup.reverse()) await c().catch(() => {});
  }
});
