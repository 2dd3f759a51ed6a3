import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemStatus } from '../../../electron/services/schedules/itemStatus';
import { verifyReportSummaries } from '../../../electron/services/reports/verifySummaries';
import { rows } from '../cashier/fixtures';
import { generateStore } from './generateStore';
import type { GeneratedStore } from './generateStore';

/**
 * Every report figure against the same figure computed here, independently, from
 * `ledger_entries` and the record tables with plain SQL and JS — never from the
 * `revenue_daily` summary or the items' paid cache the reports read.
 */
let g: GeneratedStore;
beforeAll(async () => {
  g = await generateStore(20251126);
}, 240_000);
afterAll(() => g?.core.dispose());

type MoneyRow = { day: string; currency: string; method: string; product_id: string; account: 'received' | 'refunded'; amount: number };
const moneyRows = (): MoneyRow[] => rows<MoneyRow>(g.core, `SELECT substr(l.at, 1, 10) AS day, l.currency, l.account, l.amount,
    CASE l.account WHEN 'received' THEN p.method ELSE r.method END AS method, coalesce(e.product_id, '') AS product_id
  FROM ledger_entries l LEFT JOIN payments p ON p.id = l.payment_id LEFT JOIN refunds r ON r.id = l.refund_id LEFT JOIN enrollments e ON e.id = l.enrollment_id
  WHERE l.account IN ('received', 'refunded')`);

const monday = (d: string): string => {
  const t = Date.parse(`${d}T00:00:00Z`);
  const dow = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - dow * 86_400_000).toISOString().slice(0, 10);
};
const periodOf = { day: (d: string) => d, week: monday, month: (d: string) => `${d.slice(0, 7)}-01` };

/** Ledger-derived paid per item: Σ allocated rows (not the paid_amount cache). */
type Item = { id: string; payer_id: string; product_id: string; currency: string; amount: number; state: 'open' | 'paused' | 'waived' | 'cancelled'; due_date: string; paid: number };
const items = (): Item[] => rows<Item>(g.core, `SELECT i.id, i.payer_id, i.product_id, i.currency, i.amount, i.state, i.due_date, coalesce(a.paid, 0) AS paid
  FROM schedule_items i LEFT JOIN (SELECT item_id, sum(amount) AS paid FROM ledger_entries WHERE account = 'allocated' GROUP BY item_id) a ON a.item_id = i.id`);
