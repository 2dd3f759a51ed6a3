import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableRequest } from '../../../shared/contract/tableExport';
import type { HandlerContext } from '../../../electron/core/handlers';
import type { JobControl } from '../../../electron/core/jobs';
import { insertProduct } from '../../../electron/services/products/productsRepo';
import { writeTableExport } from '../../../electron/services/reports/tableExport';
import { cleanCloseMarker } from '../../../electron/store/cleanClose';
import { sql } from '../../../electron/store/sql';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { makeCore } from '../../support/core';
import type { TestCore } from '../../support/core';

/**
 * A table export reads every page from one snapshot taken as it starts, while the desk goes on
 * writing on its own connection. The writes here happen exactly between pages (in the job's
 * progress call), where an offset-paged walk would repeat rows and a filtered walk would lose
 * the rows that left the filter.
 */
const PRODUCTS = 1_234;
let core: TestCore;
let n = 0;

const product = (name: string) => ({ externalId: null, type: 'course' as const, name, price: 100_00, currency: 'USD', active: true, startDate: null, endDate: null, refundPolicy: 'prorata' as const, autoAssignPaymentPlan: false });

beforeAll(async () => {
  core = await makeCore();
  core.store.transaction(() => {
    for (let i = 0; i < PRODUCTS; i++) insertProduct(core.store, product(`Course ${String(i).padStart(4, '0')}`), new Date());
  });
}, 60_000);
afterAll(() => core?.dispose());

const ctx = (): HandlerContext => ({
  store: core.store,
  services: core.services,
  now: () => new Date(),
  session: core.admin,
  source: {},
  requestId: null,
  setSession: () => undefined,
  grantOverride: () => undefined,
  audit: () => undefined,
});

/** Exports `request`, running `between` after each page is written; returns the CSV's body rows. */
async function exportWith(request: TableRequest, between: (page: number) => void): Promise<string[][]> {
  const file = join(core.dataDir, `snapshot-${++n}.csv`);
  let page = 0;
  const control: JobControl = { progress: () => between(++page), cancelled: false };
  await writeTableExport(request, ctx(), file, false, control);
  expect(page).toBeGreaterThan(1);
  return (parse(readFileSync(file, 'utf8')) as string[][]).slice(1);
}

describe('table exports read one snapshot', () => {
  it('products (offset pages): products created between pages, sorting first, neither repeat nor push rows out of the file', async () => {
    const before = (await core.ok('products:list', { limit: 500, offset: 0 })).total;
    const ids: string[] = [];
    for (let offset = 0; offset < before; offset += 500) ids.push(...(await core.ok('products:list', { limit: 500, offset })).products.map((p) => p.id));
    const rows = await exportWith({ table: 'products', filters: {} }, (page) => {
      for (let k = 0; k < 7; k++) insertProduct(core.store, product(`Aardvark ${page}-${k}`), new Date());
    });
    const idColumn = rows[0]?.length ? rows[0].length - 1 : 0;
    expect(rows.map((r) => r[idColumn])).toEqual(ids);
    // The desk's writes went in meanwhile: the list now starts with them.
    const after = await core.ok('products:list', { limit: 5, offset: 0 });
    expect(after.total).toBe(PRODUCTS + 7 * Math.ceil(PRODUCTS / 500));
    expect(after.products[0]?.name).toMatch(/^Aardvark /);
    // The export let its snapshot go: nothing holds the WAL back.
    expect(core.store.raw.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
  });

  it('sync events filtered to unmatched: an event settled between pages stays in the file', async () => {
    const base = Date.parse('2026-03-01T08:00:00.000Z');
    core.store.transaction(() => {
      for (let i = 0; i < 1_100; i++) {
        const created = Math.floor((base + i * 1000) / 1000);
        const payload = { id: `evt_snap_${i}`, object: 'event', type: 'payment_intent.succeeded', created, data: { object: { id: `pi_snap_${i}`, object: 'payment_intent', amount_received: 100, currency: 'usd', metadata: {} } } };
        applyEvent(core.store, core.services.eventHandlers, () => new Date(base + i * 1000), JSON.stringify(payload), 'relay', null);
      }
    });
    // Newest first: evt_snap_1099 … evt_snap_0; pages of 500 end at 600 and 100.
    const rows = await exportWith({ table: 'syncEvents', filters: { outcome: 'unmatched' } }, (page) => {
      core.store.run(sql`UPDATE processed_events SET outcome = 'applied' WHERE event_id = ${`evt_snap_${page === 1 ? 10 : 5}`}`);
    });
    expect(rows.map((r) => r[1])).toEqual(Array.from({ length: 1_100 }, (_, i) => `evt_snap_${1_099 - i}`));
    expect(core.store.all(sql`SELECT event_id FROM processed_events WHERE outcome = 'applied' ORDER BY event_id`)).toEqual([{ event_id: 'evt_snap_10' }, { event_id: 'evt_snap_5' }]);
  });

  it('a snapshot cannot write', () => {
    const snapshot = core.store.snapshot();
    expect(() => snapshot.run(sql`DELETE FROM products`)).toThrow(/cannot write/);
    expect(() => snapshot.transaction(() => 1)).toThrow(/cannot write/);
    expect(() => snapshot.raw.prepare('DELETE FROM products').run()).toThrow(/readonly/);
    snapshot.close();
    expect(snapshot.raw.open).toBe(false);
  });

  it('a snapshot still open when the store closes is closed with it, so the close is clean', async () => {
    const other = await makeCore();
    try {
      const snapshot = other.store.snapshot();
      other.store.run(sql`UPDATE settings SET updated_at = updated_at`);
      other.close();
      expect(snapshot.raw.open).toBe(false);
      expect(existsSync(`${other.store.file}-wal`)).toBe(false);
      expect(existsSync(cleanCloseMarker(other.store.file))).toBe(true);
    } finally {
      other.dispose();
    }
  });
});
