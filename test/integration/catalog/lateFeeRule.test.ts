import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { rid } from '../../support/core';
import { auditRows, count, makeCashier, makeCatalogCore, seedLateFeeStudents, snapshot } from './fixtures';
import type { CatalogCore } from './fixtures';

describe("the plans' late-fee rule: schedules:postDueLateFees and the automatic setting", () => {
  let core: CatalogCore;
  beforeEach(async () => {
    core = await makeCatalogCore('2025-01-10');
  });
  afterEach(() => core.dispose());

  const seed = () => seedLateFeeStudents(core);
  const proposed = async () => (await core.ok('schedules:list', { limit: 200 })).items.filter((i) => i.lateFeeProposed !== null).map((i) => i.id).sort();

  it('words its reason in the office language: a Spanish office keeps a Spanish reason on the fee and in the audit', async () => {
    await seed();
    await core.ok('settings:update', { requestId: rid(), patch: { locale: 'es-ES' } });
    core.setToday('2025-01-20');
    const result = await core.ok('schedules:postDueLateFees', { requestId: rid() });
    expect(result.posted).toHaveLength(2);
    const reasons = (await core.ok('schedules:list', { limit: 200 })).items.filter((i) => i.kind === 'late_fee').map((i) => i.stateReason);
    expect(reasons).toEqual(Array(2).fill('Registrado por la regla de recargos por mora del plan (5 días de gracia)'));
    expect(auditRows(core, 'schedule_item.post_late_fee').map((e) => (JSON.parse(e.after_json ?? '{}') as { reason?: string }).reason)).toEqual(reasons);
  });

  it('posts exactly the fees the schedule proposes, each audited with the rule as its reason; again, nothing; a replay returns the first answer', async () => {
    const { a, b } = await seed();
    await core.ok('payments:recordManual', { requestId: rid(), enrollmentId: b.enrollment.id, method: 'bank_transfer', amount: 100_00, currency: 'USD', reference: 'TRF-B' });
    core.setToday('2025-02-20');
    // Ada's Jan and Feb items are 41 and 10 days late; Ben paid January, his Feb item is 10 days late; Cy's plan has no fee.
    const expected = await proposed();
    expect(expected).toEqual([a.items[0]?.id, a.items[1]?.id, b.items[1]?.id].sort());

    const requestId = rid('due-fees');
    const result = await core.ok('schedules:postDueLateFees', { requestId });
    expect(result.more).toBe(false);
    expect(result.posted.map((p) => p.itemId).sort()).toEqual(expected);
    expect(result.posted.map((p) => [p.amount, p.currency])).toEqual([[15_00, 'USD'], [15_00, 'USD'], [15_00, 'USD']]);
    expect(result.posted.find((p) => p.itemId === a.items[0]?.id)?.daysLate).toBe(41);
    expect(await proposed()).toEqual([]);
    expect(count(core, 'schedule_items', `kind = 'late_fee'`)).toBe(3);
    const entries = auditRows(core, 'schedule_item.post_late_fee');
    expect(entries).toHaveLength(3);
    expect(entries.map((e) => [e.actor_name, (JSON.parse(e.after_json ?? '{}') as { reason?: string }).reason])).toEqual(Array(3).fill(['admin', 'Posted by the plan’s late-fee rule (5 grace days)']));

    const before = snapshot(core);
    expect(await core.ok('schedules:postDueLateFees', { requestId })).toEqual(result);
    expect(snapshot(core)).toBe(before);
    expect((await core.ok('schedules:postDueLateFees', { requestId: rid() })).posted).toEqual([]);
    expect(count(core, 'schedule_items', `kind = 'late_fee'`)).toBe(3);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
    expect(verifyReportSummaries(core.store)).toEqual([]);
  });

  it('is an admin action: a cashier is refused and nothing is written', async () => {
    await seed();
    core.setToday('2025-02-20');
    const before = snapshot(core);
    expect((await core.fail('schedules:postDueLateFees', { requestId: rid() }, makeCashier(core))).code).toBe('FORBIDDEN');
    expect((await core.fail('schedules:postDueLateFees', { requestId: rid(), reason: '' })).fields?.reason).toBeDefined();
    expect(snapshot(core)).toBe(before);
  });

  it('with "post late fees automatically" on, the desk applies the rule itself and the audit names the rule; off, it posts nothing', async () => {
    const { a, b } = await seed();
    core.setToday('2025-01-20');
    expect((await core.services.lateFees.runOnce()).posted).toBe(0);
    expect(count(core, 'schedule_items', `kind = 'late_fee'`)).toBe(0);

    const settings = await core.ok('settings:update', { requestId: rid(), patch: { lateFeesAutomatic: true } });
    expect(settings.lateFeesAutomatic).toBe(true);
    expect((await core.ok('settings:get', {})).lateFeesAutomatic).toBe(true);
    const notices: string[] = [];
    core.subscribe((n) => notices.push(n.channel));
    // Ada's and Ben's January items are 10 days late.
    expect((await core.services.lateFees.runOnce()).posted).toBe(2);
    expect(notices).toContain('schedules:postDueLateFees');
    const entries = auditRows(core, 'schedule_item.post_late_fee');
    expect(entries.map((e) => e.actor_name)).toEqual(['late-fee rule', 'late-fee rule']);
    // Through the contract: the rule's entries are the desk's own work, shown as such on the Audit screen.
    const listed = await core.ok('audit:list', { action: 'schedule_item.post_late_fee', limit: 10 });
    expect(listed.entries.map((e) => [e.actorName, e.bySystem])).toEqual([['late-fee rule', true], ['late-fee rule', true]]);
    expect(entries.map((e) => (JSON.parse(e.before_json ?? '{}') as { forItem: { id: string; daysLate: number } }).forItem).sort((x, y) => x.id.localeCompare(y.id)))
      .toEqual([{ id: a.items[0]?.id, daysLate: 10 }, { id: b.items[0]?.id, daysLate: 10 }].map((f) => expect.objectContaining(f)).sort());
    // The next hour: nothing new is due, nothing is posted twice.
    expect((await core.services.lateFees.runOnce()).posted).toBe(0);
    core.setToday('2025-02-16');
    expect((await core.services.lateFees.runOnce()).posted).toBe(2);
    expect(count(core, 'schedule_items', `kind = 'late_fee'`)).toBe(4);

    await core.ok('settings:update', { requestId: rid(), patch: { lateFeesAutomatic: false } });
    core.setToday('2025-03-16');
    expect((await core.services.lateFees.runOnce()).posted).toBe(0);
    expect(await proposed()).toEqual([a.items[2]?.id, b.items[2]?.id].sort());
  });
});
