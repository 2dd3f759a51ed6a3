import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk, makeOffice, pullOnly, settle } from '../../support/office/threeDesks';
import { enroll, openDrawer } from '../cashier/fixtures';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const flags = (d: OfficeDesk) =>
  (d.core.store.raw.prepare('SELECT kind, entity_id AS entityId FROM office_conflicts ORDER BY kind, entity_id').all() as { kind: string; entityId: string }[]);
const credit = (d: OfficeDesk, payerId: string) =>
  (d.core.store.raw.prepare(`SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE account = 'credit' AND payer_id = ?`).get(payerId) as { n: number }).n;

// Found by the office simulator (seed 20261202): one desk flagged one more payment on a
// cancelled enrollment than the others. Which cancellation a payment is weighed against was
// the first one the desk had indexed: the desk with its own cancellation pending held its own,
// every other desk the earlier one in the office order.
describe('a payment weighed against the cancellation the office order puts first', () => {
  it('a desk cancelling unaware of a payment that the first cancellation knew flags nothing more than the others', { timeout: 120_000 }, async () => {
    const o = await makeOffice(3);
    cleanup.push(o.dispose);
    const [b, c] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00 }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } });
    settle(o.hub, o.desks);
    await invokeOk(c.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
    // B goes offline. C takes 100.00; A learns of it and cancels with the full refund.
    const paid = await invokeOk<{ id: string }>(c.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'T-1' }, o.a.cashier);
    o.hub.push(c.core);
    pullOnly(o.hub, o.deskA);
    await o.a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Moved away' });
    o.hub.push(o.a);
    // B, knowing neither, cancels too (nothing paid as far as it knows: no refund).
    await invokeOk(b.core, 'enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Moved away' }, o.a.admin);
    settle(o.hub, o.desks);
    for (const d of o.desks) {
      // The first cancellation in the order knew the payment: it is no conflict; only the two cancellations are.
      expect(flags(d), `flags on ${d.deskId}`).toEqual([expect.objectContaining({ kind: 'double_cancellation' })]);
      expect(credit(d, payerId), `credit on ${d.deskId}`).toBe(0);
      expect(d.core.store.raw.prepare('SELECT status FROM payments WHERE id = ?').get(paid.id)).toEqual({ status: 'completed' });
    }
    await expectConverged(o.desks, o.a.admin, expect);
  });

  it('a payment the cancelling desk took itself is no conflict, even when the office orders both after what that desk had seen', { timeout: 120_000 }, async () => {
    const o = await makeOffice(3);
    cleanup.push(o.dispose);
    const [b] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00, refundPolicy: 'none' }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } });
    settle(o.hub, o.desks);
    await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
    // B, offline, takes 100.00 and then cancels (the product refunds nothing: the money stays on the item).
    await invokeOk(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD' }, o.a.cashier);
    await invokeOk(b.core, 'enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Moved away' }, o.a.admin);
    settle(o.hub, o.desks);
    for (const d of o.desks) {
      expect(flags(d), `flags on ${d.deskId}`).toEqual([]);
      expect(credit(d, payerId), `credit on ${d.deskId}`).toBe(0);
      expect(d.core.store.raw.prepare('SELECT count(*) AS n FROM office_adjustments').get()).toEqual({ n: 0 });
    }
    await expectConverged(o.desks, o.a.admin, expect);
  });
});

// Found by the office fuzz (officeFuzz.test.ts, seeds 3 and 6, then seed 2).
describe('same-item excesses and voids around a cancellation the office has not ordered yet', () => {
  it('an excess goes to the next item on every desk, also where that desk\'s own pending cancellation has cancelled the item', { timeout: 120_000 }, async () => {
    const o = await makeOffice(3);
    cleanup.push(o.dispose);
    const [b, c] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment } = await enroll(o.a, { product: { price: 300_00, refundPolicy: 'none' } });
    settle(o.hub, o.desks);
    const first = (o.a.store.raw.prepare('SELECT id FROM schedule_items WHERE enrollment_id = ? ORDER BY seq LIMIT 1').get(enrollment.id) as { id: string }).id;
    await openDrawer(o.a);
    await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
    // A and B pay the first installment, each unaware of the other; C cancels, unaware of both.
    await o.a.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD', itemIds: [first] }, o.a.cashier);
    await invokeOk(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 80_00, currency: 'USD', itemIds: [first] }, o.a.cashier);
    await invokeOk(c.core, 'enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Moved away' }, o.a.admin);
    o.hub.push(o.a);
    o.hub.push(b.core);
    settle(o.hub, o.desks);
    for (const d of o.desks) {
      const moves = (d.core.store.raw.prepare(`SELECT moves_json AS m FROM office_adjustments WHERE rule = 'same_item_paid'`).all() as { m: string }[]).map((r) => JSON.parse(r.m) as { itemId: string | null }[]);
      expect(moves.map((m) => m.map((x) => x.itemId !== null)), `where the excess went on ${d.deskId}`).toEqual([[true]]);
    }
    await expectConverged(o.desks, o.a.admin, expect);
  });

  it('a void written before its desk knew of the excess, ordered after a cancellation that moves the payment to credit: no item below zero there', { timeout: 120_000 }, async () => {
    const o = await makeOffice(3);
    cleanup.push(o.dispose);
    const [b] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment, payerId } = await enroll(o.a, { product: { price: 300_00, refundPolicy: 'none' } });
    settle(o.hub, o.desks);
    const first = (o.a.store.raw.prepare('SELECT id FROM schedule_items WHERE enrollment_id = ? ORDER BY seq LIMIT 1').get(enrollment.id) as { id: string }).id;
    await openDrawer(o.a);
    await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
    // A pays the first installment and the office orders it; B, unaware, pays 80.00 on it and voids that at once.
    await o.a.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD', itemIds: [first] }, o.a.cashier);
    o.hub.push(o.a);
    const paid = await invokeOk<{ id: string }>(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 80_00, currency: 'USD', itemIds: [first] }, o.a.cashier);
    await invokeOk(b.core, 'payments:void', { requestId: rid('void'), paymentId: paid.id, reason: 'Keyed twice' }, o.a.admin);
    // Only B's payment (and its drawer's opening) reaches the office; B learns that its excess moved to the next item (and undoes that for its void).
    expect(o.hub.push(b.core, 2)).toBe(2);
    pullOnly(o.hub, b);
    // A, knowing only its own payment, cancels; the office orders that before B's void.
    expect(b.core.store.raw.prepare(`SELECT count(*) AS n FROM office_adjustments WHERE rule = 'undo_on_void'`).get()).toEqual({ n: 1 });
    await o.a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Moved away' });
    o.hub.push(o.a);
    settle(o.hub, o.desks);
    for (const d of o.desks) {
      expect(d.core.store.raw.prepare('SELECT status FROM payments WHERE id = ?').get(paid.id)).toEqual({ status: 'voided' });
      expect(credit(d, payerId), `credit on ${d.deskId}`).toBe(0);
    }
    await expectConverged(o.desks, o.a.admin, expect);
  });
});
