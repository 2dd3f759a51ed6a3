import type { z } from 'zod';
import type { Granularity, RevenueFilters, RevenueReport } from '../../../shared/contract/reports';
import { invalidAs } from '../../core/errors';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import { MAX_DAY_RANGE_DAYS, checkRange, daysBetween } from './dateRange';

/** The first day of `day`'s period, in SQL over `revenue_daily.day`. */
function periodOf(granularity: Granularity): SqlQuery {
  switch (granularity) {
    case 'day':
      return sql.raw('day');
    case 'week':
      // The Monday of the week: strftime %w is 0 for Sunday.
      return sql.raw(`date(day, '-' || ((CAST(strftime('%w', day) AS INTEGER) + 6) % 7) || ' days')`);
    case 'month':
      return sql.raw(`substr(day, 1, 7) || '-01'`);
  }
}

type Row = { period: string; currency: string; method: string; gross: number; voided: number; refunded: number; payments: number; voids: number; refunds: number };

/**
 * Collected money from `revenue_daily`, the trigger-kept summary of the ledger's received and
 * refunded rows (migration 0005): an index range over days, never the million ledger rows.
 * Without a product filter it reads `revenue_method_daily` (0011), the same sums without the
 * product, a few rows a day instead of one per product and method.
 * Currencies are never added together: every row and total carries its own.
 */
export function revenueReport(store: Store, f: z.output<typeof RevenueFilters>): RevenueReport {
  checkRange(f);
  if (f.granularity === 'day' && daysBetween(f.from, f.to) > MAX_DAY_RANGE_DAYS) {
    throw invalidAs('granularity', 'report.dayRangeTooLong', { days: daysBetween(f.from, f.to) + 1 });
  }
  const where = [sql`day BETWEEN ${f.from} AND ${f.to}`];
  if (f.method) where.push(sql`method = ${f.method}`);
  if (f.productId) where.push(sql`product_id = ${f.productId}`);
  if (f.currency) where.push(sql`currency = ${f.currency}`);
  const rows = store.all<Row>(sql`SELECT ${periodOf(f.granularity)} AS period, currency, method, sum(gross) AS gross, sum(voided) AS voided, sum(refunded) AS refunded,
      sum(payments) AS payments, sum(voids) AS voids, sum(refunds) AS refunds
    FROM ${f.productId ? sql.raw('revenue_daily') : sql.raw('revenue_method_daily')} WHERE ${sql.join(where, ' AND ')}
    GROUP BY period, currency, method HAVING sum(payments) + sum(voids) + sum(refunds) > 0 OR sum(gross) + sum(voided) <> 0 OR sum(refunded) <> 0
    ORDER BY period, currency, method`);
  const totals = new Map<string, { currency: string; gross: number; voided: number; refunded: number; net: number }>();
  const out = rows.map((r) => {
    const net = r.gross - r.voided - r.refunded;
    const t = totals.get(r.currency) ?? { currency: r.currency, gross: 0, voided: 0, refunded: 0, net: 0 };
    totals.set(r.currency, { currency: r.currency, gross: t.gross + r.gross, voided: t.voided + r.voided, refunded: t.refunded + r.refunded, net: t.net + net });
    return { ...r, net };
  });
  return { granularity: f.granularity, rows: out, totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)) };
}
