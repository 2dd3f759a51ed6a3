import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk, makeOffice, pullOnly, settle } from '../../support/office/threeDesks';
import { enroll, openDrawer } from '../cashier/fixtures';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

async function office() {
  const o = await makeOffice(3);
  cleanup.push(o.dispose);
  return o;
}

const credit = (d: OfficeDesk, payerId: string) =>
  (d.core.store.raw.prepare(`SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE account = 'credit' AND payer_id = ?`).get(payerId) as { n: number }).n;
const paidOn = (d: OfficeDesk, enrollmentId: string) =>
  (d.core.store.raw.prepare('SELECT paid_amount AS paid FROM schedule_items WHERE enrollment_id = ? ORDER BY seq').all(enrollmentId) as { paid: number }[]).map((r) => r.paid);

describe('a payment for an enrollment another desk cancelled meanwhile', () => {
  async function scene() {
    const o = await office();
    const [b, c] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment, payerId } = await enroll(o.a);
    settle(o.hub, o.desks);
    await openDrawer(o.a);
    await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
    // Both offline: A cancels the enrollment, B takes 100.00 for it.
    await o.a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'moved away' });
    const pay = () => invokeOk<{ id: string }>(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD' }, o.a.cashier);
    return { ...o, b, c, enrollment, payerId, pay };
  }

  it('is kept, its money becomes payer credit by adjustment rows, flagged, alike on three desks (cancellation first in the order)', async () => {
    const s = await scene();
    const paid = await s.pay();
    s.hub.push(s.a);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(d.core.store.raw.prepare('SELECT status FROM payments WHERE id = ?').get(paid.id)).toEqual({ status: 'completed' });
      expect(credit(d, s.payerId)).toBe(100_00);
      expect(paidOn(d, s.enrollment.id)).toEqual([0, 0, 0]);
      expect(d.core.store.raw.prepare(`SELECT account, amount FROM ledger_entries WHERE event = 'adjustment' ORDER BY amount`).all())
        .toEqual([{ account: 'allocated', amount: -100_00 }, { account: 'credit', amount: 100_00 }]);
      const flagged = await invokeOk<{ conflicts: { kind: string; entityId: string; detail: unknown }[] }>(d.core, 'office:conflicts', { open: true }, s.a.admin);
      expect(flagged.conflicts).toEqual([expect.objectContaining({ kind: 'payment_on_cancelled_enrollment', entityId: paid.id, detail: { enrollmentId: s.enrollment.id, toCredit: 100_00, currency: 'USD' } })]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('is moved the same way when the payment is first in the order and the cancellation later', async () => {
    const s = await scene();
    const paid = await s.pay();
    s.hub.push(s.b.core);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(credit(d, s.payerId)).toBe(100_00);
      expect(paidOn(d, s.enrollment.id)).toEqual([0, 0, 0]);
      expect(d.core.store.raw.prepare('SELECT rule, payment_id AS paymentId, amount FROM office_adjustments').all()).toEqual([{ rule: 'cancelled_enrollment', paymentId: paid.id, amount: 100_00 }]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('voided after its desk learned of the move: the void gives the credit back, books identical everywhere', async () => {
    const s = await scene();
    const paid = await s.pay();
    s.hub.push(s.a);
    settle(s.hub, s.desks);
    expect(credit(s.b, s.payerId)).toBe(100_00);
    await invokeOk(s.b.core, 'payments:void', { requestId: rid('void'), paymentId: paid.id, reason: 'wrong enrollment' }, s.a.admin);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(credit(d, s.payerId)).toBe(0);
      expect(paidOn(d, s.enrollment.id)).toEqual([0, 0, 0]);
      expect(d.core.store.raw.prepare('SELECT status FROM payments WHERE id = ?').get(paid.id)).toEqual({ status: 'voided' });
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('voided before its desk knew of the cancellation (both offline): every desk ends with no credit and identical books', async () => {
    for (const first of ['a', 'b'] as const) {
      const s = await scene();
      const paid = await s.pay();
      await invokeOk(s.b.core, 'payments:void', { requestId: rid('void'), paymentId: paid.id, reason: 'taken twice' }, s.a.admin);
      s.hub.push(first === 'a' ? s.a : s.b.core);
      settle(s.hub, s.desks);
      for (const d of s.desks) {
        expect(credit(d, s.payerId), `credit on ${d.deskId}, ${first} first`).toBe(0);
        expect(paidOn(d, s.enrollment.id)).toEqual([0, 0, 0]);
      }
      await expectConverged(s.desks, s.a.admin, expect);
    }
  });

  it('voided after its desk learned of the cancellation but before the office ordered its payment: undone at once there, identical books', async () => {
    const s = await scene();
    const paid = await s.pay();
    s.hub.push(s.a);
    pullOnly(s.hub, s.b); // B learns of the cancellation; its payment is not yet in the order
    await invokeOk(s.b.core, 'payments:void', { requestId: rid('void'), paymentId: paid.id, reason: 'enrollment was cancelled' }, s.a.admin);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(credit(d, s.payerId)).toBe(0);
      expect(paidOn(d, s.enrollment.id)).toEqual([0, 0, 0]);
      // The move took money off the item the void (B's, not yet ordered) also released: at the void's
      // place every desk posts its provisional charge and gives all of it back (refundExcess.ts).
      expect(d.core.store.raw.prepare('SELECT rule, amount, undoes IS NOT NULL AS reversal FROM office_adjustments ORDER BY rule, reversal').all()).toEqual([
        { rule: 'cancelled_enrollment', amount: 100_00, reversal: 0 }, { rule: 'refund_excess', amount: 100_00, reversal: 0 }, { rule: 'refund_excess', amount: 100_00, reversal: 1 }, { rule: 'undo_on_void', amount: 100_00, reversal: 1 },
      ]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });
});

describe('two refunds of one payment at two desks that add up to more than the payment', () => {
  async function scene() {
    const o = await office();
    const [b, c] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00 }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } });
    await openDrawer(o.a);
    const paid = await o.a.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'T-1' }, o.a.cashier);
    settle(o.hub, o.desks);
    const refund = (d: OfficeDesk, amount: number) => invokeOk<{ refunds: { id: string }[] }>(d.core, 'refunds:create', {
      requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount, reason: 'Goodwill', split: [{ method: 'bank_transfer', amount, paymentId: paid.id, reference: 'R-1' }],
    }, o.a.admin);
    return { ...o, b, c, enrollment, payerId, paid, refund };
  }

  it('both are recorded, applying never throws, the payer owes the excess and the case is flagged, alike on three desks', async () => {
    for (const first of ['a', 'b'] as const) {
      const s = await scene();
      await s.refund(s.deskA, 60_00);
      await s.refund(s.b, 60_00);
      s.hub.push(first === 'a' ? s.a : s.b.core);
      settle(s.hub, s.desks);
      for (const d of s.desks) {
        const refunds = d.core.store.raw.prepare(`SELECT amount, status FROM refunds ORDER BY id`).all();
        expect(refunds, `refunds on ${d.deskId}`).toEqual([{ amount: 60_00, status: 'succeeded' }, { amount: 60_00, status: 'succeeded' }]);
        expect(paidOn(d, s.enrollment.id)).toEqual([0]);
        expect(credit(d, s.payerId), `balance on ${d.deskId}, ${first} first`).toBe(-20_00);
        const flagged = await invokeOk<{ conflicts: { kind: string; entityId: string; detail: unknown }[] }>(d.core, 'office:conflicts', { open: true }, s.a.admin);
        expect(flagged.conflicts).toEqual([expect.objectContaining({ kind: 'refunds_exceed_payment', entityId: s.paid.id, detail: expect.objectContaining({ owed: 20_00, currency: 'USD', payerId: s.payerId }) })]);
      }
      await expectConverged(s.desks, s.a.admin, expect);
    }
  });

  it('a later payment settles what the payer owes', async () => {
    const s = await scene();
    await s.refund(s.deskA, 100_00);
    await s.refund(s.b, 30_00);
    settle(s.hub, s.desks);
    expect(credit(s.c, s.payerId)).toBe(-30_00);
    // Collect: a payment of the whole item again plus what is owed; the excess over the item goes to credit.
    await invokeOk(s.c.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 10_00 }, s.a.cashier);
    await invokeOk(s.c.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: s.enrollment.id, method: 'cash', amount: 130_00, currency: 'USD' }, s.a.cashier);
    settle(s.hub, s.desks);
    for (const d of s.desks) expect(credit(d, s.payerId)).toBe(0);
    await expectConverged(s.desks, s.a.admin, expect);
  });
});

