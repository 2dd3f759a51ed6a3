import type { RefundProposal } from '../../../shared/contract/refunds';
import { mulDivRound } from '../../../shared/money';
import { daysBetween } from '../schedules/calendar';

export type PolicyFacts = {
  policy: 'prorata' | 'full' | 'none';
  startDate: string | null;
  endDate: string | null;
  /** What the whole course costs this payer (the enrollment's total; posted late fees are not part of it). */
  courseTotal: number;
  /** Net paid on the enrollment's items, late fees included. */
  paid: number;
  /** Paid on deposit items, when the plan marks the deposit non-refundable. */
  keptDeposit: number;
  /** Paid on late-fee items: a fee, once paid, is kept whatever the policy. */
  keptLateFees: number;
  today: string;
  /** How an amount reads in the basis sentence (the office's money format, e.g. "$15.00"). */
  money: (minor: number) => string;
};

type Proposed = Pick<RefundProposal, 'proposed' | 'basis' | 'policy' | 'keptDeposit' | 'keptLateFees'>;

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
  const notes = `${keep > 0 ? `; the non-refundable deposit (${f.money(keep)}) is kept` : ''}${fees > 0 ? `; paid late fees (${f.money(fees)}) are kept` : ''}`;
  const kept = { keptDeposit: keep, keptLateFees: fees };
  if (f.policy === 'none') return { policy: 'none', proposed: 0, ...kept, basis: 'The product does not refund cancellations' };
  const started = f.startDate !== null && f.today >= f.startDate;
  if (f.policy === 'full' || !started) {
    const why = f.policy === 'full' ? 'The product refunds in full' : f.startDate ? `Cancelled before the start date ${f.startDate}: full refund` : 'The product has no start date: full refund';
    return { policy: f.policy, proposed: coursePaid - keep, ...kept, basis: why + notes };
  }
  if (f.endDate === null) return { policy: 'prorata', proposed: 0, ...kept, basis: 'The course has started and has no end date, so no pro-rata share can be computed' };
  if (f.today > f.endDate) return { policy: 'prorata', proposed: 0, ...kept, basis: `The course ended on ${f.endDate}` };
  const totalDays = daysBetween(f.startDate ?? f.today, f.endDate) + 1;
  const usedDays = Math.min(totalDays, daysBetween(f.startDate ?? f.today, f.today));
  const usedCharge = mulDivRound(f.courseTotal, usedDays, totalDays);
  return {
    policy: 'prorata',
    proposed: Math.max(0, coursePaid - Math.max(usedCharge, keep)),
    ...kept,
    basis: `${usedDays} of ${totalDays} course days used: ${f.money(usedCharge)} of ${f.money(f.courseTotal)} is charged${notes}`,
  };
}
