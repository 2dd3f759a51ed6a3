import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { newId } from '../../store/ids';

export type OutboxKind = 'stripe.refund';
export type OutboxState = 'pending' | 'sending' | 'done' | 'failed' | 'cancelled';

export type OutboxRow = {
  id: string;
  kind: OutboxKind;
  payload_json: string;
  idempotency_key: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  response_json: string | null;
  created_at: string;
  updated_at: string;
};

/** What the Stripe gateway needs to send one refund; the local refund id rides in metadata. */
export type StripeRefundPayload = {
  refundId: string;
  paymentIntentId: string;
  chargeId: string | null;
  amount: number;
  currency: string;
  reason: string;
  metadata: { bursar_refund_id: string; bursar_payment_id: string; bursar_enrollment_id: string | null };
};

/** The key Stripe sees: derived from the local refund id, so every retry after a crash sends the same one. */
export const refundIdempotencyKey = (refundId: string): string => `bursar-refund-${refundId}`;

/** Queues a Stripe refund; call in the same transaction as the `pending` refund row. */
export function enqueueStripeRefund(store: Store, payload: StripeRefundPayload, at: Date): OutboxRow {
  const id = newId('obx');
  const ts = at.toISOString();
  store.run(sql`INSERT INTO outbox (id, kind, payload_json, idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)
    VALUES (${id}, 'stripe.refund', ${JSON.stringify(payload)}, ${refundIdempotencyKey(payload.refundId)}, 'pending', 0, ${ts}, ${ts}, ${ts})`);
  const row = store.get<OutboxRow>(sql`SELECT * FROM outbox WHERE id = ${id}`);
  if (!row) throw new Error('outbox row vanished');
  return row;
}

export function outboxOfRefund(store: Store, refundId: string): OutboxRow | undefined {
  return store.get<OutboxRow>(sql`SELECT * FROM outbox WHERE idempotency_key = ${refundIdempotencyKey(refundId)}`);
}
