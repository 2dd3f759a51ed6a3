import { afterEach, expect, it } from 'vitest';
import type { Core, Session } from '../../../electron/core';
import { readMembership } from '../../../electron/office/transport/membership';
import { sql } from '../../../electron/store/sql';
import { rid } from '../../support/core';
import { freshDesk, joinFromFirstRun, must, OFFICE_PASSPHRASE, signIn, startRelayOffice, until } from '../../support/office/relayDesks';
import { makeCashier, makeCatalogCore } from '../catalog/fixtures';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const count = (core: Core, q: ReturnType<typeof sql>): number => core.store.get<{ n: number }>(q)?.n ?? 0;

/** Both desks hold everything the hub has and have nothing left to send. */
async function converged(desks: { core: Core; admin: Session }[]): Promise<void> {
  await until(async () => {
    const all = await Promise.all(desks.map((d) => must(d.core, 'office:status', {}, d.admin)));
    return all.every((s) => s.pending === 0 && s.head !== null && s.cursor >= s.head && s.head === all[0]?.head);
  }, 60_000, 'the desks to converge');
}

it('two desks and a real relay: a payment at one shows at the other; a partitioned desk pays the same item; after healing both hold the same books; a revoked desk pushes nothing more', async () => {
  const office = await startRelayOffice();
  cleanup.push(() => office.dispose());

  // Desk A: the office's first desk, its books (an admin and a cashier) seed the office.
  const a = await makeCatalogCore();
  cleanup.push(() => a.dispose());
  const cashierA = makeCashier(a);
  a.services.officeLink.start();
  await a.ok('office:join', { requestId: rid('join'), relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });

  // Desk B joins at its first start and signs in with the office's users.
  const b = freshDesk({ now: () => a.clock.at });
  cleanup.push(() => b.dispose());
  await joinFromFirstRun(b.core, office, 'Back office');
  await until(() => count(b.core, sql`SELECT count(*) AS n FROM users`) === 2, 30_000, 'the office users at desk B');
  const adminB = await signIn(b.core, 'admin', 'admin-pass');
  const cashierB = await signIn(b.core, 'cashier1', 'cashier-pass');
  const deskB = readMembership(b.core.store)?.desk ?? '';

  // A payment at A appears at B, by the links alone (no reload, no sync call).
  const { enrollment, items } = await enroll(Object.assign(a, { cashier: cashierA }));
  await openDrawer(Object.assign(a, { cashier: cashierA }));
  const first = await payCash(Object.assign(a, { cashier: cashierA }), enrollment.id, 100_00, { itemIds: [items[0]?.id ?? ''] });
  await until(() => count(b.core, sql`SELECT count(*) AS n FROM payments WHERE id = ${first.id}`) === 1, 30_000, "A's payment at desk B");
  const detailB = await must(b.core, 'enrollments:paymentDetails', { enrollmentId: enrollment.id }, cashierB);
  expect(detailB.items.map((i) => i.paid)).toEqual([100_00, 0, 0]);
  await must(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, cashierB);

  // B is cut off. Both desks take 100.00 for the second installment.
  await b.core.services.officeLink.stop();
  const second = items[1]?.id ?? '';
  const atA = await payCash(Object.assign(a, { cashier: cashierA }), enrollment.id, 100_00, { itemIds: [second] });
  await until(() => a.services.office.unsentCount() === 0, 30_000, "A's payment at the hub");
  const atB = await must(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD', itemIds: [second] }, cashierB);
  expect(count(a, sql`SELECT count(*) AS n FROM payments WHERE id = ${atB.id}`)).toBe(0);

  // Healed: B's payment is later in the office order; its excess moves to the third installment.
  b.core.services.officeLink.start();
  const adminA = a.admin;
  await converged([{ core: a, admin: adminA }, { core: b.core, admin: adminB }]);
  for (const [core, admin] of [[a, adminA], [b.core, adminB]] as const) {
    expect(core.store.all(sql`SELECT id FROM payments ORDER BY id`)).toEqual([first.id, atA.id, atB.id].sort().map((id) => ({ id })));
    expect(core.store.all(sql`SELECT payment_id, item_id, amount FROM office_adjustments`)).toEqual([{ payment_id: atB.id, item_id: second, amount: 100_00 }]);
    const detail = await must(core, 'enrollments:paymentDetails', { enrollmentId: enrollment.id }, admin);
    expect(detail.items.map((i) => i.paid)).toEqual([100_00, 100_00, 100_00]);
    expect(detail.payments.map((p) => p.id).sort()).toEqual([first.id, atA.id, atB.id].sort());
    expect(detail.balance).toBe(0);
    const conflicts = await must(core, 'office:conflicts', { open: true }, admin);
    expect(conflicts.conflicts).toMatchObject([{ kind: 'same_item_paid', entityId: second }]);
    expect(await must(core, 'ledger:verify', {}, admin)).toMatchObject({ ok: true });
    expect(await must(core, 'audit:verify', {}, admin)).toMatchObject({ ok: true });
  }
  const [digestA, digestB] = await Promise.all([must(a, 'office:digest', {}, adminA), must(b.core, 'office:digest', {}, adminB)]);
  expect(digestA.derived).toEqual({ ok: true, problems: [] });
  expect(digestB.derived).toEqual({ ok: true, problems: [] });
  expect(digestB.tables).toEqual(digestA.tables);
  // Each desk numbers its own receipts: two series, no number shared.
  const receipts = a.store.all<{ number: string }>(sql`SELECT number FROM receipts ORDER BY number`).map((r) => r.number);
  expect(new Set(receipts).size).toBe(3);

  // B is revoked at the hub: what it does now goes nowhere; what it did stays everywhere.
  const hubDeskB = async () => (await office.store.journal.listDesks(office.org)).find((d) => d.id === deskB);
  expect(await office.store.journal.revokeDesk(office.org, deskB, Date.now())).not.toBeNull();
  const heldBefore = count(a, sql`SELECT count(*) AS n FROM office_entries WHERE desk = ${deskB}`);
  await must(b.core, 'products:create', { requestId: rid('prd'), product: { type: 'course', name: 'After revocation', price: 10_00, currency: 'USD' } }, adminB);
  b.core.services.officeLink.kick();
  await until(async () => (await must(b.core, 'office:status', {}, adminB)).stopped !== null, 30_000, 'desk B to stop');
  expect((await must(b.core, 'office:status', {}, adminB)).stopped).toMatch(/no longer accepts this desk/);
  expect(b.core.services.office.unsentCount()).toBeGreaterThan(0);
  await expect(must(a, 'office:syncNow', {}, adminA)).resolves.toBeDefined();
  expect(count(a, sql`SELECT count(*) AS n FROM office_entries WHERE desk = ${deskB}`)).toBe(heldBefore);
  expect(count(a, sql`SELECT count(*) AS n FROM products WHERE name = 'After revocation'`)).toBe(0);
  expect(count(a, sql`SELECT count(*) AS n FROM payments WHERE id = ${atB.id}`)).toBe(1);
  expect((await hubDeskB())?.revokedAt).not.toBeNull();
  expect(await must(a, 'ledger:verify', {}, adminA)).toMatchObject({ ok: true });
  expect(await must(a, 'audit:verify', {}, adminA)).toMatchObject({ ok: true });
}, 180_000);
