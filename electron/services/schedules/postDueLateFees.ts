import type { HandlerContext } from '../../core/handlers';
import { AppError } from '../../core/errors';
import { sql } from '../../store/sql';
import { catalogWords } from '../documents/catalogWords';
import { officeDate } from '../settings/officeDate';
import { readSettings } from '../settings/settingsRepo';
import { daysBetween } from './calendar';
import { postLateFee } from './postLateFee';

type Ctx = Pick<HandlerContext, 'store' | 'now' | 'audit'>;

export type PostedFee = { feeId: string; itemId: string; enrollmentId: string; amount: number; currency: string; daysLate: number };

/** How many fees one call posts; `more` says when the rule has more to do. */
export const LATE_FEE_BATCH = 500;

/**
 * Applies the plans' late-fee rule to every item it proposes a fee for today: items of
 * active enrollments whose plan has a fee, unpaid more than its grace days past due, with no
 * fee posted yet. Each fee goes through `postLateFee` (the same checks, item and audit entry
 * as an admin's post), with a reason that says the rule posted it: never silently. Runs in
 * the caller's transaction; oldest due first.
 */
export function postDueLateFees(ctx: Ctx, reason?: string): { posted: PostedFee[]; more: boolean } {
  const today = officeDate(ctx.store, ctx.now());
  const candidates = ctx.store.all<{ id: string; grace: number }>(sql`
    SELECT i.id, p.late_fee_grace_days AS grace FROM schedule_items i
    JOIN enrollments e ON e.id = i.enrollment_id AND e.status = 'active'
    JOIN payment_plans p ON p.id = e.plan_id AND p.late_fee_amount IS NOT NULL
    WHERE i.state = 'open' AND i.kind <> 'late_fee' AND i.paid_amount < i.amount
      AND i.due_date < date(${today}, '-' || p.late_fee_grace_days || ' days')
      AND NOT EXISTS (SELECT 1 FROM schedule_items f WHERE f.fee_for_item_id = i.id)
    ORDER BY i.due_date, i.id LIMIT ${LATE_FEE_BATCH + 1}`);
  const posted: PostedFee[] = [];
  // The rule's own reason, kept on the fee and in the audit: in the office's language.
  const words = reason === undefined ? catalogWords(readSettings(ctx.store).locale) : null;
  for (const c of candidates.slice(0, LATE_FEE_BATCH)) {
    try {
      const { fee, item } = postLateFee(ctx, c.id, reason ?? words?.('lateFee.ruleReason', { days: c.grace }) ?? '');
      posted.push({ feeId: fee.id, itemId: item.id, enrollmentId: fee.enrollmentId, amount: fee.amount, currency: fee.currency, daysLate: daysBetween(item.dueDate, today) });
    } catch (e) {
      // The query is the rule's outline; postLateFee has the last word (a refusal posts nothing).
      if (!(e instanceof AppError && e.code === 'VALIDATION')) throw e;
    }
  }
  return { posted, more: candidates.length > LATE_FEE_BATCH };
}