describe('values unique across the office made at two desks', () => {
  it('a username, a payer external id and a product external id: the later in office order is suffixed and flagged, alike on three desks', async () => {
    for (const first of ['a', 'b'] as const) {
      const o = await office();
      const b = o.others[0] as OfficeDesk;
      const onA = {
        user: await o.a.ok('users:create', { requestId: rid('usr'), username: 'maria', displayName: 'Maria at A', role: 'cashier', password: '1234' }),
        payer: await o.a.ok('payers:create', { requestId: rid('pyr'), payer: { name: 'Ana Lima', externalId: 'SIS-42' } }),
        product: await o.a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Clay', price: 90_00, currency: 'USD', externalId: 'CRS-7' } }),
      };
      const onB = {
        user: await invokeOk<{ id: string }>(b.core, 'users:create', { requestId: rid('usr'), username: 'maria', displayName: 'Maria at B', role: 'cashier', password: '5678' }, o.a.admin),
        payer: await invokeOk<{ id: string }>(b.core, 'payers:create', { requestId: rid('pyr'), payer: { name: 'Ana B. Lima', externalId: 'SIS-42' } }, o.a.admin),
        product: await invokeOk<{ id: string }>(b.core, 'products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Clay B', price: 95_00, currency: 'USD', externalId: 'CRS-7' } }, o.a.admin),
      };
      o.hub.push(first === 'a' ? o.a : b.core);
      settle(o.hub, o.desks);
      const [kept, renamed] = first === 'a' ? [onA, onB] : [onB, onA];
      for (const d of o.desks) {
        const q = (sql: string, id: string) => d.core.store.raw.prepare(sql).get(id) as { v: string };
        expect(q('SELECT username AS v FROM users WHERE id = ?', kept.user.id).v).toBe('maria');
        expect(q('SELECT username AS v FROM users WHERE id = ?', renamed.user.id).v).toMatch(/^maria-[0-9a-f]{6}$/);
        expect(q('SELECT external_id AS v FROM payers WHERE id = ?', kept.payer.id).v).toBe('SIS-42');
        expect(q('SELECT external_id AS v FROM payers WHERE id = ?', renamed.payer.id).v).toMatch(/^SIS-42-[0-9a-f]{6}$/);
        expect(q('SELECT external_id AS v FROM products WHERE id = ?', renamed.product.id).v).toMatch(/^CRS-7-[0-9a-f]{6}$/);
        const flagged = await invokeOk<{ conflicts: { kind: string; entityId: string }[] }>(d.core, 'office:conflicts', { open: true }, o.a.admin);
        expect(flagged.conflicts.filter((c) => c.kind === 'duplicate_value').map((c) => c.entityId).sort()).toEqual([renamed.user.id, renamed.payer.id, renamed.product.id].sort());
      }
      await expectConverged(o.desks, o.a.admin, expect);
      // The renamed user signs in under the new name at any desk.
      const renamedName = (o.a.store.raw.prepare('SELECT username FROM users WHERE id = ?').get(renamed.user.id) as { username: string }).username;
      expect((b.core.store.raw.prepare('SELECT count(*) AS n FROM users WHERE username = ?').get(renamedName) as { n: number }).n).toBe(1);
    }
  });

  it('two desks replace the plan rules at once: the later list wins on every desk, flagged', async () => {
    for (const first of ['a', 'b'] as const) {
      const o = await office();
      const b = o.others[0] as OfficeDesk;
      await o.a.ok('plans:setRules', { requestId: rid('rules'), rules: [{ name: 'Programs in installments', productType: 'program', planKind: 'installments', payerChoiceAllowed: false }] });
      settle(o.hub, o.desks);
      await o.a.ok('plans:setRules', { requestId: rid('rules'), rules: [{ name: 'A: courses in full', productType: 'course', planKind: 'full', payerChoiceAllowed: true }] });
      await invokeOk(b.core, 'plans:setRules', { requestId: rid('rules'), rules: [
        { name: 'B: programs by subscription', productType: 'program', planKind: 'subscription', payerChoiceAllowed: false },
        { name: 'B: courses in installments', productType: 'course', planKind: 'installments', payerChoiceAllowed: true },
      ] }, o.a.admin);
      o.hub.push(first === 'a' ? o.a : b.core);
      settle(o.hub, o.desks);
      const later = first === 'a' ? ['B: programs by subscription', 'B: courses in installments'] : ['A: courses in full'];
      for (const d of o.desks) {
        expect((d.core.store.raw.prepare('SELECT name FROM plan_rules ORDER BY position').all() as { name: string }[]).map((r) => r.name), `rules on ${d.deskId}`).toEqual(later);
        const flagged = await invokeOk<{ conflicts: { kind: string }[] }>(d.core, 'office:conflicts', { open: true }, o.a.admin);
        expect(flagged.conflicts.map((c) => c.kind)).toEqual(['plan_rules_replaced']);
      }
      await expectConverged(o.desks, o.a.admin, expect);
    }
  });
});

