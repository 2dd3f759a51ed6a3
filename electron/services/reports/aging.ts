import type { z } from 'zod';
import type { AgingFilters, AgingReport } from '../../../shared/contract/reports';
import { addDays } from '../../../shared/officeTime';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';

const CHUNK = 500;
const minus = (today: string, days: number): string => addDays(today, -days);

type Buckets = { current: number; d1to30: number; d31to60: number; d61to90: number; d90plus: number; total: number };
type PayerRow = Buckets & { payer_id: string; currency: string };

/** Sums of `owed` per bucket of days past `due_date`; the edges are dates computed once, compared as strings. */
function bucketSums(today: string, owed: SqlQuery): SqlQuery {
  const [d1, d30, d60, d90] = [minus(today, 1), minus(today, 30), minus(today, 60), minus(today, 90)];
  return sql`sum(CASE WHEN due_date > ${d1} THEN ${owed} ELSE 0 END) AS current,
    sum(CASE WHEN due_date <= ${d1} AND due_date >= ${d30} THEN ${owed} ELSE 0 END) AS d1to30,
    sum(CASE WHEN due_date < ${d30} AND due_date >= ${d60} THEN ${owed} ELSE 0 END) AS d31to60,
    sum(CASE WHEN due_date < ${d60} AND due_date >= ${d90} THEN ${owed} ELSE 0 END) AS d61to90,
    sum(CASE WHEN due_date < ${d90} THEN ${owed} ELSE 0 END) AS d90plus,
    sum(${owed}) AS total`;
}

/**
 * What is owed today (open and paused items, amount − paid) by how many days past its due
 * date: current (not yet due), 1–30, 31–60, 61–90, 90+.
 * Totals come from the item summary per due date; the payer list from `payer_outstanding`
 * (largest first, an index walk of `limit` rows), with the buckets of just those payers from
 * their items. Filtered by product, the per-product items are grouped directly (slower:
 * neither summary is kept per product and payer).
 */
export function agingReport(store: Store, f: z.output<typeof AgingFilters>, today: string): AgingReport {
  const buckets = bucketSums(today, sql.raw('(amount - paid)'));
  const where = [sql`state IN ('open', 'paused')`, sql`paid_class <> 'full'`];
  if (f.productId) where.push(sql`product_id = ${f.productId}`);
  if (f.currency) where.push(sql`currency = ${f.currency}`);
  const totals = store.all<Buckets & { currency: string }>(sql`SELECT currency, ${buckets} FROM item_totals WHERE ${sql.join(where, ' AND ')}
    GROUP BY currency HAVING sum(items) > 0 ORDER BY currency`);

  const itemBuckets = bucketSums(today, sql.raw('(amount - paid_amount)'));
  const itemWhere = [sql`state IN ('open', 'paused')`, sql`paid_amount < amount`];
  if (f.productId) itemWhere.push(sql`product_id = ${f.productId}`);
  if (f.currency) itemWhere.push(sql`currency = ${f.currency}`);
  let perPayer: PayerRow[];
  let payerCount: number;
  if (f.productId) {
    // The window counts every group before LIMIT keeps the largest.
    const listed = store.all<PayerRow & { payer_count: number }>(sql`SELECT *, count(*) OVER () AS payer_count FROM (SELECT payer_id, currency, ${itemBuckets}
      FROM schedule_items WHERE ${sql.join(itemWhere, ' AND ')} GROUP BY payer_id, currency) ORDER BY total DESC, payer_id LIMIT ${f.limit}`);
    payerCount = listed[0]?.payer_count ?? 0;
    perPayer = listed.map(({ payer_count: _n, ...r }) => r);
  } else {
    const currency = f.currency ? sql` AND currency = ${f.currency}` : sql``;
    const top = store.all<{ payer_id: string; currency: string }>(sql`SELECT payer_id, currency FROM payer_outstanding INDEXED BY payer_outstanding_amount
      WHERE amount > 0${currency} ORDER BY amount DESC, payer_id LIMIT ${f.limit}`);
    payerCount = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM payer_outstanding WHERE amount > 0${currency}`)?.n ?? 0;
    const found = new Map<string, PayerRow>();
    const ids = [...new Set(top.map((t) => t.payer_id))];
    for (let i = 0; i < ids.length; i += CHUNK) {
      // The payer index: left to itself the planner walks the (state, due_date) index over every item.
      for (const r of store.all<PayerRow>(sql`SELECT payer_id, currency, ${itemBuckets} FROM schedule_items INDEXED BY schedule_items_payer
          WHERE payer_id IN ${sql.in(ids.slice(i, i + CHUNK))} AND ${sql.join(itemWhere, ' AND ')} GROUP BY payer_id, currency`)) {
        found.set(`${r.payer_id}|${r.currency}`, r);
      }
    }
    perPayer = top.flatMap((t) => found.get(`${t.payer_id}|${t.currency}`) ?? []);
  }
  const ids = [...new Set(perPayer.map((p) => p.payer_id))];
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const p of store.all<{ id: string; name: string }>(sql`SELECT id, name FROM payers WHERE id IN ${sql.in(ids.slice(i, i + CHUNK))}`)) names.set(p.id, p.name);
  }
  return {
    asOf: today,
    totals,
    payers: perPayer.map(({ payer_id, ...b }) => ({ payerId: payer_id, payerName: names.get(payer_id) ?? payer_id, ...b })),
    payerCount,
  };
}
