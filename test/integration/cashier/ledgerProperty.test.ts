import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../../shared/contract';
import type { RefundProposal } from '../../../shared/contract/refunds';
import type { AppErrorData } from '../../../shared/result';
import { recordCardPayment } from '../../../electron/services/payments/cardPayments';
import { markRefundFailed, markRefundSucceeded } from '../../../electron/services/refunds/stripeRefunds';
import { rid } from '../../support/core';
import { enroll, makeCashierCore, moneySnapshot, rows } from './fixtures';
import type { CashierCore } from './fixtures';

const Amount = fc.integer({ min: 1, max: 250_00 });
// Payments weigh most: every other operation needs money on the books to do anything.
const Op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('pay' as const), enr: fc.nat(2), method: fc.constantFrom('cash', 'check', 'bank_transfer', 'card_terminal', 'credit', 'card'), amount: Amount, useCredit: fc.boolean(), pick: fc.option(fc.nat(2)) }) },
  fc.record({ op: fc.constant('void' as const), nth: fc.nat(20) }),
  fc.record({ op: fc.constant('refund' as const), enr: fc.nat(2), amount: Amount, toCredit: fc.boolean() }),
  fc.record({ op: fc.constant('cancel' as const), enr: fc.nat(2), override: fc.option(Amount), toCredit: fc.boolean() }),
  fc.record({ op: fc.constant('settle' as const), nth: fc.nat(10), ok: fc.boolean() }),
  fc.record({ op: fc.constant('payout' as const), amount: Amount }),
  fc.record({ op: fc.constant('drawer' as const), delta: fc.integer({ min: -10_00, max: 10_00 }) }),
  fc.record({ op: fc.constant('move' as const), kind: fc.constantFrom('paid_in' as const, 'paid_out' as const), amount: Amount }),
);
type Op = typeof Op extends fc.Arbitrary<infer T> ? T : never;

/** Fills the check numbers a proposed split still needs. */
const linesOf = (split: RefundProposal['split']): NonNullable<InputOf<'refunds:create'>['split']> =>
  split.map((l, n) => ({ method: l.method, amount: l.amount, ...(l.paymentId ? { paymentId: l.paymentId } : {}), ...(l.needs.includes('checkNumber') ? { checkNumber: `CHK-${n}` } : {}) }));

/** Successful operations by kind over all runs, so the property provably exercised each path. */
const seen = new Map<string, number>();

