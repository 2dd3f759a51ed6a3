import type { RefundProposal } from '../../../shared/contract/refunds';
import { dayParam, errorFormat, renderErrorMessage } from '../../../shared/errorMessages';
import type { ErrorFormat, ErrorKey, ErrorParams } from '../../../shared/errorMessages';
import { mulDivRound } from '../../../shared/money';
import { daysBetween } from '../schedules/calendar';

export type PolicyFacts = {
  policy: 'prorata' | 'full' | 'none';
  startDate: string | null;
  endDate: string | null;
  /** What the whole course costs this payer (the enrollment's total; posted late fees are not part of it). */
  courseTotal: number;
  /** The enrollment's currency: the amounts of the basis's words are in it. */
  currency: string;
  /** Net paid on the enrollment's items, late fees included. */
  paid: number;
  /** Paid on deposit items, when the plan marks the deposit non-refundable. */
  keptDeposit: number;
  /** Paid on late-fee items: a fee, once paid, is kept whatever the policy. */
  keptLateFees: number;
  today: string;
  /** How an amount reads in the stored basis sentence (the office's money format, e.g. "$15.00"). */
  money: (minor: number) => string;
};

type Proposed = Pick<RefundProposal, 'proposed' | 'basis' | 'basisWords' | 'policy' | 'keptDeposit' | 'keptLateFees'>;

/**
 * The basis of a proposal: its key and parameters (`basisWords`, which the window words in the
 * office's language, dates and amounts in its locale) and the English sentence the cancellation
 * keeps (`basis`), written as it always was: amounts by `money`, dates as YYYY-MM-DD.
 */
export function basisOf(key: ErrorKey, params: ErrorParams, money: (minor: number) => string): Pick<RefundProposal, 'basis' | 'basisWords'> {
  const stored: ErrorFormat = { ...errorFormat('en-US'), money: (m) => money(m.amount), number: (n) => String(n), date: (d) => d.day };
  return { basis: renderErrorMessage(key, params, stored) ?? key, basisWords: { key, params } };
}

/**
 * The refund a cancellation proposes, in integer minor units. Paid late fees are kept first
 * and are no part of the course: the rules below apply to what was paid for the course.
 * - `none`: nothing;
 * - `full`, or any policy before the start date (or with no start date): everything paid
 *   for the course except a non-refundable deposit;
 * - `prorata` after the start: the course is charged for the days used (start up to but
 *   not including today, over the inclusive start–end days, `mulDivRound` on the total),
 *   and at least the non-refundable deposit is kept; what was paid beyond that comes back.
 *   With no end date nothing can be prorated and nothing is proposed (the admin decides).
 */
export function proposeRefund(f: PolicyFacts): Proposed {
  const fees = Math.min(f.keptLateFees, f.paid);
  const coursePaid = f.paid - fees;
  const keep = Math.min(f.keptDeposit, coursePaid);
  const amountOf = (amount: number) => ({ amount, currency: f.currency });
  const notes = { keepsDeposit: keep > 0, deposit: amountOf(keep), keepsFees: fees > 0, fees: amountOf(fees) };
  const basis = (key: ErrorKey, params: ErrorParams = {}) => basisOf(key, params, f.money);
  const kept = { keptDeposit: keep, keptLateFees: fees };
  if (f.policy === 'none') return { policy: 'none', proposed: 0, ...kept, ...basis('refundBasis.none') };
  const started = f.startDate !== null && f.today >= f.startDate;
  if (f.policy === 'full' || !started) {
    const why = f.policy === 'full' ? basis('refundBasis.full', notes) : f.startDate ? basis('refundBasis.beforeStart', { start: dayParam(f.startDate), ...notes }) : basis('refundBasis.noStart', notes);
    return { policy: f.policy, proposed: coursePaid - keep, ...kept, ...why };
  }
  if (f.endDate === null) return { policy: 'prorata', proposed: 0, ...kept, ...basis('refundBasis.noEnd') };
  if (f.today > f.endDate) return { policy: 'prorata', proposed: 0, ...kept, ...basis('refundBasis.ended', { end: dayParam(f.endDate) }) };
  const totalDays = daysBetween(f.startDate ?? f.today, f.endDate) + 1;
  const usedDays = Math.min(totalDays, daysBetween(f.startDate ?? f.today, f.today));
  const usedCharge = mulDivRound(f.courseTotal, usedDays, totalDays);
  return {
    policy: 'prorata',
    proposed: Math.max(0, coursePaid - Math.max(usedCharge, keep)),
    ...kept,
    ...basis('refundBasis.prorata', { used: usedDays, total: totalDays, charged: amountOf(usedCharge), courseTotal: amountOf(f.courseTotal), ...notes }),
  };
}
