import type { InputOf } from '../../../../shared/contract';
import { parseAmount } from '../../api/money';

type Terms = InputOf<'plans:create'>['plan']['terms'];

/** The plan form as typed; turned into contract terms only when submitted. */
export type PlanDraft = {
  name: string;
  kind: 'full' | 'installments' | 'subscription';
  depositKind: 'amount' | 'percent';
  deposit: string;
  count: string;
  interval: 'weekly' | 'biweekly' | 'monthly';
  firstDue: 'enrollment_date' | 'product_start' | 'fixed_date' | 'days_after_enrollment';
  firstDueDate: string;
  firstDueDays: string;
  periodAmount: string;
  /** Installments: 'interval' (count every week/2 weeks/month) or 'dates' (the dates typed in `dueDates`). */
  scheduleBy: 'interval' | 'dates';
  dueDates: string;
  /** Empty: no late fee. */
  lateFee: string;
  lateFeeGraceDays: string;
  depositRefundable: boolean;
};

export const emptyPlanDraft: PlanDraft = {
  name: '',
  kind: 'installments',
  depositKind: 'amount',
  deposit: '0',
  count: '3',
  interval: 'monthly',
  firstDue: 'enrollment_date',
  firstDueDate: '',
  firstDueDays: '0',
  periodAmount: '',
  scheduleBy: 'interval',
  dueDates: '',
  lateFee: '',
  lateFeeGraceDays: '7',
  depositRefundable: true,
};

const whole = (s: string): number => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/** Percent typed as "12.5" → 1250 basis points, by string arithmetic (no floats). */
export function percentToBasisPoints(text: string): number {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Builds contract terms; bad numbers become NaN so the core names the field that is wrong. */
export function draftToTerms(d: PlanDraft, currency: string): Terms {
  const firstDue =
    d.firstDue === 'fixed_date'
      ? { rule: 'fixed_date' as const, date: d.firstDueDate }
      : d.firstDue === 'days_after_enrollment'
        ? { rule: 'days_after_enrollment' as const, days: whole(d.firstDueDays) }
        : { rule: d.firstDue };
  if (d.kind === 'full') return { kind: 'full', firstDue };
  if (d.kind === 'subscription') {
    const period = d.periodAmount.trim() === '' ? null : (parseAmount(d.periodAmount, currency) ?? Number.NaN);
    return { kind: 'subscription', firstDue, interval: d.interval, periodAmount: period, count: d.count.trim() === '' ? null : whole(d.count) };
  }
  const deposit = d.depositKind === 'percent' ? { kind: 'percent' as const, basisPoints: percentToBasisPoints(d.deposit) } : { kind: 'amount' as const, amount: parseAmount(d.deposit || '0', currency) ?? Number.NaN };
  if (d.scheduleBy === 'dates') return { kind: 'installments', deposit, firstDue, dueDates: splitDates(d.dueDates) };
  return { kind: 'installments', deposit, firstDue, count: whole(d.count), interval: d.interval };
}

/** "2025-02-01, 2025-03-01" or one date a line → the list; the core checks each date and names the one that is wrong. */
export const splitDates = (text: string): string[] => text.split(/[\s,;]+/).filter((s) => s !== '');

type LateFeeInput = InputOf<'plans:create'>['plan']['lateFee'];

/** The late fee typed (amount and grace days) → the contract's, or null when no amount is given. */
export function draftToLateFee(d: PlanDraft, currency: string): LateFeeInput {
  if (d.lateFee.trim() === '') return null;
  return { amount: parseAmount(d.lateFee, currency) ?? Number.NaN, graceDays: whole(d.lateFeeGraceDays) };
}