async function run(core: CashierCore, enrollments: { id: string; payerId: string; items: { id: string }[] }[], ops: Op[]): Promise<void> {
  let cards = 0;
  let current = '';
  const accepted = (r: { ok: true } | { ok: false; error: AppErrorData }, before: string) => {
    if (r.ok) {
      seen.set(current, (seen.get(current) ?? 0) + 1);
      return;
    }
    // A refusal is a typed, expected error and leaves every money table as it was.
    expect(['VALIDATION', 'CONFLICT', 'NOT_FOUND'], r.error.message).toContain(r.error.code);
    expect(moneySnapshot(core)).toBe(before);
  };
  for (const o of ops) {
    const before = moneySnapshot(core);
    current = o.op === 'pay' ? `pay:${o.method}` : o.op;
    const e = enrollments[o.op === 'pay' || o.op === 'refund' || o.op === 'cancel' ? o.enr : 0];
    if (!e) continue;
    switch (o.op) {
      case 'pay': {
        if (o.method === 'card') {
          cards += 1;
          try {
            recordCardPayment(core.store, { paymentIntentId: `pi_${cards}`, chargeId: `ch_${cards}`, enrollmentId: e.id, amount: o.amount, currency: 'USD', receivedAt: core.clock.at }, { now: core.clock.at });
          } catch (error) {
            throw new Error(`a card payment must never be refused: ${(error as Error).message}`);
          }
          break;
        }
        const input: InputOf<'payments:recordManual'> = {
          requestId: rid('pay'), enrollmentId: e.id, method: o.method, currency: 'USD',
          // Credit is spent in small amounts, or it would rarely be there to spend.
          amount: o.method === 'credit' ? 1 + (o.amount % 30_00) : o.amount,
          ...(o.method === 'check' ? { check: { number: `${o.amount}` } } : {}),
          ...(o.method === 'bank_transfer' || o.method === 'card_terminal' ? { reference: 'ref' } : {}),
          ...(o.method === 'cash' ? { tendered: o.amount + 5_00 } : {}),
          ...(o.useCredit && o.method !== 'credit' ? { useCredit: true } : {}),
          ...(o.pick !== null && e.items[o.pick] ? { itemIds: [e.items[o.pick]?.id ?? ''] } : {}),
        };
        accepted(await core.invoke('payments:recordManual', input, core.cashier), before);
        break;
      }
      case 'void': {
        const ids = rows<{ id: string }>(core, 'SELECT id FROM payments ORDER BY id');
        const target = ids[o.nth % Math.max(1, ids.length)];
        if (target) accepted(await core.invoke('payments:void', { requestId: rid('void'), paymentId: target.id, reason: 'property' }, core.admin), before);
        break;
      }
      case 'refund': {
        const preview = await core.invoke('refunds:create', { requestId: rid('rp'), from: { kind: 'enrollment', enrollmentId: e.id }, amount: o.amount, reason: 'property', preview: true, toCredit: o.toCredit }, core.admin);
        if (!preview.ok) {
          accepted(preview, before);
          break;
        }
        const snap = moneySnapshot(core);
        accepted(await core.invoke('refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: e.id }, amount: o.amount, reason: 'property', split: linesOf(preview.value.proposal.split) }, core.admin), snap);
        break;
      }
      case 'cancel': {
        const decision = o.override === null ? {} : { amount: o.override, overrideReason: 'property override' };
        const preview = await core.invoke('enrollments:cancel', { requestId: rid('cp'), enrollmentId: e.id, reason: 'property', preview: true, toCredit: o.toCredit, ...decision }, core.admin);
        if (!preview.ok) {
          accepted(preview, before);
          break;
        }
        const snap = moneySnapshot(core);
        const split = preview.value.proposal.split.length > 0 ? { split: linesOf(preview.value.proposal.split) } : {};
        accepted(await core.invoke('enrollments:cancel', { requestId: rid('c'), enrollmentId: e.id, reason: 'property', ...decision, ...split }, core.admin), snap);
        break;
      }
      case 'settle': {
        const pending = rows<{ id: string }>(core, `SELECT id FROM refunds WHERE status = 'pending' ORDER BY rowid`);
        const target = pending[o.nth % Math.max(1, pending.length)];
        if (!target) break;
        if (o.ok) markRefundSucceeded(core.store, target.id, { id: `re_${target.id}` }, core.clock.at);
        else markRefundFailed(core.store, target.id, { reason: 'declined' }, core.clock.at);
        break;
      }
      case 'payout': {
        const payerId = enrollments[0]?.payerId ?? '';
        const amount = 1 + (o.amount % 30_00);
        accepted(await core.invoke('refunds:create', { requestId: rid('po'), from: { kind: 'credit', payerId, currency: 'USD' }, amount, reason: 'payout', split: [{ method: 'bank_transfer', amount }] }, core.admin), before);
        break;
      }
      case 'drawer': {
        const current = await core.ok('drawer:current', {});
        if (current.session) {
          const counted = Math.max(0, current.session.expectedCash + o.delta);
          accepted(await core.invoke('drawer:close', { requestId: rid('dc'), countedCash: counted, note: 'property count' }, core.cashier), before);
        } else {
          accepted(await core.invoke('drawer:open', { requestId: rid('do'), openingFloat: 50_00 }, core.cashier), before);
        }
        break;
      }
      case 'move':
        accepted(await core.invoke('drawer:move', { requestId: rid('mv'), kind: o.kind, amount: o.amount, reason: 'property' }, core.cashier), before);
        break;
    }
  }
}

describe('ledger property', () => {
  it('random payments, voids, refunds, cancellations, card refund outcomes and drawer work always pass ledger:verify with gap-free receipts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(Op, { minLength: 10, maxLength: 40, size: 'max' }), async (ops) => {
        const core = await makeCashierCore('2025-03-15');
        try {
          await core.ok('drawer:open', { requestId: rid(), openingFloat: 50_00 }, core.cashier);
          const a = await enroll(core, { product: { name: 'A', startDate: '2025-03-01', endDate: '2025-05-31' } });
          const b = await enroll(core, { payerId: a.payerId, product: { name: 'B', price: 200_00, startDate: '2025-04-01', refundPolicy: 'full' } });
          const c = await enroll(core, { product: { name: 'C', price: 150_00, refundPolicy: 'none' } });
          await run(core, [a, b, c].map((x) => ({ id: x.enrollment.id, payerId: x.payerId, items: x.items })), ops);
          const result = await core.ok('ledger:verify', {});
          expect(result.violations).toEqual([]);
          expect(result.ok).toBe(true);
          const receipts = rows<{ seq: number; number: string }>(core, 'SELECT seq, number FROM receipts ORDER BY seq');
          expect(receipts.map((r) => r.seq)).toEqual(receipts.map((_, i) => i + 1));
          expect(new Set(receipts.map((r) => r.number)).size).toBe(receipts.length);
          const payments = rows<{ n: number }>(core, 'SELECT count(*) AS n FROM payments')[0]?.n;
          expect(receipts.length).toBe(payments);
        } finally {
          core.dispose();
        }
      }),
      { numRuns: 25 },
    );
    console.info('property: successful operations by kind', Object.fromEntries([...seen].sort()));
    for (const kind of ['pay:cash', 'pay:check', 'pay:credit', 'void', 'refund', 'cancel', 'payout', 'drawer', 'move']) expect(seen.get(kind) ?? 0, kind).toBeGreaterThan(0);
  }, 240_000);

  it('ledger:verify names an item whose paid cache was edited outside the app', async () => {
    const core = await makeCashierCore('2025-03-15');
    try {
      const { enrollment, items } = await enroll(core);
      await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: enrollment.id, method: 'bank_transfer', amount: 120_00, currency: 'USD', reference: 'x' }, core.cashier);
      expect((await core.ok('ledger:verify', {})).ok).toBe(true);
      core.store.raw.prepare('UPDATE schedule_items SET paid_amount = paid_amount + 1 WHERE id = ?').run(items[1]?.id);
      core.store.raw.prepare(`UPDATE receipts SET seq = 7 WHERE number = 'DESK1-000001'`).run();
      const result = await core.ok('ledger:verify', {});
      expect(result.ok).toBe(false);
      expect(result.violations).toEqual(expect.arrayContaining([
        expect.objectContaining({ check: 'item', entityType: 'schedule_item', entityId: items[1]?.id }),
        expect.objectContaining({ check: 'receipts', entityType: 'desk', entityId: 'DESK1' }),
      ]));
    } finally {
      core.dispose();
    }
  });
});
