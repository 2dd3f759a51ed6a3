import type { z } from 'zod';
import type { AgingFilters, AgingReport } from '../../../shared/contract/reports';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

const DAY_MS = 86_400_000;
const minus = (today: string, days: number): string => new Date(Date.parse(`${today}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

type Buckets = { current: number; d1to30: number; d31to60: number; d61to90: number; d90plus: number; total: number };

/**
 * What is owed today (open and paused items, amount − paid) by how many days past its due
 * date: current (not yet due), 1–30, 31–60, 61–90, 90+. Bucket edges are dates computed
 * once, so the SQL compares strings on the covering index rather than doing date math per row.
 */
export function agingReport(store: Store, f: z.output<typeof AgingFilters>, today: string): AgingReport {
  const [d1, d30, d60, d90] = [minus(today, 1), minus(today, 30), minus(today, 60), minus(today, 90)];
  const owed = sql.raw('(amount - paid_amount)');
  const buckets = sql`sum(CASE WHEN due_date > ${d1} THEN ${owed} ELSE 0 END) AS current,
    sum(CASE WHEN due_date <= ${d1} AND due_date >= ${d30} THEN ${owed} ELSE 0 END) AS d1to30,
    sum(CASE WHEN due_date < ${d30} AND due_date >= ${d60} THEN ${owed} ELSE 0 END) AS d31to60,
    sum(CASE WHEN due_date < ${d60} AND due_date >= ${d90} THEN ${owed} ELSE 0 END) AS d61to90,
    sum(CASE WHEN due_date < ${d90} THEN ${owed} ELSE 0 END) AS d90plus,
    sum(${owed}) AS total`;
  const where = [sql`state IN ('open', 'paused')`, sql`paid_amount < amount`];
  if (f.productId) where.push(sql`product_id = ${f.productId}`);
  if (f.currency) where.push(sql`currency = ${f.currency}`);
  const cond = sql.join(where, ' AND ');
  const totals = store.all<Buckets & { currency: string }>(sql`SELECT currency, ${buckets} FROM schedule_items INDEXED BY schedule_items_report WHERE ${cond} GROUP BY currency ORDER BY currency`);
  // One pass for the list and the count: the window counts every group before LIMIT keeps the largest.
  const perPayer = store.all<Buckets & { payer_id: string; currency: string; payer_count: number }>(sql`SELECT *, count(*) OVER () AS payer_count FROM (SELECT payer_id, currency, ${buckets}
    FROM schedule_items INDEXED BY schedule_items_report WHERE ${cond} GROUP BY payer_id, currency) ORDER BY total DESC, payer_id LIMIT ${f.limit}`);
  const payerCount = perPayer[0]?.payer_count ?? 0;
  const ids = [...new Set(perPayer.map((p) => p.payer_id))];
  const names = new Map(ids.length ? store.all<{ id: string; name: string }>(sql`SELECT id, name FROM payers WHERE id IN ${sql.in(ids)}`).map((p) => [p.id, p.name]) : []);
  return {
    asOf: today,
    totals,
    payers: perPayer.map(({ payer_id, payer_count: _n, ...b }) => ({ payerId: payer_id, payerName: names.get(payer_id) ?? payer_id, ...b })),
    payerCount,
  };
}
