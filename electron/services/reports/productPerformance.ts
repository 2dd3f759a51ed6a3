import type { z } from 'zod';
import type { ProductFilters, ProductReport } from '../../../shared/contract/reports';
import { mulDivRound } from '../../../shared/money';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { checkRange } from './dateRange';
import { OUTSTANDING } from './statusBreakdown';

type Key = string;
type Acc = ProductReport['rows'][number];

/**
 * Per product and currency over one range, each figure from its own index range:
 * enrollments made in the range (and how many of them are cancelled now), items due in the
 * range (expected, outstanding), and money that moved in the range (collected = received −
 * voided, refunded). Enrollments and money come from per-product daily summaries (migration
 * 0011) keyed product first, so each GROUP BY reads its key in order: a few rows per product
 * a day, whatever the enrollment and payment counts.
 */
export function productPerformance(store: Store, f: z.output<typeof ProductFilters>): ProductReport {
  checkRange(f);
  const acc = new Map<Key, Acc>();
  const at = (productId: string, currency: string): Acc => {
    const key = `${productId}|${currency}`;
    let a = acc.get(key);
    if (!a) {
      a = { productId, productName: '', currency, enrollments: 0, cancellations: 0, expected: 0, outstanding: 0, collected: 0, refunded: 0, refundRateBp: null };
      acc.set(key, a);
    }
    return a;
  };
  const product = f.productId ? sql` AND product_id = ${f.productId}` : sql``;
  const currency = f.currency ? sql` AND currency = ${f.currency}` : sql``;

  for (const r of store.all<{ product_id: string; currency: string; n: number; cancelled: number }>(sql`SELECT product_id, currency, sum(enrollments) AS n,
        sum(CASE WHEN status = 'cancelled' THEN enrollments ELSE 0 END) AS cancelled
      FROM enrollment_daily WHERE enrolled_on BETWEEN ${f.from} AND ${f.to}${product}${currency} GROUP BY product_id, currency HAVING sum(enrollments) <> 0`)) {
    const a = at(r.product_id, r.currency);
    a.enrollments = r.n;
    a.cancellations = r.cancelled;
  }
  for (const r of store.all<{ product_id: string; currency: string; expected: number; outstanding: number }>(sql`SELECT product_id, currency,
        sum(amount) AS expected, sum(${OUTSTANDING}) AS outstanding
      FROM item_totals WHERE state IN ('open', 'paused') AND due_date BETWEEN ${f.from} AND ${f.to}${product}${currency} GROUP BY product_id, currency HAVING sum(items) > 0`)) {
    const a = at(r.product_id, r.currency);
    a.expected = r.expected;
    a.outstanding = r.outstanding;
  }
  for (const r of store.all<{ product_id: string; currency: string; collected: number; refunded: number }>(sql`SELECT product_id, currency, sum(gross) - sum(voided) AS collected, sum(refunded) AS refunded
      FROM revenue_product_daily WHERE day BETWEEN ${f.from} AND ${f.to}${product}${currency} GROUP BY product_id, currency`)) {
    if (r.collected === 0 && r.refunded === 0) continue;
    const a = at(r.product_id, r.currency);
    a.collected = r.collected;
    a.refunded = r.refunded;
  }
  const ids = [...new Set([...acc.values()].map((a) => a.productId))];
  const names = new Map(ids.length ? store.all<{ id: string; name: string }>(sql`SELECT id, name FROM products WHERE id IN ${sql.in(ids)}`).map((p) => [p.id, p.name]) : []);
  const rows = [...acc.values()].map((a) => ({ ...a, productName: names.get(a.productId) ?? a.productId, refundRateBp: a.collected > 0 ? mulDivRound(a.refunded, 10_000, a.collected) : null }));
  rows.sort((a, b) => a.productName.localeCompare(b.productName) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return { rows };
}
