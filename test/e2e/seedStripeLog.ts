import { createCore } from '../../electron/core';
import { enqueueStripeRefund } from '../../electron/services/refunds/outbox';
import { applyEvent } from '../../electron/sync/applyEvent';

export type SeededEvent = { objectId: string; unmatched: boolean };

/**
 * A month of webhooks (`events`, one in five unmatched) and `outbox` sent card refunds, written
 * into a stopped desk's store by the functions the sync worker and card refunds write through,
 * a minute apart. Returns the events newest first, as the Status screen lists them.
 */
export function seedStripeLog(dataDir: string, counts: { events: number; outbox: number }): SeededEvent[] {
  const core = createCore({ dataDir });
  try {
    const base = Date.now() - 3 * 86_400_000;
    const seeded: SeededEvent[] = [];
    core.store.transaction(() => {
      for (let i = 0; i < counts.events; i++) {
        const at = base + i * 60_000;
        const unmatched = i % 5 === 0;
        const eventId = `evt_month_${String(i).padStart(5, '0')}`;
        const objectId = unmatched ? `pi_month_${i}` : `cus_month_${i}`;
        const payload = unmatched
          ? { id: eventId, object: 'event', type: 'payment_intent.succeeded', created: Math.floor(at / 1000), data: { object: { id: objectId, object: 'payment_intent', amount_received: 100, currency: 'usd', metadata: {} } } }
          : { id: eventId, object: 'event', type: 'customer.updated', created: Math.floor(at / 1000), data: { object: { id: objectId, object: 'customer' } } };
        applyEvent(core.store, core.services.eventHandlers, () => new Date(at), JSON.stringify(payload), 'relay', null);
        seeded.push({ objectId, unmatched });
      }
      for (let i = 0; i < counts.outbox; i++) {
        const row = enqueueStripeRefund(core.store, {
          refundId: `ref_month_${i}`, paymentIntentId: `pi_month_${i}`, chargeId: null, amount: 1_000 + i, currency: 'USD', reason: 'requested_by_customer',
          metadata: { bursar_refund_id: `ref_month_${i}`, bursar_payment_id: `pay_month_${i}`, bursar_enrollment_id: null },
        }, new Date(base + i * 60_000));
        // Already sent: the desk's outbox worker leaves them be.
        core.store.raw.prepare(`UPDATE outbox SET state = 'done', attempts = 1 WHERE id = ?`).run(row.id);
      }
    });
    return seeded.reverse();
  } finally {
    core.close();
  }
}
