import { mulDivRound, splitEvenly } from '../../../shared/money';
import { BASIS_POINTS_PER_WHOLE } from '../../../shared/contract/plans';
import type { Discount, FirstDue, ItemKind, PlanTerms } from '../../../shared/contract/plans';
import { invalidAs } from '../../core/errors';
import { addDays, nthDate } from './calendar';
import { dayParam } from '../../../shared/errorMessages';

/** Items generated for an open-ended subscription; more are added as the horizon moves on. */
export const SUBSCRIPTION_HORIZON = 12;

export type ScheduleRequest = {
  /** Product price in minor units (for a subscription: used when the plan has no period amount). */
  price: number;
  terms: PlanTerms;
  discount: Discount | null;
  enrollmentDate: string;
  /** The product's start date, for the `product_start` first-due rule. */
  productStart: string | null;
  /** The product's currency, for the amounts a refusal names (`XXX`, no currency, when not given). */
  currency?: string;
};

export type PlannedItem = { seq: number; kind: ItemKind; dueDate: string; amount: number };

export type Schedule = {
  /** What is being discounted: the price, or one period of a subscription. */
  listPrice: number;
  /** Total taken off across the generated items. */
  discountAmount: number;
  /** Sum of the items, exactly. */
  total: number;
  openEnded: boolean;
  items: PlannedItem[];
  /** The first item is due on (or before) the enrollment date. */
  requiresImmediatePayment: boolean;
};

/** Price after the discount; refuses a discount that leaves nothing to pay. */
export function applyDiscount(price: number, discount: Discount | null, currency = 'XXX'): number {
  if (!discount) return price;
  const off = discount.kind === 'percent' ? mulDivRound(price, discount.basisPoints, BASIS_POINTS_PER_WHOLE) : discount.amount;
  const field = discount.kind === 'percent' ? 'discount.basisPoints' : 'discount.amount';
  if (off >= price) throw invalidAs(field, 'schedule.nothingLeft', { price: { amount: price, currency } });
  return price - off;
}

export function firstDueDate(rule: FirstDue, enrollmentDate: string, productStart: string | null): string {
  // A first-due date already past at enrollment means "due on enrollment": a late joiner
  // pays their first item now rather than owing it from before they enrolled.
  const notBefore = (date: string) => (date < enrollmentDate ? enrollmentDate : date);
  switch (rule.rule) {
    case 'enrollment_date':
      return enrollmentDate;
    case 'fixed_date':
      return notBefore(rule.date);
    case 'product_start':
      if (!productStart) throw invalidAs('terms.firstDue.rule', 'schedule.noProductStart', {});
      return notBefore(productStart);
    case 'days_after_enrollment':
      return addDays(enrollmentDate, rule.days);
  }
}

function depositOf(terms: Extract<PlanTerms, { kind: 'installments' }>, total: number, currency: string): number {
  const d = terms.deposit;
  if (d.kind === 'amount') {
    if (d.amount >= total) throw invalidAs('terms.deposit.amount', 'schedule.depositOverPrice', { total: { amount: total, currency } });
    return d.amount;
  }
  const amount = mulDivRound(total, d.basisPoints, BASIS_POINTS_PER_WHOLE);
  if (d.basisPoints > 0 && amount === 0) throw invalidAs('terms.deposit.basisPoints', 'schedule.depositZero', { total: { amount: total, currency } });
  if (amount >= total) throw invalidAs('terms.deposit.basisPoints', 'schedule.depositLeavesNothing', { total: { amount: total, currency } });
  return amount;
}

