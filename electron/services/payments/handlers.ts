import { defineHandlers } from '../../core/handlers';
import { deskCodeOf } from '../drawer/drawerSessions';
import { getPayer } from '../payers/payersRepo';
import { creditBalances } from '../ledger/ledgerRepo';
import { sql } from '../../store/sql';
import { required } from '../../store/worker/storeWorkerClient';
import { listPayments } from './paymentsRepo';
import { recordPayment } from './recordPayment';
import { voidPayment, voidRefusal } from './voidPayment';
import { getPaymentRow } from './paymentsRepo';

export const paymentsHandlers = defineHandlers({
  'payments:recordManual': {
    kind: 'mutation',
    access: 'staff',
    run: (input, ctx) => {
      const at = ctx.now();
      const payment = recordPayment(ctx.store, {
        ...input,
        requestId: input.requestId,
        receivedAt: input.receivedAt ? new Date(input.receivedAt) : at,
        deskCode: deskCodeOf(ctx.store),
        createdBy: ctx.session?.userId ?? null,
      }, at);
      ctx.audit({ action: 'payment.record', entityType: 'payment', entityId: payment.id, after: payment });
      return payment;
    },
  },
  'payments:void': {
    kind: 'mutation',
    access: 'admin',
    run: ({ paymentId, reason }, ctx) => {
      const payment = voidPayment(ctx.store, paymentId, reason, ctx.session?.userId ?? null, ctx.now());
      ctx.audit({ action: 'payment.void', entityType: 'payment', entityId: payment.id, before: { status: 'completed' }, after: { status: 'voided', reason, receipt: payment.receipt.number } });
      return payment;
    },
  },
  'payments:voidable': {
    kind: 'query',
    access: 'staff',
    run: ({ paymentIds }, { store, now }) => {
      const at = now();
      return {
        payments: paymentIds.map((id) => {
          const refusal = voidRefusal(store, getPaymentRow(store, id), at);
          return { paymentId: id, voidable: refusal === null, reason: refusal?.reason ?? null, key: refusal?.key ?? null, params: refusal?.params ?? {}, refund: refusal?.refund ?? false };
        }),
      };
    },
  },
  'payments:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => listPayments(store, input),
  },
  'payers:credit': {
    kind: 'query',
    access: 'staff',
    run: ({ payerId }, { store }) => {
      const payer = getPayer(store, payerId);
      const movements = store.all<{ at: string; event: string; amount: number; currency: string; paymentId: string | null; refundId: string | null }>(sql`
        SELECT at, event, amount, currency, payment_id AS paymentId, refund_id AS refundId FROM ledger_entries
        WHERE payer_id = ${payer.id} AND account = 'credit' ORDER BY seq DESC LIMIT 200`);
      return { payerId: payer.id, balances: creditBalances(store, payer.id), movements };
    },
  },
  'ledger:verify': {
    kind: 'query',
    access: 'staff',
    // Reads the whole ledger (seconds on a big store) in the check worker, on one snapshot.
    run: async (_input, { store, services }) => required((await services.storeWorker.check(store.file, ['ledger'])).ledger, 'ledger'),
  },
});
