import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemState, ItemStatus } from '../../../shared/contract/schedules';
import { ItemStatus as ItemStatusSchema } from '../../../shared/contract/schedules';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { addDays, dateOf } from '../../../electron/services/schedules/calendar';
import { itemStatus } from '../../../electron/services/schedules/itemStatus';
import { listSchedules } from '../../../electron/services/schedules/listSchedules';
import type { ScheduleFilter } from '../../../electron/services/schedules/listSchedules';
import type { SqlQuery } from '../../../electron/store/sql';
import type { Store } from '../../../electron/store/store';
import { countFromItems } from '../../../electron/services/schedules/scheduleTotal';
import { atomsWanted } from '../../../electron/services/schedules/statusAtoms';
import { seedCatalog } from '../../../scripts/seed/catalogSeed';
import { rid } from '../../support/core';
import { makeCatalogCore } from './fixtures';
import type { CatalogCore } from './fixtures';

type Item = { id: string; enrollment_id: string; product_id: string; payer_id: string; due_date: string; amount: number; paid_amount: number; state: ItemState; currency: string };
type Filter = Omit<ScheduleFilter, 'limit' | 'offset' | 'after' | 'includeTotal'>;

const ALL = ItemStatusSchema.options;

/** What a filter means, written from the words rather than from the SQL: the statuses asked, narrowed by the two shortcuts, within the ranges. */
function oracle(items: readonly Item[], f: Filter, today: string): Item[] {
  let wanted = new Set<ItemStatus>(f.status ?? ALL);
  if (f.overdue === true) wanted = new Set([...wanted].filter((s) => s === 'overdue'));
  if (f.overdue === false) wanted.delete('overdue');
  if (f.paused === true) wanted = new Set([...wanted].filter((s) => s === 'paused'));
  if (f.paused === false) wanted.delete('paused');
  return items.filter((i) =>
    wanted.has(itemStatus({ state: i.state, dueDate: i.due_date, amount: i.amount, paid: i.paid_amount }, today))
    && (!f.dueFrom || i.due_date >= f.dueFrom)
    && (!f.dueTo || i.due_date <= f.dueTo)
    && (!f.productId || i.product_id === f.productId)
    && (!f.payerId || i.payer_id === f.payerId)
    && (!f.enrollmentId || i.enrollment_id === f.enrollmentId));
}

/** Every subset of the seven statuses, and no status filter at all. */
const statusChoices: (ItemStatus[] | undefined)[] = [undefined, ...Array.from({ length: 2 ** ALL.length - 1 }, (_, mask) => ALL.filter((_s, bit) => ((mask + 1) >> bit) & 1))];
const flags = [undefined, true, false] as const;