/** Checks the shape rules zod cannot express alone; names the field at fault. */
export function checkTerms(terms: PlanTerms): void {
  if (terms.kind !== 'installments') return;
  if (terms.dueDates) {
    if (terms.interval) throw invalidAs('terms.interval', 'schedule.intervalWithDates', {});
    if (terms.count !== undefined && terms.count !== terms.dueDates.length) throw invalidAs('terms.count', 'schedule.countDisagrees', { count: terms.count, dates: terms.dueDates.length });
    terms.dueDates.forEach((date, i) => {
      const prev = terms.dueDates?.[i - 1];
      if (prev !== undefined && date <= prev) throw invalidAs(`terms.dueDates.${i}`, 'schedule.datesOutOfOrder', { date: dayParam(date), previous: dayParam(prev) });
    });
    return;
  }
  if (terms.count === undefined) throw invalidAs('terms.count', 'schedule.countRequired', {});
  if (!terms.interval) throw invalidAs('terms.interval', 'schedule.intervalRequired', {});
}

/**
 * Turns a plan into dated amounts. Integer arithmetic only; the items always sum to the
 * discounted price exactly (the last installment takes the remainder cents) and no item
 * is zero or negative — a combination that would need one is refused, naming the field.
 */
export function generateSchedule(req: ScheduleRequest): Schedule {
  try {
    return build(req);
  } catch (e) {
    if (e instanceof RangeError) throw invalidAs('enrollmentDate', 'schedule.datesOutOfRange', {});
    throw e;
  }
}

function build(req: ScheduleRequest): Schedule {
  const { terms, enrollmentDate } = req;
  const currency = req.currency ?? 'XXX';
  checkTerms(terms);
  const start = firstDueDate(terms.firstDue, enrollmentDate, req.productStart);
  let listPrice = req.price;
  let items: PlannedItem[];
  let openEnded = false;

  if (terms.kind === 'full') {
    items = [{ seq: 1, kind: 'full', dueDate: start, amount: applyDiscount(listPrice, req.discount, currency) }];
  } else if (terms.kind === 'installments') {
    const total = applyDiscount(listPrice, req.discount, currency);
    const deposit = depositOf(terms, total, currency);
    const count = terms.dueDates?.length ?? terms.count ?? 0;
    const rest = total - deposit;
    if (rest < count) throw invalidAs(terms.dueDates ? 'terms.dueDates' : 'terms.count', 'schedule.installmentZero', { count, rest: { amount: rest, currency } });
    const shares = splitEvenly(rest, count);
    // With a deposit, the deposit takes the first-due date and installments follow one
    // interval apart; without one, the first installment takes it.
    const offset = deposit > 0 ? 1 : 0;
    const dates = terms.dueDates ?? shares.map((_, i) => nthDate(start, terms.interval ?? 'monthly', i + offset));
    if (terms.dueDates) {
      const first = terms.dueDates[0] ?? start;
      if (first < enrollmentDate) throw invalidAs('terms.dueDates.0', 'schedule.firstBeforeEnrollment', { first: dayParam(first), enrollmentDate: dayParam(enrollmentDate) });
      if (deposit > 0 && first <= start) throw invalidAs('terms.dueDates.0', 'schedule.firstNotAfterDeposit', { first: dayParam(first), deposit: dayParam(start) });
    }
    items = [];
    if (deposit > 0) items.push({ seq: 1, kind: 'deposit', dueDate: start, amount: deposit });
    shares.forEach((amount, i) => items.push({ seq: items.length + 1, kind: 'installment', dueDate: dates[i] ?? start, amount }));
  } else {
    listPrice = terms.periodAmount ?? req.price;
    const perPeriod = applyDiscount(listPrice, req.discount, currency);
    openEnded = terms.count === null;
    const count = terms.count ?? SUBSCRIPTION_HORIZON;
    items = Array.from({ length: count }, (_, i) => ({ seq: i + 1, kind: 'period' as const, dueDate: nthDate(start, terms.interval, i), amount: perPeriod }));
  }

  const total = items.reduce((sum, item) => sum + item.amount, 0);
  const undiscounted = terms.kind === 'subscription' ? listPrice * items.length : listPrice;
  return {
    listPrice,
    discountAmount: undiscounted - total,
    total,
    openEnded,
    items,
    requiresImmediatePayment: (items[0]?.dueDate ?? start) <= enrollmentDate,
  };
}