describe('office:resolveConflict', () => {
  it('marks a flagged conflict resolved with a note on every desk, once, audited, in words without ids', async () => {
    const o = await office();
    const [b, c] = o.others as [OfficeDesk, OfficeDesk];
    const { enrollment } = await enroll(o.a);
    settle(o.hub, o.desks);
    await o.a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'moved away' });
    await invokeOk(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'T-9' }, o.a.cashier);
    o.hub.push(o.a);
    settle(o.hub, o.desks);
    type View = { id: string; kind: string; payerName: string | null; productName: string | null; amount: number | null; currency: string | null; resolvedAt: string | null; resolution: { note: string; by: string | null } | null };
    const [flag] = (await invokeOk<{ conflicts: View[] }>(c.core, 'office:conflicts', { open: true }, o.a.admin)).conflicts;
    expect(flag).toMatchObject({ kind: 'payment_on_cancelled_enrollment', payerName: expect.any(String), productName: expect.any(String), amount: 100_00, currency: 'USD', resolution: null });

    const requestId = rid('resolve');
    const input = { requestId, conflictId: flag?.id, note: 'Refunded the transfer to the family' };
    const done = await invokeOk<View>(c.core, 'office:resolveConflict', input, o.a.admin);
    expect(done.resolution).toMatchObject({ note: 'Refunded the transfer to the family' });
    // The same request again is the same answer, and writes nothing more.
    expect(await invokeOk<View>(c.core, 'office:resolveConflict', input, o.a.admin)).toEqual(done);
    const again = await c.core.invoke('office:resolveConflict', { ...input, requestId: rid('resolve') }, o.a.admin);
    expect(again.ok ? null : again.error.message).toMatch(/already resolved/);
    const unknown = await c.core.invoke('office:resolveConflict', { requestId: rid('resolve'), conflictId: 'cf_nothing', note: 'x' }, o.a.admin);
    expect(unknown.ok ? null : unknown.error.message).toMatch(/not listed/);
    expect(c.core.store.raw.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'office.conflict.resolve'`).get()).toEqual({ n: 1 });

    settle(o.hub, o.desks);
    for (const d of o.desks) {
      expect((await invokeOk<{ conflicts: View[] }>(d.core, 'office:conflicts', { open: true }, o.a.admin)).conflicts, `open on ${d.deskId}`).toEqual([]);
      const all = (await invokeOk<{ conflicts: View[] }>(d.core, 'office:conflicts', { open: false }, o.a.admin)).conflicts;
      expect(all).toEqual([expect.objectContaining({ id: flag?.id, resolution: expect.objectContaining({ note: 'Refunded the transfer to the family' }) })]);
    }
    await expectConverged(o.desks, o.a.admin, expect);
  });
});

describe('a void that knew of one move of its payment but not of a later one', () => {
  it('undoes only the move it did not know (ids vary run to run, so three offices), books identical', async () => {
    for (let round = 0; round < 3; round += 1) {
      const o = await office();
      const [b, c] = o.others as [OfficeDesk, OfficeDesk];
      const { enrollment, payerId } = await enroll(o.a, { product: { price: 200_00 }, terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 2, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } });
      for (const d of [b, c]) await invokeOk(d.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
      settle(o.hub, o.desks);
      const pay = (d: OfficeDesk, amount: number) => invokeOk<{ id: string }>(d.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount, currency: 'USD' }, o.a.cashier);
      // All offline: C pays 60.00 and B 70.00 on the first installment; A cancels the enrollment, seeing neither.
      await pay(c, 60_00);
      const pB = await pay(b, 70_00);
      await o.a.ok('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'moved away' });
      // The order: C's payment, B's (30.00 of it moves to the second installment), which B learns;
      // then A's cancellation (both payments' money to credit), which B does not know when it voids.
      o.hub.push(c.core);
      o.hub.push(b.core);
      pullOnly(o.hub, b);
      o.hub.push(o.a);
      await invokeOk(b.core, 'payments:void', { requestId: rid('void'), paymentId: pB.id, reason: 'taken twice' }, o.a.admin);
      settle(o.hub, o.desks);
      for (const d of o.desks) {
        expect(paidOn(d, enrollment.id), `items on ${d.deskId}, round ${round}`).toEqual([0, 0]);
        // B's 70.00 went back in cash; C's 60.00 is the payer's credit.
        expect(credit(d, payerId), `credit on ${d.deskId}, round ${round}`).toBe(60_00);
        // The cancellation's moves (one per installment) are undone; the same-item move the void knew is not.
        expect(d.core.store.raw.prepare(`SELECT DISTINCT a.rule FROM office_adjustments u JOIN office_adjustments a ON a.id = u.undoes WHERE u.rule = 'undo_on_void'`).all(), `undone on ${d.deskId}`)
          .toEqual([{ rule: 'cancelled_enrollment' }]);
      }
      await expectConverged(o.desks, o.a.admin, expect);
    }
  });
});
