import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCells } from '../../../shared/reports/tableCells';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { makeCore } from '../../support/core';
import type { TestCore } from '../../support/core';

/**
 * `sync:events` pages by keyset (`cursor` in, `nextCursor` out) over (applied_at, event_id),
 * newest first, and the Stripe events export walks every page: a month's webhook log is no
 * longer cut at the newest 500. Events go in through `applyEvent`, as the sync worker applies
 * them; three share each applied instant, so the event id really breaks ties.
 */
const EVENTS = 1_234;
const BASE = Date.parse('2026-03-01T08:00:00.000Z');
type Seeded = { eventId: string; appliedAt: string; outcome: 'ignored' | 'unmatched' | 'applied' };

let core: TestCore;
const seeded: Seeded[] = [];

/** Event ids whose order differs from the insertion order, so a tie is decided by the id, not by rowid. */
const eventIdOf = (label: string, i: number) => `evt_${label}_${((i * 7_919) % 10_007).toString(36).padStart(4, '0')}_${i}`;

function applyAt(eventId: string, at: number, unmatched: boolean): Seeded {
  const created = Math.floor(at / 1000);
  // A payment_intent.succeeded for a payment the desk did not start is kept as unmatched; a type with no handler is ignored.
  const payload = unmatched
    ? { id: eventId, object: 'event', type: 'payment_intent.succeeded', created, data: { object: { id: `pi_${eventId}`, object: 'payment_intent', amount_received: 100, currency: 'usd', metadata: {} } } }
    : { id: eventId, object: 'event', type: 'customer.paging_test', created, data: { object: { id: `cus_${eventId}`, object: 'customer' } } };
  const r = applyEvent(core.store, core.services.eventHandlers, () => new Date(at), JSON.stringify(payload), 'relay', null);
  expect(r.outcome).toBe(unmatched ? 'unmatched' : 'ignored');
  return { eventId, appliedAt: new Date(at).toISOString(), outcome: unmatched ? 'unmatched' : 'ignored' };
}

/** What the list must give, computed here from what was applied, not read back from the table. */
const newestFirst = (rows: Seeded[]) => [...rows].sort((a, b) => (a.appliedAt === b.appliedAt ? (a.eventId < b.eventId ? 1 : -1) : a.appliedAt < b.appliedAt ? 1 : -1));

async function pageAll(input: { outcome?: 'unmatched'; limit: number }, between?: (pageNo: number) => void): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await core.ok('sync:events', { ...input, ...(cursor ? { cursor } : {}) });
    pages += 1;
    ids.push(...page.events.map((e) => e.eventId));
    expect(page.events.length, `page ${pages}`).toBeLessThanOrEqual(input.limit);
    if (!page.nextCursor) break;
    expect(page.events).toHaveLength(input.limit);
    cursor = page.nextCursor;
    between?.(pages);
  }
  return { ids, pages };
}

beforeAll(async () => {
  core = await makeCore();
  await core.services.sync.stop();
  core.store.transaction(() => {
    for (let i = 0; i < EVENTS; i++) seeded.push(applyAt(eventIdOf('seed', i), BASE + Math.floor(i / 3) * 1000, i % 5 === 0));
  });
}, 60_000);
afterAll(() => core?.dispose());