const owedOn = (i: Item) => (i.state === 'open' || i.state === 'paused' ? Math.max(0, i.amount - i.paid) : 0);
const today = () => g.core.clock.at.toISOString().slice(0, 10);
const byKey = <T>(list: T[], key: (t: T) => string) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe('reports equal the ledger on a generated store', () => {
  it('the generated store exercised every path and its books balance', async () => {
    for (const kind of ['pay:cash', 'pay:check', 'pay:bank_transfer', 'pay:card_terminal', 'pay:card', 'pay:credit', 'void', 'refund', 'cancel', 'settle', 'payout', 'pause', 'waive', 'move', 'deposit']) {
      expect(g.counts.get(kind) ?? 0, kind).toBeGreaterThan(0);
    }
    const currencies = rows<{ currency: string }>(g.core, `SELECT DISTINCT currency FROM ledger_entries WHERE account = 'received'`).map((r) => r.currency);
    expect(currencies.length).toBeGreaterThanOrEqual(3);
    expect(rows(g.core, `SELECT 1 FROM refunds WHERE method = 'card' AND status = 'succeeded'`).length).toBeGreaterThan(0);
    expect(rows(g.core, `SELECT 1 FROM refunds WHERE method = 'card' AND status = 'failed'`).length).toBeGreaterThan(0);
    for (const m of ['cash', 'check', 'bank_transfer']) expect(rows(g.core, `SELECT 1 FROM refunds WHERE method = ?`, m).length, `refund by ${m}`).toBeGreaterThan(0);
    if (process.env.GEN_DEBUG) console.log(Object.fromEntries(g.counts));
    expect((await g.core.ok('ledger:verify', {})).violations).toEqual([]);
    expect(verifyReportSummaries(g.core.store)).toEqual([]);
  });

  for (const granularity of ['day', 'week', 'month'] as const) {
    it(`reports:revenue by ${granularity} equals the ledger's received and refunded rows, per currency and method`, async () => {
      const report = await g.core.ok('reports:revenue', { from: g.start, to: g.end, granularity });
      const expected = new Map<string, { period: string; currency: string; method: string; gross: number; voided: number; refunded: number; net: number; payments: number; voids: number; refunds: number }>();
      for (const r of moneyRows()) {
        const period = periodOf[granularity](r.day);
        const key = `${period}|${r.currency}|${r.method}`;
        const e = expected.get(key) ?? { period, currency: r.currency, method: r.method, gross: 0, voided: 0, refunded: 0, net: 0, payments: 0, voids: 0, refunds: 0 };
        if (r.account === 'received' && r.amount > 0) Object.assign(e, { gross: e.gross + r.amount, payments: e.payments + 1 });
        if (r.account === 'received' && r.amount < 0) Object.assign(e, { voided: e.voided - r.amount, voids: e.voids + 1 });
        if (r.account === 'refunded') Object.assign(e, { refunded: e.refunded + r.amount, refunds: e.refunds + (r.amount > 0 ? 1 : 0) });
        e.net = e.gross - e.voided - e.refunded;
        expected.set(key, e);
      }
      const k = (x: { period: string; currency: string; method: string }) => `${x.period}|${x.currency}|${x.method}`;
      expect(byKey(report.rows, k)).toEqual(byKey([...expected.values()], k));
      // Totals: per currency, Σ received − Σ refunded of the whole ledger (the range covers it all); never one sum across currencies.
      const net = rows<{ currency: string; net: number }>(g.core, `SELECT currency, sum(CASE account WHEN 'received' THEN amount ELSE -amount END) AS net
        FROM ledger_entries WHERE account IN ('received', 'refunded') GROUP BY currency ORDER BY currency`);
      expect(report.totals.map((t) => ({ currency: t.currency, net: t.net }))).toEqual(net);
    });
  }

  it('reports:revenue filters by method, product and currency and a partial range, still equal to the ledger', async () => {
    const product = rows<{ id: string }>(g.core, `SELECT e.product_id AS id FROM ledger_entries l JOIN enrollments e ON e.id = l.enrollment_id
      WHERE l.account = 'received' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)[0]?.id ?? '';
    const from = `${g.start.slice(0, 8)}20`;
    const to = `${g.end.slice(0, 8)}05`;
    for (const filter of [{ method: 'card' as const }, { method: 'cash' as const }, { productId: product }, { currency: 'EUR' }]) {
      const report = await g.core.ok('reports:revenue', { from, to, granularity: 'month', ...filter });
      const mine = moneyRows().filter((r) => r.day >= from && r.day <= to && (!('method' in filter) || r.method === filter.method) && (!('productId' in filter) || r.product_id === filter.productId) && (!('currency' in filter) || r.currency === filter.currency));
      const net = new Map<string, number>();
      for (const r of mine) net.set(r.currency, (net.get(r.currency) ?? 0) + (r.account === 'received' ? r.amount : -r.amount));
      expect(Object.fromEntries(report.totals.map((t) => [t.currency, t.net])), JSON.stringify(filter)).toEqual(Object.fromEntries(net));
      expect(mine.length, JSON.stringify(filter)).toBeGreaterThan(0);
    }
  });

  it('reports:statusBreakdown counts and sums items by the status the desk shows, with paid from the ledger', async () => {
    const from = g.start;
    const to = '2025-06-30';
    const report = await g.core.ok('reports:statusBreakdown', { from, to });
    const expected = new Map<string, { status: string; currency: string; count: number; amount: number; paid: number; outstanding: number }>();
    for (const i of items().filter((x) => x.due_date >= from && x.due_date <= to)) {
      const status = itemStatus({ state: i.state, dueDate: i.due_date, amount: i.amount, paid: i.paid }, today());
      const key = `${status}|${i.currency}`;
      const e = expected.get(key) ?? { status, currency: i.currency, count: 0, amount: 0, paid: 0, outstanding: 0 };
      expected.set(key, { ...e, count: e.count + 1, amount: e.amount + i.amount, paid: e.paid + i.paid, outstanding: e.outstanding + owedOn(i) });
    }
    const k = (x: { status: string; currency: string }) => `${x.status}|${x.currency}`;
    expect(byKey(report.rows, k)).toEqual(byKey([...expected.values()], k));
    expect(new Set(report.rows.map((r) => r.status)).size).toBeGreaterThanOrEqual(5);
    expect(report.notTracked.map((n) => n.status)).toEqual(['failed', 'delinquent']);
  });

  it('reports:productPerformance: enrollments, cancellations, expected, outstanding, collected, refunded and the refund rate per product and currency', async () => {
    const from = g.start;
    const to = g.end;
    const report = await g.core.ok('reports:productPerformance', { from, to });
    const acc = new Map<string, { enrollments: number; cancellations: number; expected: number; outstanding: number; collected: number; refunded: number }>();
    const at = (p: string, c: string) => {
      const key = `${p}|${c}`;
      const a = acc.get(key) ?? { enrollments: 0, cancellations: 0, expected: 0, outstanding: 0, collected: 0, refunded: 0 };
      acc.set(key, a);
      return a;
    };
    for (const e of rows<{ product_id: string; currency: string; status: string }>(g.core, `SELECT product_id, currency, status FROM enrollments WHERE enrolled_on BETWEEN ? AND ?`, from, to)) {
      const a = at(e.product_id, e.currency);
      a.enrollments += 1;
      if (e.status === 'cancelled') a.cancellations += 1;
    }
    expect(rows(g.core, `SELECT 1 FROM cancellations`).length).toBeGreaterThan(0);
    for (const i of items().filter((x) => x.due_date >= from && x.due_date <= to && (x.state === 'open' || x.state === 'paused'))) {
      const a = at(i.product_id, i.currency);
      a.expected += i.amount;
      a.outstanding += owedOn(i);
    }
    const money = new Map<string, { collected: number; refunded: number }>();
    for (const r of moneyRows().filter((x) => x.day >= from && x.day <= to && x.product_id !== '')) {
      const key = `${r.product_id}|${r.currency}`;
      const m = money.get(key) ?? { collected: 0, refunded: 0 };
      if (r.account === 'received') m.collected += r.amount;
      else m.refunded += r.amount;
      money.set(key, m);
    }
    for (const [key, m] of money) {
      if (m.collected === 0 && m.refunded === 0) continue;
      const [p = '', c = ''] = key.split('|');
      Object.assign(at(p, c), m);
    }
    const got = Object.fromEntries(report.rows.map((r) => [`${r.productId}|${r.currency}`, r]));
    expect(Object.keys(got).sort()).toEqual([...acc.keys()].sort());
    for (const [key, a] of acc) {
      const r = got[key];
      expect({ enrollments: r?.enrollments, cancellations: r?.cancellations, expected: r?.expected, outstanding: r?.outstanding, collected: r?.collected, refunded: r?.refunded }, key).toEqual(a);
      // Basis points, half up, in exact integer arithmetic.
      const bp = a.collected > 0 ? Number((BigInt(a.refunded) * 20_000n + BigInt(a.collected)) / (2n * BigInt(a.collected))) : null;
      if (a.refunded >= 0) expect(r?.refundRateBp, key).toBe(bp);
    }
    expect(report.rows.some((r) => (r.refundRateBp ?? 0) > 0)).toBe(true);
  });

  it('reports:aging buckets what is owed by days overdue, per payer, and its total is the ledger-derived outstanding', async () => {
    const report = await g.core.ok('reports:aging', { limit: 100_000 });
    const t = Date.parse(`${today()}T00:00:00Z`);
    const bucketOf = (due: string) => {
      const late = Math.round((t - Date.parse(`${due}T00:00:00Z`)) / 86_400_000);
      return late <= 0 ? 'current' : late <= 30 ? 'd1to30' : late <= 60 ? 'd31to60' : late <= 90 ? 'd61to90' : 'd90plus';
    };
    const zero = { current: 0, d1to30: 0, d31to60: 0, d61to90: 0, d90plus: 0, total: 0 };
    const perPayer = new Map<string, typeof zero>();
    const totals = new Map<string, typeof zero>();
    for (const i of items()) {
      const owed = owedOn(i);
      if (owed === 0) continue;
      const b = bucketOf(i.due_date);
      for (const [map, key] of [[perPayer, `${i.payer_id}|${i.currency}`], [totals, i.currency]] as const) {
        const x = { ...(map.get(key) ?? zero) };
        x[b] += owed;
        x.total += owed;
        map.set(key, x);
      }
    }
    expect(Object.fromEntries(report.payers.map(({ payerId, currency, payerName: _n, ...b }) => [`${payerId}|${currency}`, b]))).toEqual(Object.fromEntries(perPayer));
    expect(Object.fromEntries(report.totals.map(({ currency, ...b }) => [currency, b]))).toEqual(Object.fromEntries(totals));
    expect(report.payerCount).toBe(perPayer.size);
    // The outstanding the ledger implies: what items cost (not waived/cancelled) minus Σ allocated rows on them.
    const ledgerOutstanding = rows<{ currency: string; n: number }>(g.core, `SELECT i.currency, sum(max(0, i.amount - coalesce(a.paid, 0))) AS n FROM schedule_items i
      LEFT JOIN (SELECT item_id, sum(amount) AS paid FROM ledger_entries WHERE account = 'allocated' GROUP BY item_id) a ON a.item_id = i.id
      WHERE i.state IN ('open', 'paused') GROUP BY i.currency HAVING n > 0 ORDER BY i.currency`);
    expect(report.totals.map((x) => ({ currency: x.currency, n: x.total }))).toEqual(ledgerOutstanding);
    expect(new Set(report.totals.flatMap((x) => Object.entries(x).filter(([k, v]) => k.startsWith('d') && v !== 0).map(([k]) => k))).size).toBeGreaterThanOrEqual(2);
    // A small limit lists the largest balances and still counts everyone.
    const top = await g.core.ok('reports:aging', { limit: 2 });
    expect(top.payers.length).toBe(Math.min(2, perPayer.size));
    expect(top.payerCount).toBe(perPayer.size);
    expect(top.totals).toEqual(report.totals);
    // Filtered by product the payer list is grouped from the items themselves (another path): same figures.
    const product = rows<{ product_id: string }>(g.core, `SELECT product_id FROM schedule_items WHERE state IN ('open', 'paused') AND paid_amount < amount GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)[0]?.product_id ?? '';
    const one = await g.core.ok('reports:aging', { productId: product, limit: 100_000 });
    const mine = new Map<string, number>();
    for (const i of items().filter((x) => x.product_id === product && owedOn(x) > 0)) mine.set(`${i.payer_id}|${i.currency}`, (mine.get(`${i.payer_id}|${i.currency}`) ?? 0) + owedOn(i));
    expect(Object.fromEntries(one.payers.map((p) => [`${p.payerId}|${p.currency}`, p.total]))).toEqual(Object.fromEntries(mine));
    expect(one.payerCount).toBe(mine.size);
    expect(one.payers.map((p) => p.total)).toEqual([...one.payers.map((p) => p.total)].sort((a, b) => b - a));
  });

  it('reports:drawerSessions: each session’s columns come from its drawer ledger rows and agree with payments, refunds, moves and the close', async () => {
    const report = await g.core.ok('reports:drawerSessions', { from: g.start, to: g.end });
    const sessions = rows<{ id: string; opening_float: number; expected_cash: number | null; counted_cash: number | null; status: string }>(g.core, 'SELECT * FROM drawer_sessions ORDER BY opened_at');
    expect(report.rows.map((r) => r.sessionId)).toEqual(sessions.map((s) => s.id));
    for (const r of report.rows) {
      const s = sessions.find((x) => x.id === r.sessionId);
      const ledger = rows<{ n: number }>(g.core, `SELECT coalesce(sum(amount), 0) AS n FROM ledger_entries WHERE account = 'drawer' AND session_id = ?`, r.sessionId)[0]?.n;
      const cashIn = rows<{ n: number }>(g.core, `SELECT coalesce(sum(amount), 0) AS n FROM payments WHERE session_id = ? AND method = 'cash' AND status = 'completed'`, r.sessionId)[0]?.n;
      const cashOut = rows<{ n: number }>(g.core, `SELECT coalesce(sum(amount), 0) AS n FROM refunds WHERE session_id = ? AND method = 'cash'`, r.sessionId)[0]?.n;
      const moves = rows<{ kind: string; n: number }>(g.core, `SELECT kind, sum(amount) AS n FROM drawer_moves WHERE session_id = ? GROUP BY kind`, r.sessionId);
      expect(r.expected).toBe(ledger);
      expect(r.openingFloat).toBe(s?.opening_float);
      expect(r.cashIn).toBe(cashIn);
      expect(r.cashOut).toBe(cashOut);
      expect(r.paidIn).toBe(moves.find((m) => m.kind === 'paid_in')?.n ?? 0);
      expect(r.paidOut).toBe(moves.find((m) => m.kind === 'paid_out')?.n ?? 0);
      expect(r.openingFloat + r.cashIn - r.cashOut + r.paidIn - r.paidOut).toBe(r.expected);
      if (s?.status === 'closed') {
        expect(r.expected).toBe(s.expected_cash);
        expect(r.counted).toBe(s.counted_cash);
      }
    }
    expect(report.rows.some((r) => r.cashOut > 0 && r.paidIn + r.paidOut > 0)).toBe(true);
  });

  it('reports:deposits: cash is the counted cash of its sessions and checks are their completed check payments', async () => {
    const report = await g.core.ok('reports:deposits', { from: g.start, to: g.end });
    expect(report.rows.length).toBe(rows(g.core, 'SELECT 1 FROM deposits').length);
    expect(report.rows.length).toBeGreaterThan(0);
    for (const d of report.rows) {
      const cash = rows<{ n: number; s: number }>(g.core, `SELECT coalesce(sum(counted_cash), 0) AS n, count(*) AS s FROM drawer_sessions WHERE deposit_id = ?`, d.depositId)[0];
      const checks = rows<{ n: number; c: number }>(g.core, `SELECT coalesce(sum(amount), 0) AS n, count(*) AS c FROM payments WHERE method = 'check' AND status = 'completed'
        AND session_id IN (SELECT id FROM drawer_sessions WHERE deposit_id = ?)`, d.depositId)[0];
      expect({ cash: d.cashAmount, sessions: d.sessions, checks: d.checkAmount, checkCount: d.checkCount, total: d.total }).toEqual({ cash: cash?.n, sessions: cash?.s, checks: checks?.n, checkCount: checks?.c, total: (cash?.n ?? 0) + (checks?.n ?? 0) });
    }
  });

  it("dashboard:stats: today's takings, due today, overdue, the open drawer and the outbox equal the ledger", async () => {
    const stats = await g.core.ok('dashboard:stats', {}, g.core.cashier);
    expect(stats.today).toBe(today());
    const mine = moneyRows().filter((r) => r.day === today());
    const takings = new Map<string, number>();
    for (const r of mine) takings.set(`${r.currency}|${r.method}`, (takings.get(`${r.currency}|${r.method}`) ?? 0) + (r.account === 'received' ? r.amount : -r.amount));
    expect(Object.fromEntries(stats.takings.map((t) => [`${t.currency}|${t.method}`, t.net]))).toEqual(Object.fromEntries(takings));
    const sum = (list: Item[]) => {
      const m = new Map<string, { count: number; amount: number }>();
      for (const i of list) {
        const x = m.get(i.currency) ?? { count: 0, amount: 0 };
        m.set(i.currency, { count: x.count + 1, amount: x.amount + i.amount - i.paid });
      }
      return Object.fromEntries(m);
    };
    const open = items().filter((i) => i.state === 'open' && i.paid < i.amount);
    expect(Object.fromEntries(stats.overdue.map(({ currency, ...x }) => [currency, x]))).toEqual(sum(open.filter((i) => i.due_date < today())));
    expect(Object.fromEntries(stats.dueToday.map(({ currency, ...x }) => [currency, x]))).toEqual(sum(open.filter((i) => i.due_date === today())));
    expect(stats.overdue.length).toBeGreaterThan(0);
    const drawer = rows<{ id: string }>(g.core, `SELECT id FROM drawer_sessions WHERE status = 'open'`)[0];
    expect(stats.drawer?.sessionId).toBe(drawer?.id);
    expect(stats.drawer?.expectedCash).toBe(rows<{ n: number }>(g.core, `SELECT sum(amount) AS n FROM ledger_entries WHERE account = 'drawer' AND session_id = ?`, drawer?.id)[0]?.n);
    expect(stats.outboxPending).toBe(rows<{ n: number }>(g.core, `SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sending', 'failed')`)[0]?.n);
    expect(stats.sync.relayConfigured).toBe(false);
  });
});