describe('schedules:list total from item_totals equals count(*) of the items', () => {
  let core: CatalogCore;
  let today: string;
  let items: Item[];
  let productId: string;

  beforeAll(async () => {
    core = await makeCatalogCore('2025-03-15');
    today = dateOf(core.clock.at);
    const seeded = await seedCatalog(core, core.admin, {
      enrollments: 120, products: 3, spreadDays: 75, pausedPerMille: 150, waivedPerMille: 100,
      now: () => core.clock.at, requestPrefix: rid('totals'), currencyOf: (p) => (p === 2 ? 'EUR' : 'USD'),
    });
    productId = seeded.products[0] ?? '';
    const read = () => core.store.raw.prepare('SELECT id, enrollment_id, product_id, payer_id, due_date, amount, paid_amount, state, currency FROM schedule_items ORDER BY rowid').all() as Item[];

    // Payments through the cashier's channel: items paid in full, partly paid, and paid in
    // full or in part while paused (a picked item may be paused; only waived and cancelled are refused).
    let n = 0;
    const pay = (item: Item, amount: number) => core.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId: item.enrollment_id, method: 'bank_transfer', amount, currency: item.currency, reference: `T${++n}`, itemIds: [item.id] });
    const open = read().filter((i) => i.state === 'open');
    const paused = read().filter((i) => i.state === 'paused');
    for (const [k, item] of open.entries()) {
      if (k % 5 === 0) await pay(item, item.amount);
      else if (k % 7 === 0) await pay(item, Math.max(1, Math.floor(item.amount / 3)));
    }
    for (const [k, item] of paused.entries()) {
      if (k % 3 === 0) await pay(item, item.amount);
      else if (k % 3 === 1) await pay(item, 1);
    }
    // Cancelled items: an enrollment with nothing paid, cancelled through the cashier issue's channel.
    const unpaid = read().filter((i) => i.state === 'open' && i.paid_amount === 0);
    const toCancel = unpaid.find((i) => !read().some((j) => j.enrollment_id === i.enrollment_id && j.paid_amount > 0));
    if (!toCancel) throw new Error('no unpaid enrollment to cancel');
    await core.ok('enrollments:cancel', { requestId: rid('cancel'), enrollmentId: toCancel.enrollment_id, reason: 'moved away' });
    // The "today" boundary: one unpaid item due exactly today, one yesterday, one tomorrow.
    const movable = read().filter((i) => i.state === 'open' && i.paid_amount === 0 && i.due_date !== today);
    for (const [k, dueDate] of [today, addDays(today, -1), addDays(today, 1), today].entries()) {
      const item = movable[k * 3];
      if (!item) throw new Error('not enough open items');
      await core.ok('schedules:adjust', { requestId: rid('adj'), itemId: item.id, dueDate, reason: 'boundary' });
    }
    items = read();
  }, 120_000);
  afterAll(() => core.dispose());

  it('has every kind of item the filters tell apart', () => {
    const statuses = (t: string) => new Set(items.map((i) => itemStatus({ state: i.state, dueDate: i.due_date, amount: i.amount, paid: i.paid_amount }, t)));
    expect([...statuses(today)].sort()).toEqual([...ALL].sort());
    const paidWhilePaused = items.filter((i) => i.state === 'paused' && i.paid_amount >= i.amount);
    const partWhilePaused = items.filter((i) => i.state === 'paused' && i.paid_amount > 0 && i.paid_amount < i.amount);
    expect(paidWhilePaused.length).toBeGreaterThan(0);
    expect(partWhilePaused.length).toBeGreaterThan(0);
    expect(items.filter((i) => i.due_date === today && i.state === 'open' && i.paid_amount === 0).length).toBeGreaterThanOrEqual(2);
    expect(verifyReportSummaries(core.store)).toEqual([]);
  });

  it('gives the count(*) total for every combination of status, overdue, paused, due range and product, on both sides of "today"', () => {
    let compared = 0;
    for (const t of [today, addDays(today, 1)]) {
      const ranges: Filter[] = [{}, { dueFrom: t }, { dueTo: t }, { dueFrom: addDays(t, -20), dueTo: t }, { dueFrom: t, dueTo: t }, { dueFrom: addDays(t, 1), dueTo: addDays(t, -1) }];
      for (const status of statusChoices) {
        for (const overdue of flags) {
          for (const paused of flags) {
            for (const range of ranges) {
              for (const product of [{}, { productId }]) {
                const f: Filter = { ...range, ...product, ...(status ? { status } : {}), ...(overdue === undefined ? {} : { overdue }), ...(paused === undefined ? {} : { paused }) };
                const expected = oracle(items, f, t).length;
                const listed = listSchedules(core.store, { ...f, limit: 1, offset: 0 }, t).total;
                const counted = countFromItems(core.store, f, atomsWanted(f), t);
                if (listed !== expected || counted !== expected) expect({ f, t, listed, counted }).toEqual({ f, t, listed: expected, counted: expected });
                compared += 1;
              }
            }
          }
        }
      }
    }
    expect(compared).toBe(2 * statusChoices.length * 9 * 6 * 2);
  }, 120_000);

  it('lists exactly the matching items, and the same total, through invoke (payer and enrollment filters count the items)', async () => {
    const someone = items.find((i) => i.state === 'paused') ?? items[0];
    const filters: Filter[] = [
      {}, { overdue: true }, { status: ['due', 'overdue'] }, { paused: true }, { status: ['paid'] }, { status: ['partially_paid', 'paused'] },
      { status: ['waived', 'cancelled'] }, { productId, overdue: true }, { dueFrom: today, dueTo: today }, { status: ['due'], dueTo: today },
      { payerId: someone?.payer_id ?? '' }, { payerId: someone?.payer_id ?? '', paused: false }, { enrollmentId: someone?.enrollment_id ?? '', status: ['paid', 'paused'] },
    ];
    for (const f of filters) {
      const page = await core.ok('schedules:list', { ...f, limit: 500 });
      const expected = oracle(items, f, today);
      expect(expected.length, JSON.stringify(f)).toBeLessThan(500);
      expect(page.total, JSON.stringify(f)).toBe(expected.length);
      expect(page.items.map((i) => i.id).sort(), JSON.stringify(f)).toEqual(expected.map((i) => i.id).sort());
    }
  });

  it('reads big totals from item_totals and walks only unpaid items for the overdue page (migration 0008), whatever the planner would otherwise pick', () => {
    const seen: SqlQuery[] = [];
    const watched: Store = { ...core.store, all: (q) => (seen.push(q), core.store.all(q)), get: (q) => (seen.push(q), core.store.get(q)) };
    const plan = (q: SqlQuery) => (core.store.raw.prepare(`EXPLAIN QUERY PLAN ${q.text}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const f of [{ overdue: true }, { status: ['due', 'overdue'] }, { productId, overdue: true }] satisfies Filter[]) {
      seen.length = 0;
      listSchedules(watched, { ...f, limit: 50, offset: 0 }, today);
      const [page, ...totals] = seen;
      if (!f.productId) expect(plan(page ?? seen[0]!), JSON.stringify(f)).toContain('schedule_items_unpaid_due');
      expect(totals.length, JSON.stringify(f)).toBeGreaterThan(0);
      for (const q of totals) expect(plan(q), JSON.stringify(f)).toMatch(/SEARCH i USING PRIMARY KEY/);
      for (const q of totals) expect(q.text).toContain('FROM item_totals');
    }
    seen.length = 0;
    listSchedules(watched, { payerId: items[0]?.payer_id ?? '', limit: 50, offset: 0 }, today);
    expect(seen.at(-1)?.text).toContain('FROM schedule_items');
  });
});
