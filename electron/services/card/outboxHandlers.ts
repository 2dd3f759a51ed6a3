import { notFound, refuseAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { decodeCursor, olderThan, pageOf } from '../../core/pageCursor';
import { sql } from '../../store/sql';
import type { OutboxRow, StripeRefundPayload } from '../refunds/outbox';
import { markRefundFailed } from '../refunds/stripeRefunds';

const view = (r: OutboxRow) => {
  const payload = JSON.parse(r.payload_json) as Partial<StripeRefundPayload>;
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    amount: payload.amount ?? null,
    currency: payload.currency ?? null,
    refundId: payload.refundId ?? null,
    createdAt: r.created_at,
  };
};

export const outboxHandlers = defineHandlers({
  'outbox:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => {
      const after = input.cursor === undefined ? null : decodeCursor(input.cursor, 'outbox:list');
      const where = [
        ...(input.state ? [sql`state = ${input.state}`] : []),
        ...(after ? [olderThan(sql`created_at`, sql`id`, after)] : []),
      ];
      const found = store.all<OutboxRow>(sql`SELECT * FROM outbox WHERE ${sql.join(where, ' AND ', '1 = 1')} ORDER BY created_at DESC, id DESC LIMIT ${input.limit + 1}`);
      const { rows, nextCursor } = pageOf(found, input.limit, 'outbox:list', (r) => ({ at: r.created_at, id: r.id }));
      const waiting = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sending')`)?.n ?? 0;
      const summary = waiting === 0 ? 'Nothing waiting to send to Stripe' : `${waiting} refund${waiting === 1 ? '' : 's'} waiting for a connection`;
      return { rows: rows.map(view), nextCursor, waiting, summary };
    },
  },
  'outbox:cancel': {
    kind: 'mutation',
    access: 'admin',
    run: (input, ctx) => {
      const row = ctx.store.get<OutboxRow>(sql`SELECT * FROM outbox WHERE id = ${input.outboxId}`);
      if (!row) throw notFound('Outbox row', input.outboxId);
      // Once a request may have reached Stripe, only Stripe's answer can settle it.
      if (row.state !== 'pending' || row.attempts > 0) throw refuseAs('CONFLICT', 'refund.alreadySent', {}, { state: row.state, attempts: row.attempts });
      const payload = JSON.parse(row.payload_json) as StripeRefundPayload;
      ctx.store.run(sql`UPDATE outbox SET state = 'cancelled', last_error = ${`cancelled: ${input.reason}`}, updated_at = ${ctx.now().toISOString()} WHERE id = ${row.id}`);
      markRefundFailed(ctx.store, payload.refundId, { reason: `Cancelled before sending: ${input.reason}` }, ctx.now());
      const after = ctx.store.get<OutboxRow>(sql`SELECT * FROM outbox WHERE id = ${row.id}`) ?? row;
      ctx.audit({ action: 'outbox.cancel', entityType: 'outbox', entityId: row.id, before: view(row), after: view(after) });
      return view(after);
    },
  },
  'outbox:flush': {
    kind: 'action',
    access: 'staff',
    run: (_input, ctx) => ctx.services.outbox.runOnce(),
  },
});
