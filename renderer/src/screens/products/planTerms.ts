import type { InputOf } from '../../../../shared/contract';
import { officeMoney } from '../../hooks/useMoney';
import { t } from '../../i18n';

export type Terms = InputOf<'plans:create'>['plan']['terms'];

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
    const period = d.periodAmount.trim() === '' ? null : (officeMoney().parse(d.periodAmount, currency) ?? Number.NaN);
    return { kind: 'subscription', firstDue, interval: d.interval, periodAmount: period, count: d.count.trim() === '' ? null : whole(d.count) };
  }
  const deposit = d.depositKind === 'percent' ? { kind: 'percent' as const, basisPoints: percentToBasisPoints(d.deposit) } : { kind: 'amount' as const, amount: officeMoney().parse(d.deposit || '0', currency) ?? Number.NaN };
  if (d.scheduleBy === 'dates') return { kind: 'installments', deposit, firstDue, dueDates: splitDates(d.dueDates) };
  return { kind: 'installments', deposit, firstDue, count: whole(d.count), interval: d.interval };
}

/** "2025-02-01, 2025-03-01" or one date a line → the list; the core checks each date and names the one that is wrong. */
export const splitDates = (text: string): string[] => text.split(/[\s,;]+/).filter((s) => s !== '');

type LateFeeInput = InputOf<'plans:create'>['plan']['lateFee'];

/** The late fee typed (amount and grace days) → the contract's, or null when no amount is given. */
export function draftToLateFee(d: PlanDraft, currency: string): LateFeeInput {
  if (d.lateFee.trim() === '') return null;
  return { amount: officeMoney().parse(d.lateFee, currency) ?? Number.NaN, graceDays: whole(d.lateFeeGraceDays) };
}

/**
 * Why the draft cannot be previewed yet because a field it needs is still empty (null: it
 * can be). An empty field is "not typed yet", not an error to shout about while typing.
 */
export function draftBlankReason(d: PlanDraft): string | null {
  if (d.kind === 'installments' && d.scheduleBy === 'interval' && d.count.trim() === '') return t('planTerms.blank.count');
  if (d.kind === 'installments' && d.scheduleBy === 'dates' && d.dueDates.trim() === '') return t('planTerms.blank.dueDates');
  if (d.firstDue === 'fixed_date' && d.firstDueDate.trim() === '') return t('planTerms.blank.firstDueDate');
  if (d.firstDue === 'days_after_enrollment' && d.firstDueDays.trim() === '') return t('planTerms.blank.firstDueDays');
  return null;
}

/** 1250 basis points → "12.5", by string arithmetic (no floats). */
export function basisPointsToPercent(bp: number): string {
  const cents = String(bp % 100).padStart(2, '0').replace(/0+$/, '');
  return cents ? `${Math.floor(bp / 100)}.${cents}` : String(Math.floor(bp / 100));
}

type SavedPlan = { name: string; terms: Terms; lateFee: { amount: number; graceDays: number } | null; depositRefundable: boolean };

/** A saved plan back into the form, so an admin edits it with the same live preview. */
export function planToDraft(p: SavedPlan, currency: string): PlanDraft {
  const t = p.terms;
  const fd = t.firstDue;
  const base: PlanDraft = {
    ...emptyPlanDraft,
    name: p.name,
    kind: t.kind,
    firstDue: fd.rule,
    firstDueDate: fd.rule === 'fixed_date' ? fd.date : '',
    firstDueDays: fd.rule === 'days_after_enrollment' ? String(fd.days) : '0',
    lateFee: p.lateFee ? officeMoney().toInput(p.lateFee.amount, currency) : '',
    lateFeeGraceDays: p.lateFee ? String(p.lateFee.graceDays) : emptyPlanDraft.lateFeeGraceDays,
    depositRefundable: p.depositRefundable,
  };
  if (t.kind === 'full') return base;
  if (t.kind === 'subscription') {
    return { ...base, interval: t.interval, count: t.count === null ? '' : String(t.count), periodAmount: t.periodAmount === null ? '' : officeMoney().toInput(t.periodAmount, currency) };
  }
  const deposit = t.deposit.kind === 'amount' ? officeMoney().toInput(t.deposit.amount, currency) : basisPointsToPercent(t.deposit.basisPoints);
  const installments = { ...base, depositKind: t.deposit.kind, deposit, interval: t.interval ?? emptyPlanDraft.interval };
  if (t.dueDates) return { ...installments, scheduleBy: 'dates', dueDates: t.dueDates.join(', '), count: String(t.dueDates.length) };
  return { ...installments, scheduleBy: 'interval', count: String(t.count ?? '') };
}
