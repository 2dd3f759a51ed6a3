import type { LateFee } from '../../../shared/contract/plans';
import type { ScheduleItemKind } from '../../../shared/contract/schedules';
import { daysBetween } from './calendar';
import type { StatusFacts } from './itemStatus';
import { itemStatus } from './itemStatus';

export type LateFeeCandidate = StatusFacts & { id: string; currency: string; kind: ScheduleItemKind; feePosted: boolean };
export type LateFeeProposalValue = { itemId: string; dueDate: string; daysLate: number; amount: number; currency: string };

/**
 * A fixed fee for each item still unpaid more than `graceDays` after its due date.
 * Proposals only: posting one is an explicit admin action, never a side effect of reading.
 * No fee on a fee, and none again once one is posted for the item.
 */
export function proposeLateFees(items: readonly LateFeeCandidate[], fee: LateFee | null, today: string): LateFeeProposalValue[] {
  if (!fee) return [];
  const proposals: LateFeeProposalValue[] = [];
  for (const item of items) {
    if (item.kind === 'late_fee' || item.feePosted) continue;
    const status = itemStatus(item, today);
    if (status !== 'overdue' && status !== 'partially_paid') continue;
    const daysLate = daysBetween(item.dueDate, today);
    if (daysLate > fee.graceDays) proposals.push({ itemId: item.id, dueDate: item.dueDate, daysLate, amount: fee.amount, currency: item.currency });
  }
  return proposals;
}
