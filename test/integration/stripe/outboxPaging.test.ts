import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCells } from '../../../shared/reports/tableCells';
import { enqueueStripeRefund } from '../../../electron/services/refunds/outbox';
import { makeCore } from '../../support/core';
import type { TestCore } from '../../support/core';

/**
 * `outbox:list` pages by keyset (`cursor` in, `nextCursor` out) over (created_at, id), newest
 * first, and the outbox export walks every page. Rows are queued by `enqueueStripeRefund`, the
 * function card refunds queue through; four share each instant, so the id breaks ties.
 */
const ROWS = 1_234;
const BASE = Date.parse('2026-03-01T08:00:00.000Z');
type Queued = { id: string; createdAt: string; state: 'pending' | 'done' };

let core: TestCore;
const queued: Queued[] = [];

function queue(i: number, at: number): Queued {
  const row = enqueueStripeRefund(core.store, {
    refundId: `ref_paging_${i}`, paymentIntentId: `pi_paging_${i}`, chargeId: null, amount: 1_000 + i, currency: 'USD', reason: 'requested_by_customer',
    metadata: { bursar_refund_id: `ref_paging_${i}`, bursar_payment_id: `pay_paging_${i}`, bursar_enrollment_id: null },
  }, new Date(at));
  return { id: row.id, createdAt: row.created_at, state: 'pending' };
}

const newestFirst = (rows: Queued[]) => [...rows].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
const markDone = (q: Queued) => {
  core.store.raw.prepare(`UPDATE outbox SET state = 'done', attempts = 1 WHERE id = ?`).run(q.id);
  q.state = 'done';
};

async function pageAll(input: { state?: 'pending' | 'done'; limit: number }, between?: (pageNo: number) => void): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let pageNo = 1; ; pageNo++) {
    const page = await core.ok('outbox:list', { ...input, ...(cursor ? { cursor } : {}) });
    ids.push(...page.rows.map((r) => r.id));
    if (!page.nextCursor) return ids;
    expect(page.rows).toHaveLength(input.limit);
    cursor = page.nextCursor;
    between?.(pageNo);
  }
}

beforeAll(async () => {
  core = await makeCore();
  core.store.transaction(() => {
    for (let i = 0; i < ROWS; i++) queued.push(queue(i, BASE + Math.floor(i / 4) * 1000));
  });
  // Every third was already sent.
  queued.forEach((q, i) => i % 3 === 0 && markDone(q));
}, 60_000);
afterAll(() => core?.dispose());

describe('outbox:list keyset paging', () => {
  it('visits every one of 1,234 rows exactly once, newest first, filtered or not; the old input still gives the newest page', async () => {
    for (const limit of [100, 77]) expect(await pageAll({ limit }), `limit ${limit}`).toEqual(newestFirst(queued).map((q) => q.id));
    expect(await pageAll({ state: 'done', limit: 50 })).toEqual(newestFirst(queued.filter((q) => q.state === 'done')).map((q) => q.id));
    const first = await core.ok('outbox:list', {});
    expect(first.rows.map((r) => r.id)).toEqual(newestFirst(queued).slice(0, 100).map((q) => q.id));
    expect(first.waiting).toBe(queued.filter((q) => q.state === 'pending').length);
  });

  it('rows queued and sent between pages neither repeat nor skip older ones', async () => {
    const before = newestFirst(queued);
    const added: Queued[] = [];
    const ids = await pageAll({ limit: 150 }, (pageNo) => {
      for (let k = 0; k < 3; k++) added.push(queue(10_000 + pageNo * 10 + k, BASE + 86_400_000 + pageNo * 1000));
      // The worker sends an older row not yet visited: its state changes, not its place.
      const unvisited = before[pageNo * 150 + 10];
      if (unvisited && unvisited.state === 'pending') markDone(unvisited);
    });
    expect(ids).toEqual(before.map((q) => q.id));
    queued.push(...added);
  });

  it('a cursor the desk did not hand out, or handed out for another list, is refused naming cursor', async () => {
    const fromOutbox = (await core.ok('outbox:list', { limit: 1 })).nextCursor ?? '';
    // The same key under the events list's name.
    const relabelled = Buffer.from(JSON.stringify(['sync:events', ...(JSON.parse(Buffer.from(fromOutbox, 'base64url').toString()) as string[]).slice(1)])).toString('base64url');
    expect((await core.fail('sync:events', { cursor: fromOutbox })).fields).toEqual({ cursor: 'is not a page position from this list; start again from the first page' });
    for (const cursor of ['%%%', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["outbox:list","2026-03-01T08:00:00.000Z",""]').toString('base64url'), relabelled]) {
      const error = await core.fail('outbox:list', { cursor });
      expect(error.code, cursor).toBe('VALIDATION');
      expect(Object.keys(error.fields ?? {}), cursor).toEqual(['cursor']);
      expect(error.message).toMatch(/^cursor: is not a page position from this list/);
    }
  });
});

describe('outbox export', () => {
  it('holds every row, not the newest 500, and exactly its filter', async () => {
    for (const filters of [{}, { state: 'pending' as const }]) {
      const started = await core.ok('reports:exportTable', { request: { table: 'outbox', filters } });
      await core.services.jobs.settled(started.job.jobId);
      expect((await core.ok('jobs:status', { jobId: started.job.jobId })).state).toBe('done');
      const [header, ...rows] = parse((await core.ok('reports:exportFile', { jobId: started.job.jobId })).csv, { bom: true }) as string[][];
      expect(header).toEqual(tableCells.outbox.columns);
      const wanted = newestFirst(queued.filter((q) => !('state' in filters) || q.state === filters.state));
      expect(rows.map((r) => r[9]), JSON.stringify(filters)).toEqual(wanted.map((q) => q.id));
      expect(rows.length).toBeGreaterThan(500);
      if ('state' in filters) expect(new Set(rows.map((r) => r[2]))).toEqual(new Set(['pending']));
    }
    expect(queued.length).toBeGreaterThan(ROWS);
  });
});
