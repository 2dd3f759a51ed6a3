import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk, makeOffice, pullOnly, settle } from '../../support/office/threeDesks';
import { enroll, openDrawer } from '../cashier/fixtures';

// Both found by the office simulator (README → One office, many desks). A desk holds its own
// refunds before the office orders them, so another desk's release of the same item can take the
// item below zero there first; the rows that keep it at zero must be the same on every desk.

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const credit = (d: OfficeDesk, payerId: string) =>
  (d.core.store.raw.prepare(`SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE account = 'credit' AND payer_id = ?`).get(payerId) as { n: number }).n;
const paidOn = (d: OfficeDesk, enrollmentId: string) =>
  (d.core.store.raw.prepare('SELECT paid_amount AS paid FROM schedule_items WHERE enrollment_id = ? ORDER BY seq').all(enrollmentId) as { paid: number }[]).map((r) => r.paid);

/** An office with one enrollment of one 100.00 item, a drawer open at every desk. */
async function scene() {
  const o = await makeOffice(3);
  cleanup.push(o.dispose);
  const [b, c] = o.others as [OfficeDesk, OfficeDesk];
  const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00 }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } });
  await openDrawer(o.a);
  for (const d of [b, c]) await invokeOk(d.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
  const pay = (d: OfficeDesk, amount: number) => invokeOk<{ id: string }>(d.core, 'payments:recordManual', {
    requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount, currency: 'USD', reference: 'T-1',
  }, o.a.cashier);
  const refund = (d: OfficeDesk, amount: number, paymentId: string) => invokeOk(d.core, 'refunds:create', {
    requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount, reason: 'Goodwill', split: [{ method: 'bank_transfer', amount, paymentId, reference: 'R-1' }],
  }, o.a.admin);
  return { ...o, b, c, enrollment, payerId, pay, refund };
}

