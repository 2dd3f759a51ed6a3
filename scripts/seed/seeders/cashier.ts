import type { PaymentView } from '../../../shared/contract/payments';
import type { RefundView } from '../../../shared/contract/refunds';
import { recordCardPayment } from '../../../electron/services/payments/cardPayments';
import { markRefundSucceeded } from '../../../electron/services/refunds/stripeRefunds';
import { refundIdempotencyKey } from '../../../electron/services/refunds/outbox';
import { readSettings } from '../../../electron/services/settings/settingsRepo';
import { sql } from '../../../electron/store/sql';
import { applyEvent } from '../../../electron/sync/applyEvent';
import type { Seeder } from '../types';

type Method = 'cash' | 'check' | 'bank_transfer' | 'card_terminal' | 'card';
/** Weights of an office's day: most money comes in cash, transfers and cards. */
const METHOD_WHEEL: readonly Method[] = ['cash', 'cash', 'cash', 'cash', 'check', 'check', 'bank_transfer', 'bank_transfer', 'bank_transfer', 'card_terminal', 'card_terminal', 'card', 'card', 'card'];
const DAY_MS = 86_400_000;
const OPEN_HOURS_MS = 9 * 3_600_000;
/** Share of manual payments voided at the desk right after (a mistake corrected), and refunded later. */
const VOID_RATE = 0.004;
const REFUND_RATE = 0.003;
const API_VERSION = '2025-01-27.acacia';

type Enrollment = { id: string; currency: string };

/** Counts beyond the tables, printed by the seed command. */
export type CashierSeedStats = { voids: number; refunds: number; cardRefunds: number; events: number; sessions: number; deposits: number; skipped: string[] };
export const cashierSeedStats: CashierSeedStats = { voids: 0, refunds: 0, cardRefunds: 0, events: 0, sessions: 0, deposits: 0, skipped: [] };

/**
 * A year of desk days: each day opens the drawer, takes payments of every method (cash,
 * check, bank transfer and card terminal through `payments:recordManual`; Stripe card
 * payments through `recordCardPayment` followed by their `payment_intent.succeeded` event
 * applied with `applyEvent` as the relay would deliver it), voids a few, refunds a few
 * (cash, check, transfer, terminal and card — a card refund's outbox row completed through
 * `markRefundSucceeded` and its `charge.refunded` event), moves cash in and out, and closes
 * with a Z report (now and then short, with a note). Every few days the closed sessions go
 * into a bank deposit. One day is one transaction (`ctx.batch`): each mutation keeps its
 * own savepoint, requests row and audit entry, so the invariants are the channels' own.
 */
