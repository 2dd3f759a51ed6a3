import { newId } from '../../store/ids';
import type { z } from 'zod';
import type { EnrollmentRow as EnrollmentRowView, EnrollmentView } from '../../../shared/contract/enrollments';
import type { Detection, Discount } from '../../../shared/contract/plans';
import { englishReason, storedReason } from '../../../shared/planReason';
import { notFound } from '../../core/errors';
import { payerCandidates, payerMatch } from '../payers/payerMatch';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';

type Row = {
  id: string;
  payer_id: string;
  product_id: string;
  plan_id: string;
  status: EnrollmentView['status'];
  currency: string;
  enrolled_on: string;
  list_price: number;
  discount_kind: Discount['kind'] | null;
  discount_value: number | null;
  discount_reason: string | null;
  discount_amount: number;
  total_amount: number;
  open_ended: number;
  detected_rule_id: string | null;
  detected_rule: string | null;
  detection_reason: string | null;
  created_at: string;
};

function discountOf(r: Row): Discount | null {
  if (r.discount_kind === null || r.discount_value === null || r.discount_reason === null) return null;
  return r.discount_kind === 'percent'
    ? { kind: 'percent', basisPoints: r.discount_value, reason: r.discount_reason }
    : { kind: 'fixed', amount: r.discount_value, reason: r.discount_reason };
}

/**
 * The stored rule and reason. New rows keep the reason as JSON (its keys and parameters, worded
 * in the window); older rows keep an English sentence, shown as stored: those sentences carry
 * rule and plan names, amounts and day counts, so they are not a small fixed set to map back.
 * A plan used because it was the product's only one names no rule (older rows: "single plan").
 */
function detectionOf(r: Row): Pick<EnrollmentView, 'detectedRule' | 'detectionReason' | 'detectionReasonWords'> {
  const words = storedReason(r.detection_reason);
  const noRule = r.detected_rule_id === null && (words ? words.key === 'planReason.onlyPlan' : r.detected_rule === 'single plan');
  return { detectedRule: noRule ? null : r.detected_rule, detectionReason: words ? englishReason(words) : r.detection_reason, detectionReasonWords: words };
}

const toView = (r: Row): EnrollmentView => ({
  id: r.id,
  payerId: r.payer_id,
  productId: r.product_id,
  planId: r.plan_id,
  status: r.status,
  currency: r.currency,
  enrolledOn: r.enrolled_on,
  listPrice: r.list_price,
  discount: discountOf(r),
  discountAmount: r.discount_amount,
  totalAmount: r.total_amount,
  openEnded: r.open_ended === 1,
  ...detectionOf(r),
  createdAt: r.created_at,
});

export type NewEnrollment = {
  payerId: string;
  productId: string;
  planId: string;
  currency: string;
  enrolledOn: string;
  listPrice: number;
  discount: Discount | null;
  discountAmount: number;
  totalAmount: number;
  openEnded: boolean;
  detection: Pick<Detection, 'ruleId' | 'ruleName' | 'reasonWords'> | null;
  createdBy: string | null;
};

export function insertEnrollment(store: Store, e: NewEnrollment, at: Date): string {
  const id = newId('enr');
  const ts = at.toISOString();
  const d = e.discount;
  store.run(sql`INSERT INTO enrollments (id, payer_id, product_id, plan_id, status, currency, enrolled_on, list_price, discount_kind, discount_value, discount_reason,
      discount_amount, total_amount, open_ended, detected_rule_id, detected_rule, detection_reason, created_by, created_at, updated_at)
    VALUES (${id}, ${e.payerId}, ${e.productId}, ${e.planId}, 'active', ${e.currency}, ${e.enrolledOn}, ${e.listPrice}, ${d?.kind ?? null},
      ${d ? (d.kind === 'percent' ? d.basisPoints : d.amount) : null}, ${d?.reason ?? null}, ${e.discountAmount}, ${e.totalAmount}, ${e.openEnded},
      ${e.detection?.ruleId ?? null}, ${e.detection?.ruleName ?? null}, ${e.detection ? JSON.stringify(e.detection.reasonWords) : null}, ${e.createdBy}, ${ts}, ${ts})`);
  return id;
}

