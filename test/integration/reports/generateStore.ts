import type { InputOf } from '../../../shared/contract';
import type { RefundProposal } from '../../../shared/contract/refunds';
import { recordCardPayment } from '../../../electron/services/payments/cardPayments';
import { markRefundFailed, markRefundSucceeded } from '../../../electron/services/refunds/stripeRefunds';
import { createRng } from '../../../scripts/seed/prng';
import type { Rng } from '../../../scripts/seed/prng';
import { rid } from '../../support/core';
import { createPayer, createPlan, createProduct, payInFull, threeMonthly } from '../catalog/fixtures';
import { makeCashierCore, rows } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';

type Enr = { id: string; payerId: string; currency: string; items: string[] };

export type GeneratedStore = { core: CashierCore; start: string; end: string; counts: Map<string, number> };

const PRODUCTS = [
  { name: 'Welding 101', currency: 'USD', price: 300_00, plan: threeMonthly },
  { name: 'Forklift licence', currency: 'USD', price: 120_00, plan: payInFull },
  { name: 'First aid', currency: 'USD', price: 90_00, plan: threeMonthly, refundPolicy: 'full' as const },
  { name: 'Deutsch A1', currency: 'EUR', price: 450_00, plan: threeMonthly },
  { name: 'Bookkeeping', currency: 'EUR', price: 200_00, plan: payInFull, refundPolicy: 'none' as const },
  { name: 'Ikebana', currency: 'JPY', price: 36_000, plan: threeMonthly },
];

