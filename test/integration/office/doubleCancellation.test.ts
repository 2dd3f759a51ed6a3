import { afterEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import type { OfficeDesk } from '../../support/office/memoryHub';
import { expectConverged, invokeOk, makeOffice, settle } from '../../support/office/threeDesks';
import { enroll, openDrawer } from '../cashier/fixtures';

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

const credit = (d: OfficeDesk, payerId: string) =>
  (d.core.store.raw.prepare(`SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE account = 'credit' AND payer_id = ?`).get(payerId) as { n: number }).n;

// Found by the office simulator: two desks cancelling one enrollment made applying throw
// (UNIQUE cancellations.enrollment_id), and every desk stopped receiving at that entry.
describe('one enrollment cancelled at two desks at once', () => {
  it('both cancellations and their refunds stand, the payer owes what left twice, the later is flagged, alike on three desks', async () => {
    for (const first of ['a', 'b'] as const) {
      const o = await makeOffice(3);
      cleanup.push(o.dispose);
      const [b] = o.others as [OfficeDesk, OfficeDesk];
      const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00 }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } });
      await openDrawer(o.a);
      await o.a.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'T-1' }, o.a.cashier);
      settle(o.hub, o.desks);
      // Both offline: each desk cancels and refunds the whole 100.00 by transfer.
      const cancel = (d: OfficeDesk) => invokeOk<{ cancellationId: string }>(d.core, 'enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Moved away' }, o.a.admin);
      const atA = await cancel(o.deskA);
      const atB = await cancel(b);
      expect(await b.core.invoke('enrollments:cancel', { requestId: rid('cxl'), enrollmentId: enrollment.id, reason: 'Again' }, o.a.admin)).toMatchObject({ ok: false });
      o.hub.push(first === 'a' ? o.a : b.core);
      settle(o.hub, o.desks);
      for (const d of o.desks) {
        const rows = d.core.store.raw.prepare('SELECT id FROM cancellations WHERE enrollment_id = ? ORDER BY id').all(enrollment.id) as { id: string }[];
        expect(rows.map((r) => r.id).sort(), `cancellations on ${d.deskId}`).toEqual([atA.cancellationId, atB.cancellationId].sort());
        expect(d.core.store.raw.prepare('SELECT count(*) AS n FROM refunds').get()).toEqual({ n: 2 });
        expect(credit(d, payerId), `balance on ${d.deskId}, ${first} first`).toBe(-100_00);
        const flagged = await invokeOk<{ conflicts: { kind: string; payerName: string | null }[] }>(d.core, 'office:conflicts', { open: true }, o.a.admin);
        expect(flagged.conflicts.map((c) => c.kind).sort()).toEqual(['double_cancellation', 'refunds_exceed_payment']);
        expect(flagged.conflicts.find((c) => c.kind === 'double_cancellation')?.payerName).toBeTruthy();
        expect((await invokeOk<{ ok: boolean }>(d.core, 'ledger:verify', {}, o.a.admin)).ok).toBe(true);
      }
      await expectConverged(o.desks, o.a.admin, expect);
    }
  });
});

// Found by the office simulator: a cash payment voided at its desk while another desk refunded
// it took the item below zero where the second arrived (CHECK paid_amount >= 0), and every
// desk stopped receiving at that entry.
describe('a payment voided at its desk and refunded at another at once', () => {
  it('both stand, the payer owes what left twice, the case is flagged, alike on three desks', async () => {
    for (const first of ['a', 'b'] as const) {
      const o = await makeOffice(3);
      cleanup.push(o.dispose);
      const [b] = o.others as [OfficeDesk, OfficeDesk];
      const { enrollment, payerId } = await enroll(o.a, { product: { price: 100_00 }, terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } });
      settle(o.hub, o.desks);
      await invokeOk(b.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 50_00 }, o.a.cashier);
      const paid = await invokeOk<{ id: string }>(b.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 100_00, currency: 'USD' }, o.a.cashier);
      settle(o.hub, o.desks);
      // Both offline: B voids its cash payment, A refunds 40.00 of it by transfer.
      await invokeOk(b.core, 'payments:void', { requestId: rid('void'), paymentId: paid.id, reason: 'Keyed twice' }, o.a.admin);
      await o.a.ok('refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: enrollment.id }, amount: 40_00, reason: 'Goodwill', split: [{ method: 'bank_transfer', amount: 40_00, paymentId: paid.id, reference: 'R-1' }] });
      o.hub.push(first === 'a' ? o.a : b.core);
      settle(o.hub, o.desks);
      for (const d of o.desks) {
        expect(d.core.store.raw.prepare('SELECT status FROM payments WHERE id = ?').get(paid.id)).toEqual({ status: 'voided' });
        expect(d.core.store.raw.prepare('SELECT count(*) AS n FROM refunds').get()).toEqual({ n: 1 });
        expect(credit(d, payerId), `balance on ${d.deskId}, ${first} first`).toBe(-40_00);
        const flagged = await invokeOk<{ conflicts: { kind: string }[] }>(d.core, 'office:conflicts', { open: true }, o.a.admin);
        expect(flagged.conflicts.map((c) => c.kind)).toEqual(['refunds_exceed_payment']);
        expect((await invokeOk<{ ok: boolean }>(d.core, 'ledger:verify', {}, o.a.admin)).ok).toBe(true);
      }
      await expectConverged(o.desks, o.a.admin, expect);
    }
  });
});
