import type Database from 'better-sqlite3';
import { DRAWER_SESSION_TOTALS_ROWS, ENROLLMENT_DAILY_ROWS, ITEM_TOTALS_ROWS, PAYER_OUTSTANDING_ROWS, revenueDailyRows } from '../../services/reports/summaryQueries';

/**
 * The derived tables a snapshot restore builds in one pass each instead of a trigger per row.
 *
 * Each group names the AFTER INSERT triggers that keep some derived tables from one source
 * table, and the statements that fill those tables from the finished source by GROUP BY:
 * the very queries `verifyReportSummaries` proves the tables against (summaryQueries.ts),
 * which is what `office:digest` holds the tables to, so the rows are the triggers' rows.
 * A group is used only when its source and derived tables are all empty as the restore
 * starts (a new desk): then every source row is a restored row, and the triggers would have
 * written exactly the GROUP BY. Otherwise the triggers stay and do their work row by row.
 * The payer search's grams are the trigger's own expression over every payer at once.
 * `portal_links` is this desk's own (no link exists before a desk has books): its triggers only
 * mark links dirty, so with no link they write nothing and are simply left out.
 */
type Group = { name: string; triggers: readonly string[]; empty: readonly string[]; fill: readonly string[] };

/** A gram: three characters of a payer's search text from position i (the trigger's substr). */
const GRAMS = `INSERT OR IGNORE INTO payer_grams (gram, payer_id)
  WITH f(id, v) AS (
    SELECT id, name_key FROM payers UNION ALL SELECT id, email FROM payers
    UNION ALL SELECT id, lower(external_id) FROM payers UNION ALL SELECT id, phone_digits FROM payers),
  n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < (SELECT max(length(v)) FROM f))
  SELECT substr(f.v || char(31, 31), n.i, 3) AS gram, f.id FROM f JOIN n ON n.i <= length(f.v) WHERE f.v IS NOT NULL ORDER BY 1, 2`;

export const BULK_DERIVED: readonly Group[] = [
  {
    name: 'ledger',
    triggers: ['ledger_entries_revenue', 'ledger_entries_revenue_method', 'ledger_entries_revenue_product', 'ledger_entries_drawer_totals'],
    empty: ['ledger_entries', 'revenue_daily', 'revenue_method_daily', 'revenue_product_daily', 'drawer_session_totals'],
    fill: [
      `INSERT INTO revenue_daily (day, currency, method, product_id, gross, voided, refunded, payments, voids, refunds)
    SELECT * FROM (${revenueDailyRows()}) ORDER BY 1, 2, 3, 4`,
      // The per-method and per-product days are sums of revenue_daily's rows (its key holds
      // both): one pass over the ledger instead of three. verifyReportSummaries proves them
      // against the same sums (byMethod, byProduct: product_id <> '' is a ledger row with an
      // enrollment, which the product trigger's WHEN and join ask).
      `INSERT INTO revenue_method_daily (day, currency, method, gross, voided, refunded, payments, voids, refunds)
    SELECT day, currency, method, sum(gross), sum(voided), sum(refunded), sum(payments), sum(voids), sum(refunds)
    FROM revenue_daily GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      `INSERT INTO revenue_product_daily (product_id, currency, day, gross, voided, refunded)
    SELECT product_id, currency, day, sum(gross), sum(voided), sum(refunded)
    FROM revenue_daily WHERE product_id <> '' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      `INSERT INTO drawer_session_totals (session_id, float, cash_in, cash_out, paid_in, paid_out, expected)
    SELECT * FROM (${DRAWER_SESSION_TOTALS_ROWS}) ORDER BY session_id`,
    ],
  },
  {
    name: 'schedule items',
    triggers: ['schedule_items_totals_insert'],
    empty: ['schedule_items', 'item_totals', 'payer_outstanding'],
    fill: [
      `INSERT INTO item_totals (state, due_date, product_id, currency, paid_class, items, amount, paid)
    SELECT * FROM (${ITEM_TOTALS_ROWS}) ORDER BY 1, 2, 3, 4, 5`,
      `INSERT INTO payer_outstanding (payer_id, currency, amount)
    SELECT * FROM (${PAYER_OUTSTANDING_ROWS}) ORDER BY 1, 2`,
    ],
  },
  {
    name: 'enrollments',
    triggers: ['enrollments_daily_insert'],
    empty: ['enrollments', 'enrollment_daily'],
    fill: [
      `INSERT INTO enrollment_daily (product_id, currency, enrolled_on, status, enrollments)
    SELECT * FROM (${ENROLLMENT_DAILY_ROWS}) ORDER BY 1, 2, 3, 4`,
    ],
  },
  { name: 'payer grams', triggers: ['payer_grams_insert'], empty: ['payers', 'payer_grams'], fill: [GRAMS] },
  { name: 'payer page links', triggers: ['portal_links_dirty_ledger', 'portal_links_dirty_item_insert', 'portal_links_dirty_invoice_insert'], empty: ['portal_links'], fill: [] },
];

const isEmpty = (db: Database.Database, table: string): boolean => {
  // Names are this file's constants, never input.
  const text = `SELECT 1 FROM ${table} LIMIT 1`;
  return db.prepare(text).get() === undefined;
};

/** The groups whose tables are all empty now: their triggers may be set aside for a bulk load. */
export function bulkDerivedGroups(db: Database.Database): Group[] {
  return BULK_DERIVED.filter((g) => g.empty.every((t) => isEmpty(db, t)));
}

/** Fills the groups' derived tables from their finished source tables; the time each group took (ms). */
export function fillDerived(db: Database.Database, groups: readonly Group[]): Record<string, number> {
  const ms: Record<string, number> = {};
  for (const g of groups) {
    const at = performance.now();
    for (const text of g.fill) db.prepare(text).run();
    ms[g.name] = performance.now() - at;
  }
  return ms;
}