const day = (start: string, n: number): string => new Date(Date.parse(`${start}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Fills the check numbers a proposed split still needs (as the cashier's property test does). */
const linesOf = (split: RefundProposal['split']): NonNullable<InputOf<'refunds:create'>['split']> =>
  split.map((l, n) => ({ method: l.method, amount: l.amount, ...(l.paymentId ? { paymentId: l.paymentId } : {}), ...(l.needs.includes('checkNumber') ? { checkNumber: `CHK-${n}` } : {}) }));

/**
 * A store built only through the core's own channels and services, over `days` days from
 * `start`: a USD drawer opened and closed (over/short) each day with paid-ins and -outs,
 * deposits every few days, payments of every method in USD, EUR and JPY (card payments
 * through the Stripe apply path), voids, refunds by every method (card ones through the
 * outbox, then marked succeeded or failed), credit payouts, cancellations with refunds,
 * pauses and waivers. Seeded, so a failure is reproducible.
 */
export async function generateStore(seed: number, days = 70, start = '2025-01-06'): Promise<GeneratedStore> {
  const rng: Rng = createRng(seed);
  const core = await makeCashierCore(start);
  const counts = new Map<string, number>();
  const seen = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
  const tryOk = async (what: string, channel: string, input: unknown, session = core.admin): Promise<unknown> => {
    const r = await core.invoke(channel, input, session);
    if (r.ok) seen(what);
    else if (process.env.GEN_DEBUG) console.log(what, r.error.message);
    if (!r.ok && !['VALIDATION', 'CONFLICT', 'NOT_FOUND'].includes(r.error.code)) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
    return r.ok ? r.value : null;
  };

  const products: { productId: string; planId: string; currency: string }[] = [];
  for (const p of PRODUCTS) {
    const product = await createProduct(core, { name: p.name, currency: p.currency, price: p.price, ...(p.refundPolicy ? { refundPolicy: p.refundPolicy } : {}) });
    const plan = await createPlan(core, product.id, p.plan);
    products.push({ productId: product.id, planId: plan.id, currency: p.currency });
  }
  const payers: string[] = [];
  for (let i = 0; i < 8; i++) payers.push((await createPayer(core, { name: `Payer ${String.fromCharCode(65 + i)}, "quoted"` })).id);
  const enrollments: Enr[] = [];
  const enroll = async () => {
    const { productId, planId, currency } = rng.pick(products);
    const payerId = rng.pick(payers);
    const r = await core.invoke('enrollments:create', { requestId: rid('enr'), payerId, productId, planId }, core.admin);
    if (r.ok) {
      enrollments.push({ id: r.value.enrollment.id, payerId, currency, items: r.value.items.map((i) => i.id) });
      seen('enroll');
    }
  };
  for (let i = 0; i < 14; i++) await enroll();

  let cards = 0;
  let closedSinceDeposit: string[] = [];
  for (let d = 0; d < days; d++) {
    core.setToday(day(start, d));
    core.clock.at = new Date(core.clock.at.getTime() - 2 * 3600_000 + rng.int(0, 3600_000));
    await tryOk('drawer.open', 'drawer:open', { requestId: rid('do'), openingFloat: rng.int(50_00, 150_00) }, core.cashier);
    if (rng.chance(0.15)) await enroll();
    const ops = rng.int(3, 9);
    for (let k = 0; k < ops; k++) {
      core.clock.at = new Date(core.clock.at.getTime() + rng.int(1, 600_000));
      const e = rng.pick(enrollments);
      const roll = rng.next();
      if (roll < 0.5) {
        const usd = e.currency === 'USD';
        const method = rng.pick(usd ? (['cash', 'check', 'bank_transfer', 'card_terminal', 'card', 'credit'] as const) : (['bank_transfer', 'card_terminal', 'card', 'credit'] as const));
        const amount = e.currency === 'JPY' ? rng.int(1, 200) * 100 : rng.int(1, 180_00);
        if (method === 'card') {
          cards += 1;
          // Stripe money arrives even on a cancelled enrollment; now and then in another currency (all credit then).
          const currency = rng.chance(0.1) ? 'GBP' : e.currency;
          recordCardPayment(core.store, { paymentIntentId: `pi_${cards}`, chargeId: `ch_${cards}`, enrollmentId: e.id, amount, currency, receivedAt: core.clock.at }, { now: core.clock.at });
          seen('pay:card');
          continue;
        }
        await tryOk(`pay:${method}`, 'payments:recordManual', {
          requestId: rid('pay'), enrollmentId: e.id, method, currency: e.currency,
          amount: method === 'credit' ? Math.max(1, Math.floor(amount / 4)) : amount,
          ...(method === 'check' ? { check: { number: `${1000 + k}` } } : {}),
          ...(method === 'bank_transfer' || method === 'card_terminal' ? { reference: `ref-${d}-${k}` } : {}),
          ...(method === 'cash' ? { tendered: amount + rng.int(0, 20_00) } : {}),
          ...(method !== 'credit' && rng.chance(0.2) ? { useCredit: true } : {}),
        }, core.cashier);
      } else if (roll < 0.58) {
        const today = rows<{ id: string }>(core, `SELECT id FROM payments WHERE status = 'completed' AND method IN ('cash', 'check', 'bank_transfer', 'card_terminal') ORDER BY id DESC LIMIT 6`);
        if (today.length) await tryOk('void', 'payments:void', { requestId: rid('void'), paymentId: rng.pick(today).id, reason: 'keyed twice' });
      } else if (roll < 0.7) {
        const preview = await core.invoke('refunds:create', { requestId: rid('rp'), from: { kind: 'enrollment', enrollmentId: e.id }, amount: e.currency === 'JPY' ? rng.int(1, 50) * 100 : rng.int(1, 60_00), reason: 'refund', preview: true, toCredit: rng.chance(0.2) }, core.admin);
        if (preview.ok) {
          await tryOk('refund', 'refunds:create', { requestId: rid('rf'), from: { kind: 'enrollment', enrollmentId: e.id }, amount: preview.value.proposal.split.reduce((s, l) => s + l.amount, 0), reason: 'refund', split: linesOf(preview.value.proposal.split) });
        }
      } else if (roll < 0.74) {
        const preview = await core.invoke('enrollments:cancel', { requestId: rid('cp'), enrollmentId: e.id, reason: 'moved away', preview: true, toCredit: rng.chance(0.3) }, core.admin);
        if (preview.ok) {
          const split = preview.value.proposal.split.length > 0 ? { split: linesOf(preview.value.proposal.split) } : {};
          await tryOk('cancel', 'enrollments:cancel', { requestId: rid('c'), enrollmentId: e.id, reason: 'moved away', ...split });
        }
      } else if (roll < 0.82) {
        const pending = rows<{ id: string }>(core, `SELECT id FROM refunds WHERE status = 'pending' ORDER BY rowid`);
        if (pending.length) {
          const target = rng.pick(pending).id;
          if (rng.chance(0.6)) markRefundSucceeded(core.store, target, { id: `re_${target}` }, core.clock.at);
          else markRefundFailed(core.store, target, { reason: 'card_declined' }, core.clock.at);
          seen('settle');
        }
      } else if (roll < 0.86) {
        const credit = rows<{ payer_id: string; currency: string; n: number }>(core, `SELECT payer_id, currency, sum(amount) AS n FROM ledger_entries WHERE account = 'credit' GROUP BY 1, 2 HAVING n > 0`);
        if (credit.length) {
          const c = rng.pick(credit);
          const amount = Math.max(1, Math.floor(c.n / 2));
          await tryOk('payout', 'refunds:create', { requestId: rid('po'), from: { kind: 'credit', payerId: c.payer_id, currency: c.currency }, amount, reason: 'payout', split: [{ method: 'bank_transfer', amount }] });
        }
      } else if (roll < 0.9) {
        const item = rng.pick(e.items);
        await tryOk('pause', 'schedules:pause', { requestId: rid('ps'), target: { itemId: item }, reason: 'hardship' });
      } else if (roll < 0.93) {
        await tryOk('waive', 'schedules:waive', { requestId: rid('wv'), itemId: rng.pick(e.items), reason: 'scholarship' });
      } else {
        await tryOk('move', 'drawer:move', { requestId: rid('mv'), kind: rng.chance(0.5) ? 'paid_in' : 'paid_out', amount: rng.int(1_00, 20_00), reason: 'stamps' }, core.cashier);
      }
    }
    // The last day's drawer stays open, so the dashboard has one.
    if (d < days - 1) {
      const current = await core.ok('drawer:current', {});
      if (current.session) {
        const closed = (await tryOk('drawer.close', 'drawer:close', { requestId: rid('dc'), countedCash: Math.max(0, current.session.expectedCash + rng.int(-3_00, 3_00)), note: 'end-of-day count' }, core.cashier)) as { session: { id: string } } | null;
        if (closed) closedSinceDeposit.push(closed.session.id);
      }
      if (closedSinceDeposit.length >= 4) {
        const deposit = (await tryOk('deposit', 'deposits:create', { requestId: rid('dp'), sessionIds: closedSinceDeposit })) as { id: string } | null;
        if (deposit && rng.chance(0.5)) await tryOk('deposited', 'deposits:markDeposited', { requestId: rid('dd'), depositId: deposit.id, bankReference: `BANK-${d}` });
        closedSinceDeposit = [];
      }
    }
  }
  return { core, start, end: day(start, days - 1), counts };
}