describe("a desk's own refund not yet in the office order, and another desk's release of the same item", () => {
  it('a cancellation elsewhere whose release a concurrent payment covered, then that payment moved to credit: the refunding desk keeps receiving, books identical', async () => {
    const s = await scene();
    const p1 = await s.pay(s.deskA, 60_00);
    settle(s.hub, s.desks);
    // All three offline: C pays the other 40.00; B refunds 60.00 of the first payment; A cancels,
    // refunding the 60.00 it sees.
    await s.pay(s.c, 40_00);
    await s.refund(s.b, 60_00, p1.id);
    await s.a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: s.enrollment.id, reason: 'Moved away', amount: 60_00, overrideReason: 'Agreed with the family', split: [{ method: 'bank_transfer', amount: 60_00, paymentId: p1.id, reference: 'R-2' }] });
    // The office orders C's payment, then A's cancellation (its release covered by C's 40.00, which
    // then goes to credit), then B's refund. B applies the first two while its refund waits.
    s.hub.push(s.c.core);
    s.hub.push(s.a);
    pullOnly(s.hub, s.b);
    s.hub.push(s.b.core);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(paidOn(d, s.enrollment.id), `item on ${d.deskId}`).toEqual([0]);
      // Paid 100.00, refunded 120.00: the payer owes 20.00.
      expect(credit(d, s.payerId), `balance on ${d.deskId}`).toBe(-20_00);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it("another desk's refund first, then a payment onto the item, then this desk's refund: no desk charges the payer, books identical", async () => {
    const s = await scene();
    const p1 = await s.pay(s.deskA, 100_00);
    settle(s.hub, s.desks);
    // A and B each refund 60.00 of the payment, offline.
    await s.refund(s.b, 60_00, p1.id);
    await s.refund(s.deskA, 60_00, p1.id);
    // A's refund is ordered first; B applies it while its own waits (the item would hold -20.00 there).
    s.hub.push(s.a);
    pullOnly(s.hub, s.b);
    pullOnly(s.hub, s.c);
    // C, having seen A's refund, pays the 60.00 the item lacks; then B's refund is ordered.
    await s.pay(s.c, 60_00);
    s.hub.push(s.c.core);
    s.hub.push(s.b.core);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      // Paid 160.00, refunded 120.00: the item holds 40.00 and the payer owes nothing.
      expect(paidOn(d, s.enrollment.id), `item on ${d.deskId}`).toEqual([40_00]);
      expect(credit(d, s.payerId), `balance on ${d.deskId}`).toBe(0);
      const flagged = await invokeOk<{ conflicts: { kind: string }[] }>(d.core, 'office:conflicts', { open: true }, s.a.admin);
      expect(flagged.conflicts, `conflicts on ${d.deskId}`).toEqual([]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('the same, with no payment in between: every desk charges the payer the 20.00 released twice, once', async () => {
    const s = await scene();
    const p1 = await s.pay(s.deskA, 100_00);
    settle(s.hub, s.desks);
    await s.refund(s.b, 60_00, p1.id);
    await s.refund(s.deskA, 60_00, p1.id);
    s.hub.push(s.a);
    pullOnly(s.hub, s.b);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(paidOn(d, s.enrollment.id)).toEqual([0]);
      expect(credit(d, s.payerId), `balance on ${d.deskId}`).toBe(-20_00);
      const flagged = await invokeOk<{ conflicts: { kind: string; detail: unknown }[] }>(d.core, 'office:conflicts', { open: true }, s.a.admin);
      expect(flagged.conflicts).toEqual([expect.objectContaining({ kind: 'refunds_exceed_payment', detail: expect.objectContaining({ owed: 20_00 }) })]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });
});

describe('a void at one desk and a refund at another of the money the same-item rule moved (found by the large office-sim run, seed 20261203)', () => {
  /** Two 50.00 installments; A and B each pay the first, offline. */
  async function twoItems() {
    const o = await makeOffice(3);
    cleanup.push(o.dispose);
    const [b, c] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00 }, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 2, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } });
    await openDrawer(o.a);
    await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
    settle(o.hub, o.desks);
    const pay = (d: OfficeDesk) => invokeOk<{ id: string }>(d.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 50_00, currency: 'USD' }, o.a.cashier);
    const pA = await pay(o.deskA);
    const pB = await pay(b);
    // The order takes A's payment first: B's 50.00 moves to the second installment.
    o.hub.push(o.a);
    o.hub.push(b.core);
    // A learns of the move and refunds 30.00 "of its own payment": the refund comes off the latest
    // paid installment, the second, whose money is B's payment's.
    pullOnly(o.hub, o.deskA);
    await invokeOk(o.a, 'refunds:create', {
      requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 30_00, reason: 'Goodwill', split: [{ method: 'cash', amount: 30_00, paymentId: pA.id }],
    }, o.a.admin);
    // B, before it knows of the move, voids its payment: it gives the whole 50.00 back.
    await invokeOk(b.core, 'payments:void', { requestId: rid('void'), paymentId: pB.id, reason: 'taken twice' }, o.a.admin);
    return { ...o, b, c, enrollment, payerId };
  }

  it('the refund ordered first: the voiding desk keeps receiving and every desk charges the payer the 30.00 given back twice', async () => {
    const s = await twoItems();
    s.hub.push(s.a);
    // B takes its payment's place (the move, and at once its void's undo of it), then A's refund.
    pullOnly(s.hub, s.b);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(paidOn(d, s.enrollment.id), `items on ${d.deskId}`).toEqual([50_00, 0]);
      // Taken 100.00, given back 50.00 (void) and 30.00 (refund): 20.00 kept, 50.00 on the items, owed 30.00.
      expect(credit(d, s.payerId), `balance on ${d.deskId}`).toBe(-30_00);
      const flagged = await invokeOk<{ conflicts: { kind: string; detail: unknown }[] }>(d.core, 'office:conflicts', { open: true }, s.a.admin);
      expect(flagged.conflicts.map((c) => c.kind).sort(), `conflicts on ${d.deskId}`).toEqual(['refunds_exceed_payment', 'same_item_paid']);
      expect(flagged.conflicts.find((c) => c.kind === 'refunds_exceed_payment')?.detail).toEqual(expect.objectContaining({ owed: 30_00 }));
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('the void ordered first: the refund then finds the installment empty, and the payer owes the same 30.00', async () => {
    const s = await twoItems();
    s.hub.push(s.b.core);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(paidOn(d, s.enrollment.id), `items on ${d.deskId}`).toEqual([50_00, 0]);
      expect(credit(d, s.payerId), `balance on ${d.deskId}`).toBe(-30_00);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });
});
