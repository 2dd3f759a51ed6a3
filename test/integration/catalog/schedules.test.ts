import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rid } from '../../support/core';
import { auditRows, count, createPayer, createPlan, createProduct, makeCashier, makeCatalogCore, payInFull, snapshot, threeMonthly } from './fixtures';
import type { CatalogCore } from './fixtures';

describe('schedules through invoke', () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-01-10');
  });
  afterEach(() => core.dispose());

  /** Two products, three payers, four enrollments: 3+3+3+1 items from Jan 10 onward. */
  async function seed() {
    const welding = await createProduct(core, { name: 'Welding', price: 300_00 });
    const nursing = await createProduct(core, { name: 'Nursing', price: 600_00 });
    const wPlan = await createPlan(core, welding.id, threeMonthly);
    const nPlan = await createPlan(core, nursing.id, threeMonthly);
    const nFull = await createPlan(core, nursing.id, payInFull);
    const [a, b, c] = [await createPayer(core, { name: 'Ada' }), await createPayer(core, { name: 'Ben' }), await createPayer(core, { name: 'Cy' })];
    const enroll = (payerId: string, productId: string, planId: string) => core.ok('enrollments:create', { requestId: rid(), payerId, productId, planId });
    const e1 = await enroll(a.id, welding.id, wPlan.id);
    const e2 = await enroll(b.id, welding.id, wPlan.id);
    const e3 = await enroll(a.id, nursing.id, nPlan.id);
    core.setToday('2025-01-20');
    const e4 = await enroll(c.id, nursing.id, nFull.id);
    return { welding, nursing, e1, e2, e3, e4 };
  }

  it('lists with status, date range, product and overdue filters, paging and a total', async () => {
    const { welding, nursing, e1, e4 } = await seed();
    core.setToday('2025-03-01');
    const all = await core.ok('schedules:list', {});
    expect(all.total).toBe(10);
    expect(all.items.map((i) => i.dueDate)).toEqual([...all.items.map((i) => i.dueDate)].sort());
    expect(all.items[0]).toMatchObject({ payerName: 'Ada', productName: 'Welding', status: 'overdue' });

    const overdue = await core.ok('schedules:list', { overdue: true });
    expect(overdue.total).toBe(7); // Jan 10 ×3, Jan 20 ×1, Feb 10 ×3
    expect(overdue.items.every((i) => i.status === 'overdue')).toBe(true);
    expect((await core.ok('schedules:list', { status: ['due'] })).total).toBe(3);
    expect((await core.ok('schedules:list', { status: ['due', 'overdue'] })).total).toBe(10);
    expect((await core.ok('schedules:list', { status: ['paid', 'waived'] })).total).toBe(0);
    expect((await core.ok('schedules:list', { overdue: false })).total).toBe(3);

    const nursingOverdue = await core.ok('schedules:list', { productId: nursing.id, overdue: true });
    expect(nursingOverdue.items.map((i) => [i.dueDate, i.payerName])).toEqual([['2025-01-10', 'Ada'], ['2025-01-20', 'Cy'], ['2025-02-10', 'Ada']]);
    expect(nursingOverdue.items[1]?.enrollmentId).toBe(e4.enrollment.id);

    const range = await core.ok('schedules:list', { dueFrom: '2025-02-01', dueTo: '2025-02-28', productId: welding.id });
    expect(range.items.map((i) => [i.dueDate, i.payerName])).toEqual([['2025-02-10', 'Ada'], ['2025-02-10', 'Ben']]);
    expect((await core.ok('schedules:list', { enrollmentId: e1.enrollment.id })).items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect((await core.ok('schedules:list', { payerId: e1.enrollment.payerId })).total).toBe(6);

    const pages = [];
    for (let offset = 0; offset < 10; offset += 4) pages.push(await core.ok('schedules:list', { limit: 4, offset }));
    expect(pages.map((p) => p.items.length)).toEqual([4, 4, 2]);
    expect(pages.every((p) => p.total === 10)).toBe(true);
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual((await core.ok('schedules:list', { limit: 10 })).items.map((i) => i.id));

    // Keyset paging walks the same order, and later pages may skip the count.
    const walked: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await core.ok('schedules:list', { limit: 3, includeTotal: after === undefined, ...(after ? { after } : {}) });
      expect(page.total).toBe(after === undefined ? 10 : null);
      walked.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect(walked).toEqual(pages.flatMap((p) => p.items.map((i) => i.id)));
    expect((await core.fail('schedules:list', { after: 'garbage' })).fields).toHaveProperty('after');
    expect((await core.fail('schedules:list', { after: '2025-01-10~1', offset: 5 })).fields).toHaveProperty('offset');
  });

  it('pauses and resumes one item or a whole enrollment, shifting dates when asked, with audit before/after', async () => {
    const { e1, e3 } = await seed();
    const [first] = e1.items;
    const paused = await core.ok('schedules:pause', { requestId: rid(), target: { itemId: first?.id ?? '' }, reason: 'family emergency' });
    expect(paused.items).toMatchObject([{ id: first?.id, status: 'paused', state: 'paused', stateReason: 'family emergency', pausedOn: '2025-01-20' }]);
    expect((await core.ok('schedules:list', { paused: true })).items.map((i) => i.id)).toEqual([first?.id]);
    expect((await core.ok('schedules:list', { status: ['paused'], overdue: true })).total).toBe(0);

    core.setToday('2025-02-04');
    const resumed = await core.ok('schedules:resume', { requestId: rid(), target: { itemId: first?.id ?? '' }, shiftDates: true, reason: 'back' });
    expect(resumed.items).toMatchObject([{ status: 'overdue', dueDate: '2025-01-25', originalDueDate: '2025-01-10', pausedOn: null }]);
    const [pauseAudit] = auditRows(core, 'schedule_item.pause');
    expect(JSON.parse(pauseAudit?.before_json ?? '{}')).toMatchObject({ state: 'open', dueDate: '2025-01-10' });
    expect(JSON.parse(pauseAudit?.after_json ?? '{}')).toMatchObject({ state: 'paused', pausedOn: '2025-01-20' });
    const [resumeAudit] = auditRows(core, 'schedule_item.resume');
    expect(JSON.parse(resumeAudit?.after_json ?? '{}')).toMatchObject({ state: 'open', dueDate: '2025-01-25' });

    const all = await core.ok('schedules:pause', { requestId: rid(), target: { enrollmentId: e3.enrollment.id }, reason: 'leave of absence' });
    expect(all.items).toHaveLength(3);
    core.setToday('2025-02-14');
    const back = await core.ok('schedules:resume', { requestId: rid(), target: { enrollmentId: e3.enrollment.id } });
    expect(back.items.map((i) => i.dueDate)).toEqual(['2025-01-10', '2025-02-10', '2025-03-10']);
    expect(back.items.map((i) => i.status)).toEqual(['overdue', 'overdue', 'due']);
  });

  it('adjusts a due date with a reason and waives an item; refuses changes to waived items', async () => {
    const { e2 } = await seed();
    const [item, second] = e2.items;
    const adjusted = await core.ok('schedules:adjust', { requestId: rid(), itemId: item?.id ?? '', dueDate: '2025-02-01', reason: 'payday moved' });
    expect(adjusted.items[0]).toMatchObject({ dueDate: '2025-02-01', originalDueDate: '2025-01-10', status: 'due', stateReason: 'payday moved' });
    const [audit] = auditRows(core, 'schedule_item.adjust');
    expect(JSON.parse(audit?.before_json ?? '{}').dueDate).toBe('2025-01-10');
    expect(JSON.parse(audit?.after_json ?? '{}').dueDate).toBe('2025-02-01');

    const waived = await core.ok('schedules:waive', { requestId: rid(), itemId: second?.id ?? '', reason: 'scholarship top-up' });
    expect(waived.items[0]).toMatchObject({ status: 'waived', outstanding: 0 });
    expect((await core.ok('schedules:list', { status: ['waived'] })).items.map((i) => i.id)).toEqual([second?.id]);

    const before = snapshot(core);
    for (const [channel, input, field] of [
      ['schedules:adjust', { requestId: rid(), itemId: second?.id, dueDate: '2025-05-01', reason: 'x' }, 'itemId'],
      ['schedules:waive', { requestId: rid(), itemId: second?.id, reason: 'again' }, 'itemId'],
      ['schedules:pause', { requestId: rid(), target: { itemId: second?.id }, reason: 'x' }, 'target.itemId'],
      ['schedules:resume', { requestId: rid(), target: { itemId: item?.id } }, 'target.itemId'],
      ['schedules:adjust', { requestId: rid(), itemId: item?.id, dueDate: '2025-02-30', reason: 'x' }, 'dueDate'],
      ['schedules:adjust', { requestId: rid(), itemId: item?.id, dueDate: '2025-03-01', reason: '  ' }, 'reason'],
      ['schedules:pause', { requestId: rid(), target: {}, reason: 'x' }, 'target'],
    ] as const) {
      const error = await core.fail(channel, input);
      expect(error.code, channel).toBe('VALIDATION');
      expect(Object.keys(error.fields ?? {}).some((k) => k === field || k.startsWith(`${field}.`)), `${channel} ${JSON.stringify(error.fields)}`).toBe(true);
    }
    expect((await core.fail('schedules:waive', { requestId: rid(), itemId: 'itm_nope', reason: 'x' })).code).toBe('NOT_FOUND');
    expect(snapshot(core)).toBe(before);
  });

  it('proposes the plan\'s late fee on rows past the grace days, without posting anything', async () => {
    const product = await createProduct(core, { price: 300_00 });
    const plan = await createPlan(core, product.id, threeMonthly, { lateFee: { amount: 20_00, graceDays: 7 } });
    const payer = await createPayer(core);
    await core.ok('enrollments:create', { requestId: rid(), payerId: payer.id, productId: product.id, planId: plan.id });
    core.setToday('2025-02-15'); // Jan 10 is 36 days late, Feb 10 only 5
    const before = snapshot(core);
    const { items } = await core.ok('schedules:list', { productId: product.id });
    expect(items.map((i) => [i.dueDate, i.status, i.lateFeeProposed])).toEqual([['2025-01-10', 'overdue', 2_000], ['2025-02-10', 'overdue', null], ['2025-03-10', 'due', null]]);
    expect(snapshot(core)).toBe(before);
  });

  it('replays a pause for the same requestId without a second audit entry', async () => {
    const { e1 } = await seed();
    const input = { requestId: rid(), target: { enrollmentId: e1.enrollment.id }, reason: 'holiday' };
    const first = await core.ok('schedules:pause', input);
    const auditCount = count(core, 'audit_log');
    expect(await core.ok('schedules:pause', input)).toEqual(first);
    expect(count(core, 'audit_log')).toBe(auditCount);
    expect(auditRows(core, 'schedule_item.pause')).toHaveLength(3);
  });

  it('lets a cashier list schedules but not adjust, pause, resume or waive', async () => {
    const { e1 } = await seed();
    const cashier = makeCashier(core);
    expect((await core.ok('schedules:list', {}, cashier)).total).toBe(10);
    const itemId = e1.items[0]?.id ?? '';
    const before = snapshot(core);
    for (const [channel, input] of [
      ['schedules:adjust', { requestId: rid(), itemId, dueDate: '2025-05-01', reason: 'x' }],
      ['schedules:pause', { requestId: rid(), target: { itemId }, reason: 'x' }],
      ['schedules:resume', { requestId: rid(), target: { itemId } }],
      ['schedules:waive', { requestId: rid(), itemId, reason: 'x' }],
    ] as const) {
      expect((await core.fail(channel, input, cashier)).code).toBe('FORBIDDEN');
    }
    expect(snapshot(core)).toBe(before);
  });
});