export function findEnrollment(store: Store, id: string): EnrollmentView | undefined {
  const row = store.get<Row>(sql`SELECT * FROM enrollments WHERE id = ${id}`);
  return row && toView(row);
}

export function getEnrollment(store: Store, id: string): EnrollmentView {
  const e = findEnrollment(store, id);
  if (!e) throw notFound('Enrollment', id);
  return e;
}

export function findActiveEnrollmentId(store: Store, payerId: string, productId: string): string | undefined {
  return store.get<{ id: string }>(sql`SELECT id FROM enrollments WHERE payer_id = ${payerId} AND product_id = ${productId} AND status = 'active'`)?.id;
}

type ListFilter = { payerId?: string | undefined; productId?: string | undefined; status?: EnrollmentView['status'] | undefined; payerQuery?: string | undefined; countUpTo?: number | undefined; limit: number; offset: number };

/** Past this many payers matching a typed name, walking enrollments newest first finds a page sooner than sorting theirs. */
const MANY_PAYERS = 500;

export function listEnrollments(store: Store, f: ListFilter): { enrollments: z.infer<typeof EnrollmentRowView>[]; total: number } {
  const where: SqlQuery[] = [];
  if (f.payerId) where.push(sql`e.payer_id = ${f.payerId}`);
  if (f.productId) where.push(sql`e.product_id = ${f.productId}`);
  if (f.status) where.push(sql`e.status = ${f.status}`);
  // The one payer search (payers:search's rule): any word of the name, email, phone, student id, receipt number.
  const query = f.payerQuery ? payerMatch(f.payerQuery) : null;
  // The few payers the gram index offers (a superset), narrowed by the rule itself; else every payer.
  const few = query && f.payerQuery ? payerCandidates(store, f.payerQuery) : null;
  const match = query && few ? sql`p.id IN (${few}) AND ${query}` : query;
  let newestFirst = sql``;
  if (match && few) where.push(sql`e.payer_id IN (SELECT p.id FROM payers p WHERE ${match})`);
  else if (match) {
    const many = (store.get<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM payers p WHERE ${match} LIMIT ${MANY_PAYERS + 1})`)?.n ?? 0) > MANY_PAYERS;
    where.push(many
      ? sql`EXISTS (SELECT 1 FROM payers p WHERE p.id = e.payer_id AND ${match})`
      : sql`e.payer_id IN (SELECT p.id FROM payers p WHERE ${match})`);
    if (many && !f.payerId) newestFirst = sql.raw('INDEXED BY enrollments_created');
  }
  const clause = sql.join(where, ' AND ', '1 = 1');
  const rows = store.all<Row & { payer_name: string; product_name: string; plan_name: string }>(sql`
    SELECT page.*, p.name AS payer_name, pr.name AS product_name, pl.name AS plan_name
    FROM (SELECT e.rowid AS rid, e.* FROM enrollments e ${newestFirst} WHERE ${clause} ORDER BY e.created_at DESC, e.rowid DESC LIMIT ${f.limit} OFFSET ${f.offset}) page
    JOIN payers p ON p.id = page.payer_id
    JOIN products pr ON pr.id = page.product_id
    JOIN payment_plans pl ON pl.id = page.plan_id
    ORDER BY page.created_at DESC, page.rid DESC`);
  // Counted from the payers' side when a name is typed: one index range and a covering count per payer
  // (CROSS JOIN keeps payers outside: else SQLite walks all 100k enrollments, looking up each one's payer).
  const counted = match && !f.payerId && !f.productId && !f.status
    ? sql`SELECT 1 FROM payers p CROSS JOIN enrollments e INDEXED BY enrollments_payer ON e.payer_id = p.id WHERE ${match}`
    : sql`SELECT 1 FROM enrollments e WHERE ${clause}`;
  const total = store.get<{ n: number }>(f.countUpTo ? sql`SELECT count(*) AS n FROM (${counted} LIMIT ${f.countUpTo})` : sql`SELECT count(*) AS n FROM (${counted})`)?.n ?? 0;
  return { enrollments: rows.map((r) => ({ ...toView(r), payerName: r.payer_name, productName: r.product_name, planName: r.plan_name })), total };
}