export const cashierSeeder: Seeder = {
  name: 'cashier',
  provides: ['payments'],
  units: (c) => c.payments,
  async run(ctx) {
    const total = ctx.counts.payments;
    if (total === 0) return;
    const { store } = ctx.core;
    const { rng, clock } = ctx;
    const settings = readSettings(store);
    const home = settings.defaultCurrency;
    const all = store.all<Enrollment>(sql`SELECT id, currency FROM enrollments WHERE status = 'active' ORDER BY rowid`);
    if (all.length === 0) throw new Error('payments need enrollments: pass --enrollments too');
    const homeOnes = all.filter((e) => e.currency === home);
    const days = Math.min(400, Math.max(3, Math.ceil(total / 2_500)));
    const perDay = Math.ceil(total / days);
    const stepMs = Math.max(1, Math.floor(OPEN_HOURS_MS / perDay));
    const day0 = clock.now().getTime();
    let n = 0;
    let cursor = 0;
    let pendingDeposit: string[] = [];
    const stats = cashierSeedStats;

    const invoke = async <T>(channel: string, input: Record<string, unknown>): Promise<T> => (await ctx.invoke(channel, input)) as T;
    /** For steps that may be refused by a rule of the moment (a credit already spent): counted, never half-done. */
    const attempt = async (what: string, fn: () => Promise<unknown>): Promise<boolean> => {
      try {
        await fn();
        return true;
      } catch (e) {
        if (stats.skipped.length < 20) stats.skipped.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
        return false;
      }
    };
    const event = (type: string, object: Record<string, unknown>) => {
      cursor += 1;
      const payload = JSON.stringify({ id: `evt_seed_${ctx.rng.seed}_${cursor}`, object: 'event', api_version: API_VERSION, created: Math.floor(clock.now().getTime() / 1000), livemode: false, pending_webhooks: 1, type, data: { object } });
      applyEvent(store, ctx.core.services.eventHandlers, () => clock.now(), payload, 'relay', cursor);
      stats.events += 1;
    };

    for (let day = 0; day < days && n < total; day++) {
      const start = day0 + day * DAY_MS;
      clock.advance(start - clock.now().getTime());
      await ctx.batch(async () => {
        await invoke('drawer:open', { requestId: ctx.requestId('open', day), openingFloat: rng.int(5, 30) * 10_00 });
        stats.sessions += 1;
        const end = Math.min(total, n + perDay);
        for (; n < end; n++) {
          clock.advance(stepMs);
          let method = rng.pick(METHOD_WHEEL);
          let e = rng.pick(all);
          if ((method === 'cash' || method === 'check') && e.currency !== home) {
            if (homeOnes.length > 0) e = rng.pick(homeOnes);
            else method = 'bank_transfer';
          }
          const amount = rng.int(5, 400) * 100 + (rng.chance(0.3) ? rng.int(1, 99) : 0);
          const voidIt = method !== 'card' && e.currency === home && rng.chance(VOID_RATE);
          const refundIt = !voidIt && rng.chance(REFUND_RATE);
          const refundRoll = rng.next();
          let payment: PaymentView;
          if (method === 'card') {
            const pi = `pi_seed_${rng.seed}_${n}`;
            const ch = `ch_seed_${rng.seed}_${n}`;
            payment = recordCardPayment(store, { paymentIntentId: pi, chargeId: ch, enrollmentId: e.id, amount, currency: e.currency, receivedAt: clock.now() }, { now: clock.now() }).payment;
            event('payment_intent.succeeded', { id: pi, object: 'payment_intent', amount, amount_received: amount, currency: e.currency.toLowerCase(), status: 'succeeded', latest_charge: ch, metadata: { bursar_enrollment_id: e.id } });
          } else {
            payment = await invoke<PaymentView>('payments:recordManual', {
              requestId: ctx.requestId('pay', n), enrollmentId: e.id, method, amount, currency: e.currency,
              ...(method === 'cash' ? { tendered: Math.ceil(amount / 20_00) * 20_00 } : {}),
              ...(method === 'check' ? { check: { number: String(100_000 + n), bank: rng.pick(['First National', 'City Savings', 'Harbour Bank']) } } : {}),
              ...(method === 'bank_transfer' || method === 'card_terminal' ? { reference: `${method === 'bank_transfer' ? 'TRF' : 'POS'}-${n}` } : {}),
            });
          }
          if (voidIt) {
            clock.advance(1);
            if (await attempt(`void ${payment.id}`, () => invoke('payments:void', { requestId: ctx.requestId('void', n), paymentId: payment.id, reason: 'Keyed the wrong amount' }))) stats.voids += 1;
          } else if (refundIt) {
            await refund(payment, refundRoll);
          }
          if ((n + 1) % 500 === 0) ctx.tick(500);
        }
        if (rng.chance(0.2)) await attempt('paid out', () => invoke('drawer:move', { requestId: ctx.requestId('move', day), kind: 'paid_out', amount: rng.int(1, 20) * 100, reason: 'Stamps and printer paper' }));
        if (rng.chance(0.05)) event('customer.subscription.updated', { id: `sub_seed_${rng.seed}_${day}`, object: 'subscription', status: 'active', metadata: {} });
        clock.advance(30 * 60_000);
        const current = await invoke<{ session: { id: string; expectedCash: number } | null }>('drawer:current', {});
        const expected = current.session?.expectedCash ?? 0;
        const short = expected > 500 && rng.chance(0.1) ? rng.int(1, 500) : 0;
        await invoke('drawer:close', { requestId: ctx.requestId('close', day), countedCash: expected - short, ...(short ? { note: 'Counted twice; the difference stays unexplained' } : {}) });
        if (current.session) pendingDeposit.push(current.session.id);
        if (pendingDeposit.length >= 5 || n >= total) {
          const deposit = await invoke<{ id: string }>('deposits:create', { requestId: ctx.requestId('deposit', day), sessionIds: pendingDeposit });
          stats.deposits += 1;
          pendingDeposit = [];
          if (n < total) await invoke('deposits:markDeposited', { requestId: ctx.requestId('deposited', day), depositId: deposit.id, bankReference: `BANK-${day}` });
        }
      });
    }
    ctx.tick(total % 500);

    /** A refund back along one payment, by its own method; a card refund completes through Stripe's answer. */
    async function refund(payment: PaymentView, roll: number): Promise<void> {
      const allocated = payment.allocations.reduce((s, a) => s + a.amount, 0);
      const amount = Math.floor(allocated / 2);
      if (amount <= 0 || !payment.enrollmentId) return;
      const line = {
        method: payment.method, amount, paymentId: payment.id,
        ...(payment.method === 'check' ? { checkNumber: `R${String(n).padStart(6, '0')}` } : {}),
        ...(payment.method === 'bank_transfer' ? { reference: `REF-${n}` } : {}),
      };
      const enrollmentId = payment.enrollmentId;
      await attempt(`refund of ${payment.id}`, async () => {
        const r = await invoke<{ refunds: RefundView[] }>('refunds:create', { requestId: ctx.requestId('refund', n), from: { kind: 'enrollment', enrollmentId }, amount, reason: roll < 0.5 ? 'Course dates changed' : 'Goodwill', split: [line] });
        stats.refunds += 1;
        for (const rf of r.refunds) {
          if (rf.method !== 'card') continue;
          clock.advance(1_000);
          const stripeId = `re_seed_${rng.seed}_${n}`;
          markRefundSucceeded(store, rf.id, { id: stripeId, status: 'succeeded' }, clock.now());
          // What the outbox worker records when Stripe answers: the row is done, with the answer.
          store.run(sql`UPDATE outbox SET state = 'done', attempts = attempts + 1, next_attempt_at = NULL, response_json = ${JSON.stringify({ id: stripeId, object: 'refund', status: 'succeeded' })},
            updated_at = ${clock.now().toISOString()} WHERE idempotency_key = ${refundIdempotencyKey(rf.id)}`);
          event('charge.refunded', { id: `ch_seed_${rng.seed}_${n}`, object: 'charge', amount_refunded: rf.amount, currency: rf.currency.toLowerCase(), refunded: false, metadata: { bursar_refund_id: rf.id } });
          stats.cardRefunds += 1;
        }
      });
    }
  },
};