describe('sync:events keyset paging', () => {
  it('visits every one of 1,234 events exactly once, newest first, whatever the page size; the last page has no cursor', async () => {
    const expected = newestFirst(seeded).map((e) => e.eventId);
    for (const limit of [100, 97, 500]) {
      const { ids, pages } = await pageAll({ limit });
      expect(ids, `limit ${limit}`).toEqual(expected);
      expect(pages).toBe(Math.ceil(EVENTS / limit));
    }
    const unmatched = await pageAll({ outcome: 'unmatched', limit: 60 });
    expect(unmatched.ids).toEqual(newestFirst(seeded.filter((e) => e.outcome === 'unmatched')).map((e) => e.eventId));
    expect(unmatched.ids).toHaveLength(Math.ceil(EVENTS / 5));
  });

  it('keeps the inputs it had: no cursor gives the newest page, 100 by default', async () => {
    const first = await core.ok('sync:events', {});
    expect(first.events.map((e) => e.eventId)).toEqual(newestFirst(seeded).slice(0, 100).map((e) => e.eventId));
    expect(first.nextCursor).toEqual(expect.any(String));
    const unmatched = await core.ok('sync:events', { outcome: 'unmatched', limit: 500 });
    expect(unmatched.events).toHaveLength(Math.ceil(EVENTS / 5));
    expect(unmatched.nextCursor).toBeNull();
  });

  it('events applied and events settled between pages neither repeat nor skip older ones', async () => {
    const settled = newestFirst(seeded.filter((e) => e.outcome === 'unmatched'))[100]?.eventId ?? '';
    const newer: Seeded[] = [];
    const backdated: Seeded[] = [];
    const { ids } = await pageAll({ limit: 200 }, (pageNo) => {
      // New events arrive while the bursar pages; one is stamped at the oldest instant (a clock
      // set back), so it lands in the part not yet visited.
      backdated.push(applyAt(eventIdOf(`late${pageNo}`, 0), BASE, false));
      for (let k = 1; k < 5; k++) newer.push(applyAt(eventIdOf(`late${pageNo}`, k), BASE + 86_400_000 + pageNo * 1000 + k, false));
      // An older unmatched event is brought in (its payment arrived): its row changes, not its place.
      if (pageNo === 2) core.store.raw.prepare(`UPDATE processed_events SET outcome = 'applied', detail = 'after its payment was recorded' WHERE event_id = ?`).run(settled);
    });
    expect(backdated).toHaveLength(Math.ceil(EVENTS / 200) - 1);
    // Every older event once and in order; a new event behind the cursor once; the newer ones are the next load's.
    expect(ids).toEqual(newestFirst([...seeded, ...backdated]).map((e) => e.eventId));
    seeded.push(...newer, ...backdated);
    const s = seeded.find((e) => e.eventId === settled);
    if (s) s.outcome = 'applied';
  });

  it('a cursor the desk did not hand out is refused naming cursor', async () => {
    const forged = Buffer.from(JSON.stringify({ at: '2026-03-01', id: 'evt_x' })).toString('base64url');
    for (const cursor of ['not a cursor', 'abc', forged, Buffer.from('["2026-03-01T08:00:00.000Z"]').toString('base64url'), 'x'.repeat(1001), '']) {
      const error = await core.fail('sync:events', { cursor });
      expect(error.code, cursor).toBe('VALIDATION');
      expect(Object.keys(error.fields ?? {}), cursor).toEqual(['cursor']);
    }
  });
});

describe('Stripe events export', () => {
  async function exportEvents(filters: { outcome?: 'unmatched' | 'applied' }) {
    const started = await core.ok('reports:exportTable', { request: { table: 'syncEvents', filters } });
    await core.services.jobs.settled(started.job.jobId);
    const status = await core.ok('jobs:status', { jobId: started.job.jobId });
    expect(status.state, status.message ?? '').toBe('done');
    const file = await core.ok('reports:exportFile', { jobId: started.job.jobId });
    return { rows: parse(file.csv, { bom: true }) as string[][], status };
  }

  it('holds every event, not the newest 500, and exactly its filter, in the list order', async () => {
    const all = await exportEvents({});
    const [header, ...rows] = all.rows;
    expect(header).toEqual(tableCells.syncEvents.columns);
    expect(rows.length).toBe(seeded.length);
    expect(rows.length).toBeGreaterThan(EVENTS);
    expect(rows.map((r) => r[1])).toEqual(newestFirst(seeded).map((e) => e.eventId));
    expect(new Set(rows.map((r) => r[1])).size).toBe(rows.length);
    expect(all.status.done).toBe(rows.length);

    const unmatched = await exportEvents({ outcome: 'unmatched' });
    const wanted = newestFirst(seeded.filter((e) => e.outcome === 'unmatched')).map((e) => e.eventId);
    expect(unmatched.rows.slice(1).map((r) => r[1])).toEqual(wanted);
    expect(new Set(unmatched.rows.slice(1).map((r) => r[5]))).toEqual(new Set(['unmatched']));
    expect(wanted.length).toBe(Math.ceil(EVENTS / 5) - 1);

    const applied = await exportEvents({ outcome: 'applied' });
    expect(applied.rows.slice(1).map((r) => [r[1], r[5], r[6]])).toEqual([[expect.any(String), 'applied', 'after its payment was recorded']]);
  });
});
