import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk, makeOffice, pullOnly, settle } from '../../support/office/threeDesks';
import { enroll, openDrawer } from '../cashier/fixtures';

/**
 * Late fees posted at two desks before either hears of the other's: the same overdue item's
 * fee is one fee on every desk (both posts audited), and fees for different items of one
 * enrollment each keep a number of their own. Before, the later entry in the office order
 * broke a unique index and stopped every desk that received it.
 */
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

async function scene() {
  const o = await makeOffice(3);
  cleanup.push(o.dispose);
  const [b, c] = o.others as [OfficeDesk, OfficeDesk];
  // Three monthly installments of 100.00 from Mar 15; a 15.00 fee 5 days past due.
  const { enrollment, items, payerId } = await enroll(o.a, { planOver: { name: 'Monthly with fee', lateFee: { amount: 15_00, graceDays: 5 } } });
  settle(o.hub, o.desks);
  o.a.setToday('2025-05-01'); // Mar 15 and Apr 15 are overdue past the grace days
  const ids = items.map((i) => i.id);
  const post = (d: OfficeDesk['core'], itemId: string, reason: string) =>
    invokeOk<{ fee: { id: string; seq: number } }>(d, 'schedules:postLateFee', { requestId: rid('fee'), itemId, reason }, o.a.admin);
  return { ...o, b, c, enrollment, payerId, ids, post };
}

/**
 * A and B post the fee for March, C posts `cReason` on `cItem`. The office orders B's, then C's,
 * and A hears of both while its own post is not yet in the order; then everyone settles.
 */
async function aHearsOfBThenCBeforeItsOwn(s: Awaited<ReturnType<typeof scene>>, cItem: string, cReason: string) {
  await s.post(s.a, s.ids[0] ?? '', 'A March');
  await s.post(s.b.core, s.ids[0] ?? '', 'B March');
  await s.post(s.c.core, cItem, cReason);
  s.hub.push(s.b.core);
  s.hub.push(s.c.core);
  pullOnly(s.hub, s.deskA);
  settle(s.hub, s.desks);
}

type Fee = { id: string; seq: number; fee_for_item_id: string; amount: number; state_reason: string; paid_amount: number };
const fees = (d: OfficeDesk, enrollmentId: string) =>
  d.core.store.raw.prepare(`SELECT id, seq, fee_for_item_id, amount, state_reason, paid_amount FROM schedule_items WHERE enrollment_id = ? AND kind = 'late_fee' ORDER BY seq`).all(enrollmentId) as Fee[];
const seqs = (d: OfficeDesk, enrollmentId: string) =>
  (d.core.store.raw.prepare('SELECT seq FROM schedule_items WHERE enrollment_id = ? ORDER BY seq').all(enrollmentId) as { seq: number }[]).map((r) => r.seq);
const postAudits = (d: OfficeDesk) =>
  (d.core.store.raw.prepare(`SELECT count(*) AS n FROM (SELECT action FROM audit_log UNION ALL SELECT action FROM office_audit_log) WHERE action = 'schedule_item.post_late_fee'`).get() as { n: number }).n;

