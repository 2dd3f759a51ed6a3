import type { ScheduleItemKind } from '../../../shared/contract/schedules';
import { t } from '../i18n';
import type { MessageId } from '../i18n';

const labels: Record<ScheduleItemKind, MessageId> = { full: 'itemKind.full', deposit: 'itemKind.deposit', installment: 'itemKind.installment', period: 'itemKind.period', late_fee: 'itemKind.late_fee' };

/** How a schedule item's kind reads on screen. */
export const itemKindLabel = (kind: ScheduleItemKind): string => t(labels[kind]);
