import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { rid } from '../../support/core';
import { payInFull } from '../catalog/fixtures';
import { enroll, makeCashierCore, openDrawer, payCash, rows } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';

/**
 * "Today" is the office's calendar day in its time zone (Settings), not the UTC date: due and
 * overdue, the default enrollment date, the dashboard, and the revenue day a payment is counted on.
 */
describe('the office calendar day', () => {
  let core: CashierCore;
  beforeEach(async () => {
    core = await makeCashierCore('2026-03-01');
  });
  afterEach(() => core.dispose());

  const setZone = (timeZone: string) => core.ok('settings:update', { requestId: rid('tz'), patch: { timeZone } });
  const revenueDays = async (from: string, to: string) =>
    (await core.ok('reports:revenue', { from, to, granularity: 'day' })).rows.map((r) => ({ period: r.period, method: r.method, gross: r.gross, payments: r.payments }));
  const statusOf = async (enrollmentId: string) => (await core.ok('schedules:list', { enrollmentId })).items.map((i) => ({ dueDate: i.dueDate, status: i.status }));

  it('in Auckland at 09:00 on 2 March (20:00 UTC on 1 March) an item due 2 March is due today, overdue the next local day, and a payment counts on 2 March', async () => {
    await setZone('Pacific/Auckland');
    core.clock.at = new Date('2026-03-01T20:00:00Z');
    // Enrolled today without a date: the office's 2 March, so each pay-in-full item is due 2 March.
    const { enrollment } = await enroll(core, { terms: payInFull, product: { price: 500_00 } });
    const paid = await enroll(core, { terms: payInFull, product: { price: 400_00 } });
    expect(enrollment.enrolledOn).toBe('2026-03-02');
    expect(paid.items.map((i) => ({ dueDate: i.dueDate, status: i.status }))).toEqual([{ dueDate: '2026-03-02', status: 'due' }]);
    expect(await statusOf(enrollment.id)).toEqual([{ dueDate: '2026-03-02', status: 'due' }]);

    let dash = await core.ok('dashboard:stats', {});
    expect(dash.today).toBe('2026-03-02');
    expect(dash.dueToday).toEqual([{ currency: 'USD', count: 2, amount: 900_00 }]);
    expect(dash.overdue).toEqual([]);

    await openDrawer(core);
    await payCash(core, paid.enrollment.id, 100_00);
    expect(rows(core, `SELECT at, day FROM ledger_entries WHERE account = 'received'`)).toEqual([{ at: '2026-03-01T20:00:00.000Z', day: '2026-03-02' }]);
    expect(await revenueDays('2026-02-28', '2026-03-04')).toEqual([{ period: '2026-03-02', method: 'cash', gross: 100_00, payments: 1 }]);
    dash = await core.ok('dashboard:stats', {});
    expect(dash.takings).toEqual([{ currency: 'USD', method: 'cash', gross: 100_00, voided: 0, refunded: 0, net: 100_00, payments: 1, voids: 0 }]);

    // 00:30 on 3 March in Auckland, still 2 March in UTC: what is still owed is overdue.
    core.clock.at = new Date('2026-03-02T11:30:00Z');
    expect(await statusOf(enrollment.id)).toEqual([{ dueDate: '2026-03-02', status: 'overdue' }]);
    const details = await core.ok('enrollments:paymentDetails', { enrollmentId: enrollment.id });
    expect(details.items.map((i) => i.status)).toEqual(['overdue']);
    dash = await core.ok('dashboard:stats', {});
    expect(dash.today).toBe('2026-03-03');
    expect(dash.dueToday).toEqual([]);
    expect(dash.overdue).toEqual([{ currency: 'USD', count: 2, amount: 800_00 }]);
    // Yesterday's takings are no longer today's.
    expect(dash.takings).toEqual([]);
    const status = await core.ok('reports:statusBreakdown', { from: '2026-03-01', to: '2026-03-31' });
    expect(status.rows.map((r) => ({ status: r.status, count: r.count })).sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { status: 'overdue', count: 1 },
      { status: 'partially_paid', count: 1 },
    ]);
    expect(verifyReportSummaries(core.store)).toEqual([]);
  });

  it('in Los Angeles a payment at 19:00 on 1 March (03:00 UTC on 2 March) counts on 1 March', async () => {
    await setZone('America/Los_Angeles');
    core.clock.at = new Date('2026-03-02T03:00:00Z');
    const { enrollment } = await enroll(core, { terms: payInFull, product: { price: 500_00 } });
    expect(enrollment.enrolledOn).toBe('2026-03-01');
    await openDrawer(core);
    await payCash(core, enrollment.id, 150_00);
    expect(await revenueDays('2026-02-28', '2026-03-04')).toEqual([{ period: '2026-03-01', method: 'cash', gross: 150_00, payments: 1 }]);
    expect((await core.ok('dashboard:stats', {})).takings.map((t) => t.gross)).toEqual([150_00]);
    // The product report reads the per-product summary: the same day.
    expect(rows(core, 'SELECT day, gross FROM revenue_product_daily')).toEqual([{ day: '2026-03-01', gross: 150_00 }]);
  });

  it('keeps every revenue summary equal to the ledger after payments and voids in several zones', async () => {
    const { enrollment } = await enroll(core, { terms: payInFull, product: { price: 900_00 } });
    await openDrawer(core);
    const at = '2026-03-01T23:30:00Z';
    const zones = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati'];
    const expectedDays: string[] = [];
    for (const zone of zones) {
      await setZone(zone);
      core.clock.at = new Date(at);
      const payment = await payCash(core, enrollment.id, 100_00);
      if (zone === 'Asia/Kolkata') await core.ok('payments:void', { requestId: rid('void'), paymentId: payment.id, reason: 'wrong amount' });
      expectedDays.push(new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(at)));
    }
    expect(expectedDays).toEqual(['2026-03-01', '2026-03-02', '2026-03-01', '2026-03-02', '2026-03-02']);
    expect(rows<{ day: string }>(core, `SELECT day FROM ledger_entries WHERE account = 'received' AND amount > 0 ORDER BY seq`).map((r) => r.day)).toEqual(expectedDays);
    const report = await core.ok('reports:revenue', { from: '2026-03-01', to: '2026-03-02', granularity: 'day' });
    expect(report.rows.map((r) => ({ period: r.period, gross: r.gross, voided: r.voided, payments: r.payments }))).toEqual([
      { period: '2026-03-01', gross: 200_00, voided: 0, payments: 2 },
      { period: '2026-03-02', gross: 300_00, voided: 100_00, payments: 3 },
    ]);
    expect(verifyReportSummaries(core.store)).toEqual([]);
    expect((await core.ok('ledger:verify', {})).ok).toBe(true);
  });

  it('lists a drawer session opened at 08:30 on 2 March in Auckland (19:30 UTC on 1 March) under 2 March', async () => {
    await setZone('Pacific/Auckland');
    core.clock.at = new Date('2026-03-01T19:30:00Z');
    const session = await openDrawer(core);
    const sessionsOn = async (day: string) => (await core.ok('reports:drawerSessions', { from: day, to: day })).rows.map((r) => r.sessionId);
    expect(await sessionsOn('2026-03-02')).toEqual([session.id]);
    expect(await sessionsOn('2026-03-01')).toEqual([]);
    // A range ending on 1 March ends at Auckland's midnight, 11:00 UTC on 1 March: before the session.
    expect((await core.ok('reports:drawerSessions', { from: '2026-02-27', to: '2026-03-01' })).rows).toEqual([]);
    await setZone('UTC');
    expect(await sessionsOn('2026-03-01')).toEqual([session.id]);
  });

  it('refuses a zone that is not an IANA time zone, naming timeZone, and writes nothing', async () => {
    const settingsBefore = rows(core, 'SELECT * FROM settings');
    const auditBefore = rows(core, 'SELECT seq FROM audit_log');
    for (const timeZone of ['Mars/Olympus', '+10:00', 'UTC+10', '']) {
      const error = await core.fail('settings:update', { requestId: rid('tz'), patch: { timeZone } });
      expect(error.code).toBe('VALIDATION');
      expect(error.fields).toHaveProperty('patch.timeZone');
    }
    expect(rows(core, 'SELECT * FROM settings')).toEqual(settingsBefore);
    expect(rows(core, 'SELECT seq FROM audit_log')).toEqual(auditBefore);
    // Never set: the machine's zone (UTC under test).
    expect((await core.ok('settings:get', {})).timeZone).toBe('UTC');
  });

  it('stores a zone as the runtime names it and audits the change', async () => {
    const after = await setZone('australia/sydney');
    expect(after.timeZone).toBe('Australia/Sydney');
    const audit = rows<{ before_json: string; after_json: string }>(core, `SELECT before_json, after_json FROM audit_log WHERE action = 'settings.update'`);
    expect(audit.map((a) => [JSON.parse(a.before_json).timeZone, JSON.parse(a.after_json).timeZone])).toEqual([['UTC', 'Australia/Sydney']]);
  });
});
