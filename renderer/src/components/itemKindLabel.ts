import type { ScheduleItemKind } from '../../../shared/contract/schedules';

const labels: Record<ScheduleItemKind, string> = { full: 'Full', deposit: 'Deposit', installment: 'Installment', period: 'Period', late_fee: 'Late fee' };

/** How a schedule item's kind reads on screen. */
export const itemKindLabel = (kind: ScheduleItemKind): string => labels[kind];
