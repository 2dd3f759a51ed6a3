import { expect, snap, test } from './fixtures';
import { StatusPage } from './pages/StatusPage';
import { SignInPage } from './pages/SignInPage';
import { TableExportControl, bodyCells } from './pages/TableExportControl';
import { seedStripeLog } from './seedStripeLog';
import type { SeededEvent } from './seedStripeLog';

const EVENTS = 1_234;
const OUTBOX = 60;
const UNMATCHED = Math.ceil(EVENTS / 5);

test('the Stripe events list loads older events page by page, and its export holds all 1,234, filtered as shown', async ({ page, host }) => {
  await page.goto(host.url);
  await new SignInPage(page).setUpAdmin();
  const status = new StatusPage(page);
  await status.open();
  await expect(status.events()).toContainText('No Stripe events yet.');

  let seeded: SeededEvent[] = [];
  // Written while the desk is off, through the functions the sync worker and card refunds use.
  await host.restart(() => {
    seeded = seedStripeLog(host.dataDir, { events: EVENTS, outbox: OUTBOX });
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