describe('late fees posted at two desks at once', () => {
  it('the same overdue item: one fee on every desk, the first in the office order, both posts audited', async () => {
    for (const first of ['a', 'b'] as const) {
      const s = await scene();
      const atA = await s.post(s.a, s.ids[0] ?? '', 'Posted at the front desk');
      const atB = await s.post(s.b.core, s.ids[0] ?? '', 'Posted in the back office');
      expect(atB.fee.id).toBe(atA.fee.id);
      s.hub.push(first === 'a' ? s.a : s.b.core);
      settle(s.hub, s.desks);
      const reason = first === 'a' ? 'Posted at the front desk' : 'Posted in the back office';
      for (const d of s.desks) {
        expect(fees(d, s.enrollment.id), `${d.deskId}, ${first} first`).toEqual([{ id: atA.fee.id, seq: 4, fee_for_item_id: s.ids[0], amount: 15_00, state_reason: reason, paid_amount: 0 }]);
        expect(postAudits(d)).toBe(2);
      }
      await expectConverged(s.desks, s.a.admin, expect);
    }
  });

  it('different items of one enrollment: two fees, each with a number of its own, alike everywhere', async () => {
    for (const first of ['a', 'b'] as const) {
      const s = await scene();
      await s.post(s.a, s.ids[0] ?? '', 'March');
      await s.post(s.b.core, s.ids[1] ?? '', 'April');
      s.hub.push(first === 'a' ? s.a : s.b.core);
      settle(s.hub, s.desks);
      const order = first === 'a' ? [s.ids[0], s.ids[1]] : [s.ids[1], s.ids[0]];
      for (const d of s.desks) {
        expect(fees(d, s.enrollment.id).map((f) => [f.seq, f.fee_for_item_id]), `${d.deskId}, ${first} first`).toEqual([[4, order[0]], [5, order[1]]]);
        expect(seqs(d, s.enrollment.id)).toEqual([1, 2, 3, 4, 5]);
      }
      await expectConverged(s.desks, s.a.admin, expect);
    }
  });

  it('a desk that posted two fees and learns of an earlier one for the second item renumbers its own alike', async () => {
    const s = await scene();
    await s.post(s.b.core, s.ids[0] ?? '', 'B March');
    await s.post(s.b.core, s.ids[1] ?? '', 'B April');
    await s.post(s.a, s.ids[1] ?? '', 'A April');
    s.hub.push(s.a);
    pullOnly(s.hub, s.b); // B learns of A's fee while its own two are not yet in the order
    expect(fees(s.b, s.enrollment.id).map((f) => [f.seq, f.fee_for_item_id, f.state_reason])).toEqual([[4, s.ids[1], 'A April'], [5, s.ids[0], 'B March']]);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      expect(fees(d, s.enrollment.id).map((f) => [f.seq, f.fee_for_item_id, f.state_reason]), d.deskId).toEqual([[4, s.ids[1], 'A April'], [5, s.ids[0], 'B March']]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('a desk whose own fee an earlier post took keeps it where the office placed it when a later item of the enrollment arrives', async () => {
    // B's fee for March comes first in the office order, then C's fee for April, then A's own
    // post of the same March fee. A learns of B's and C's while its own is not yet in the order:
    // its March fee is B's row by then (in B's place), so C's takes the next number on A too.
    const s = await scene();
    await aHearsOfBThenCBeforeItsOwn(s, s.ids[1] ?? '', 'C April');
    for (const d of s.desks) {
      expect(fees(d, s.enrollment.id).map((f) => [f.seq, f.fee_for_item_id, f.state_reason]), d.deskId).toEqual([[4, s.ids[0], 'B March'], [5, s.ids[1], 'C April']]);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('three desks post the same fee: a desk whose own post is not yet in the order keeps the first, not the second that reaches it', async () => {
    const s = await scene();
    await aHearsOfBThenCBeforeItsOwn(s, s.ids[0] ?? '', 'C March');
    for (const d of s.desks) expect(fees(d, s.enrollment.id).map((f) => [f.seq, f.fee_for_item_id, f.state_reason]), d.deskId).toEqual([[4, s.ids[0], 'B March']]);
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('a fee paid at both desks that posted it, before either knew: one fee, both payments on it, the excess moved on', async () => {
    const s = await scene();
    await openDrawer(s.a);
    await invokeOk(s.b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, s.a.cashier);
    const fee = (await s.post(s.a, s.ids[0] ?? '', 'A')).fee;
    await s.post(s.b.core, s.ids[0] ?? '', 'B');
    const pay = (d: OfficeDesk['core']) => invokeOk(d, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: s.enrollment.id, method: 'cash', amount: 10_00, currency: 'USD', itemIds: [fee.id] }, s.a.cashier);
    await pay(s.a);
    await pay(s.b.core);
    s.hub.push(s.a);
    settle(s.hub, s.desks);
    for (const d of s.desks) {
      const [held] = fees(d, s.enrollment.id);
      expect(held).toMatchObject({ id: fee.id, seq: 4, state_reason: 'A' });
      // 15.00 owed, 20.00 paid at two desks: the same-item rule moves the later 5.00 on.
      expect(held?.paid_amount).toBe(15_00);
    }
    await expectConverged(s.desks, s.a.admin, expect);
  });

  it('a fee the later desk waived before it knew of the earlier post: one fee, the earlier post\'s values, the waiver kept', async () => {
    for (const first of ['a', 'b'] as const) {
      const s = await scene();
      const fee = (await s.post(s.a, s.ids[0] ?? '', 'A')).fee;
      await s.post(s.b.core, s.ids[0] ?? '', 'B');
      await invokeOk(s.b.core, 'schedules:waive', { requestId: rid('waive'), itemId: fee.id, reason: 'Waived: family hardship' }, s.a.admin);
      s.hub.push(first === 'a' ? s.a : s.b.core);
      settle(s.hub, s.desks);
      for (const d of s.desks) {
        expect(d.core.store.raw.prepare('SELECT state, state_reason AS reason, seq FROM schedule_items WHERE id = ?').get(fee.id), `${d.deskId}, ${first} first`)
          .toEqual({ state: 'waived', reason: 'Waived: family hardship', seq: 4 });
      }
      await expectConverged(s.desks, s.a.admin, expect);
    }
  });

  it('the automatic rule running at two desks posts each fee once', async () => {
    const s = await scene();
    for (const d of [s.a, s.b.core]) await invokeOk(d, 'schedules:postDueLateFees', { requestId: rid('due') }, s.a.admin);
    settle(s.hub, s.desks);
    for (const d of s.desks) expect(fees(d, s.enrollment.id).map((f) => f.fee_for_item_id).sort()).toEqual([s.ids[0], s.ids[1]].sort());
    await expectConverged(s.desks, s.a.admin, expect);
  });
});
