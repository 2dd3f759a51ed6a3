import { newId } from '../../store/ids';
import type { FirstDue, LateFee, PlanInterval, PlanKind, PlanTerms, PlanView } from '../../../shared/contract/plans';
import { notFound } from '../../core/errors';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

type PlanRow = {
  id: string;
  product_id: string;
  name: string;
  kind: PlanKind;
  currency: string;
  active: number;
  first_due_rule: FirstDue['rule'];
  first_due_date: string | null;
  first_due_days: number | null;
  due_interval: PlanInterval | null;
  item_count: number | null;
  due_dates_json: string | null;
  deposit_kind: 'amount' | 'percent' | null;
  deposit_amount: number | null;
  deposit_basis_points: number | null;
  period_amount: number | null;
  late_fee_amount: number | null;
  late_fee_grace_days: number | null;
  deposit_refundable: number;
  created_at: string;
  updated_at: string;
};

export type PlanFields = { name: string; currency: string; terms: PlanTerms; lateFee: LateFee | null; depositRefundable: boolean; active: boolean };

function firstDueOf(r: PlanRow): FirstDue {
  switch (r.first_due_rule) {
    case 'fixed_date':
      return { rule: 'fixed_date', date: r.first_due_date ?? '' };
    case 'days_after_enrollment':
      return { rule: 'days_after_enrollment', days: r.first_due_days ?? 0 };
    default:
      return { rule: r.first_due_rule };
  }
}

function termsOf(r: PlanRow): PlanTerms {
  const firstDue = firstDueOf(r);
  if (r.kind === 'full') return { kind: 'full', firstDue };
  if (r.kind === 'subscription') return { kind: 'subscription', firstDue, interval: r.due_interval ?? 'monthly', periodAmount: r.period_amount, count: r.item_count };
  const terms: PlanTerms = {
    kind: 'installments',
    firstDue,
    deposit: r.deposit_kind === 'percent' ? { kind: 'percent', basisPoints: r.deposit_basis_points ?? 0 } : { kind: 'amount', amount: r.deposit_amount ?? 0 },
  };
  if (r.due_dates_json) terms.dueDates = JSON.parse(r.due_dates_json) as string[];
  if (r.item_count !== null) terms.count = r.item_count;
  if (r.due_interval) terms.interval = r.due_interval;
  return terms;
}

export const toPlanView = (r: PlanRow): PlanView => ({
  id: r.id,
  productId: r.product_id,
  name: r.name,
  currency: r.currency,
  active: r.active === 1,
  terms: termsOf(r),
  lateFee: r.late_fee_amount !== null && r.late_fee_grace_days !== null ? { amount: r.late_fee_amount, graceDays: r.late_fee_grace_days } : null,
  depositRefundable: r.deposit_refundable === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The plan's terms spread over columns; fields that do not apply to the kind are NULL. */
function columnsOf(terms: PlanTerms) {
  const fd = terms.firstDue;
  const base = {
    kind: terms.kind,
    firstDueRule: fd.rule,
    firstDueDate: fd.rule === 'fixed_date' ? fd.date : null,
    firstDueDays: fd.rule === 'days_after_enrollment' ? fd.days : null,
    interval: null as PlanInterval | null,
    count: null as number | null,
    dueDates: null as string | null,
    depositKind: null as 'amount' | 'percent' | null,
    depositAmount: null as number | null,
    depositBp: null as number | null,
    periodAmount: null as number | null,
  };
  if (terms.kind === 'subscription') return { ...base, interval: terms.interval, count: terms.count, periodAmount: terms.periodAmount };
  if (terms.kind === 'installments') {
    return {
      ...base,
      interval: terms.interval ?? null,
      count: terms.dueDates ? terms.dueDates.length : (terms.count ?? null),
      dueDates: terms.dueDates ? JSON.stringify(terms.dueDates) : null,
      depositKind: terms.deposit.kind,
      depositAmount: terms.deposit.kind === 'amount' ? terms.deposit.amount : null,
      depositBp: terms.deposit.kind === 'percent' ? terms.deposit.basisPoints : null,
    };
  }
  return base;
}

export function findPlan(store: Store, id: string): PlanView | undefined {
  const row = store.get<PlanRow>(sql`SELECT * FROM payment_plans WHERE id = ${id}`);
  return row && toPlanView(row);
}

export function getPlan(store: Store, id: string): PlanView {
  const plan = findPlan(store, id);
  if (!plan) throw notFound('Payment plan', id);
  return plan;
}

export function listPlans(store: Store, productId: string | undefined, includeInactive: boolean): PlanView[] {
  const rows = store.all<PlanRow>(sql`SELECT * FROM payment_plans
    WHERE (${productId ?? null} IS NULL OR product_id = ${productId ?? null}) AND (${includeInactive} = 1 OR active = 1)
    ORDER BY product_id, created_at, rowid`);
  return rows.map(toPlanView);
}

export function insertPlan(store: Store, productId: string, f: PlanFields, at: Date): PlanView {
  const id = newId('pln');
  const ts = at.toISOString();
  const c = columnsOf(f.terms);
  store.run(sql`INSERT INTO payment_plans (id, product_id, name, kind, currency, active, first_due_rule, first_due_date, first_due_days, due_interval, item_count,
      due_dates_json, deposit_kind, deposit_amount, deposit_basis_points, period_amount, late_fee_amount, late_fee_grace_days, deposit_refundable, created_at, updated_at)
    VALUES (${id}, ${productId}, ${f.name}, ${c.kind}, ${f.currency}, ${f.active}, ${c.firstDueRule}, ${c.firstDueDate}, ${c.firstDueDays}, ${c.interval}, ${c.count},
      ${c.dueDates}, ${c.depositKind}, ${c.depositAmount}, ${c.depositBp}, ${c.periodAmount}, ${f.lateFee?.amount ?? null}, ${f.lateFee?.graceDays ?? null}, ${f.depositRefundable}, ${ts}, ${ts})`);
  return getPlan(store, id);
}

export function updatePlan(store: Store, id: string, f: PlanFields, at: Date): PlanView {
  const c = columnsOf(f.terms);
  store.run(sql`UPDATE payment_plans SET name = ${f.name}, kind = ${c.kind}, active = ${f.active}, first_due_rule = ${c.firstDueRule}, first_due_date = ${c.firstDueDate},
      first_due_days = ${c.firstDueDays}, due_interval = ${c.interval}, item_count = ${c.count}, due_dates_json = ${c.dueDates}, deposit_kind = ${c.depositKind},
      deposit_amount = ${c.depositAmount}, deposit_basis_points = ${c.depositBp}, period_amount = ${c.periodAmount}, late_fee_amount = ${f.lateFee?.amount ?? null},
      late_fee_grace_days = ${f.lateFee?.graceDays ?? null}, deposit_refundable = ${f.depositRefundable}, updated_at = ${at.toISOString()}
    WHERE id = ${id}`);
  return getPlan(store, id);
}
