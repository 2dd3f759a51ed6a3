import { createCore } from '../../electron/core';
import { enqueueStripeRefund } from '../../electron/services/refunds/outbox';
import { applyEvent } from '../../electron/sync/applyEvent';
import { expect, snap, test } from './fixtures';
import { StatusPage } from './pages/StatusPage';
import { SignInPage } from './pages/SignInPage';
import { TableExportControl, bodyCells } from './pages/TableExportControl';

const EVENTS = 1_234;
const OUTBOX = 60;
const UNMATCHED = Math.ceil(EVENTS / 5);

type Seeded = { objectId: string; unmatched: boolean };

/**
 * A month of webhooks (1,234 events, one in five unmatched) and 60 sent card refunds, written
 * while the desk is off by the functions the sync worker and card refunds write through.
 * Returned newest first, as the Status screen lists them.
 */
async function seed(dataDir: string): Promise<Seeded[]> {
  const core = createCore({ dataDir });
  try {
    const base = Date.now() - 3 * 86_400_000;
    const seeded: Seeded[] = [];
    core.store.transaction(() => {
      for (let i = 0; i < EVENTS; i++) {
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
      for (let i = 0; i < OUTBOX; i++) {
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

test('the Stripe events list loads older events page by page, and its export holds all 1,234, filtered as shown', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const status = new StatusPage(page);
  await status.open();
  await expect(status.events()).toContainText('No Stripe events yet.');

  let seeded: Seeded[] = [];
  await host.restart(async () => {
    seeded = await seed(host.dataDir);
  });
  await page.goto(host.url);
  await new SignInPage(page).signIn('admin', 'admin-pass');
  await status.open();

  // The newest 100 first; each "Load older events" appends the next 100 in order.
  const rows = status.events().locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await expect(status.shown('events')).toHaveText('Showing the newest 100 events');
  await status.loadOlder('events').click();
  await expect(rows).toHaveCount(200);
  await expect(status.shown('events')).toHaveText('Showing the newest 200 events');
  // Column 3 is the Stripe object: each event's own.
  expect((await bodyCells(status.events())).map((r) => r[2])).toEqual(seeded.slice(0, 200).map((e) => e.objectId));
  await snap(page, 'status-events-load-more');

  // The file holds every event, not the newest 500, in the list's order.
  const exporter = new TableExportControl(page, 'Stripe events');
  const all = await exporter.download();
  expect(all.fileName).toMatch(/^bursar-syncEvents-.*\.csv$/);
  const [header, ...body] = all.rows;
  expect(header?.[3]).toBe('Object');
  expect(body).toHaveLength(EVENTS);
  expect(body.map((r) => r[3])).toEqual(seeded.map((e) => e.objectId));

  // Filtered to unmatched: the list pages to its end, and the file holds exactly those.
  await status.showEvents('Unmatched (for an unknown record)');
  await expect(rows).toHaveCount(100);
  await expect(status.shown('events')).toHaveText('Showing the newest 100 events');
  await status.loadOlder('events').click();
  await expect(rows).toHaveCount(200);
  await status.loadOlder('events').click();
  await expect(rows).toHaveCount(UNMATCHED);
  await expect(status.shown('events')).toHaveText(`Showing all ${UNMATCHED} events`);
  await expect(status.loadOlder('events')).toHaveCount(0);
  const wanted = seeded.filter((e) => e.unmatched).map((e) => e.objectId);
  expect((await bodyCells(status.events())).map((r) => r[2])).toEqual(wanted);
  const unmatched = await exporter.download();
  expect(unmatched.rows.slice(1).map((r) => [r[3], r[5]])).toEqual(wanted.map((objectId) => [objectId, 'unmatched']));

  // The outbox list pages the same way: 50, then the last 10.
  const outbox = status.outbox().locator('tbody tr');
  await expect(outbox).toHaveCount(50);
  await expect(status.shown('outbox rows')).toHaveText('Showing the newest 50 outbox rows');
  await status.loadOlder('outbox rows').click();
  await expect(outbox).toHaveCount(OUTBOX);
  await expect(status.shown('outbox rows')).toHaveText(`Showing all ${OUTBOX} outbox rows`);
  await expect(status.loadOlder('outbox rows')).toHaveCount(0);
  const outboxFile = await new TableExportControl(page, 'outbox').download();
  expect(outboxFile.rows.slice(1).map((r) => r[8])).toEqual(Array.from({ length: OUTBOX }, (_, i) => `ref_month_${OUTBOX - 1 - i}`));
  await snap(page, 'status-outbox-load-more');
});
