import { createPeriodicJob } from '../../core/periodicJob';
import type { PeriodicJob } from '../../core/periodicJob';
import type { ScheduleItemKind } from '../../../shared/contract/schedules';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';
import { addDays } from '../../../shared/officeTime';
import { officeDate } from '../settings/officeDate';
import { reminderMail } from './mailBodies';
import { enqueueMail, officeOf } from './mailOutbox';
import { mailConfigured, readMailSettings } from './mailSettings';

/** An item that became overdue while the desk was closed is still reminded within this many days; older ones never are. */
export const OVERDUE_CATCH_UP_DAYS = 7;
const BATCH = 500;

type Due = { id: string; seq: number; kind: ScheduleItemKind; due_date: string; outstanding: number; currency: string; payer_id: string; payer_name: string; email: string; product_name: string };

/** The outbox key of a reminder: once per item, due date and rule (a moved due date is reminded again). */
export const reminderKey = (itemId: string, dueDate: string, rule: 'before' | 'overdue'): string => `reminder:${itemId}:${dueDate}:${rule}`;

/**
 * One batch of reminders that are due and not yet queued, queued in the caller's transaction.
 * Items that are open (not paused, waived or cancelled) and not fully paid, of active
 * enrollments, whose payer has an email and has not opted out: those due within the next
 * `daysBefore` days (rule `before`), and those that became overdue in the last week (rule
 * `overdue`). Found by the (state, due_date) index; the unique outbox key keeps each once.
 */
export function queueDueReminders(store: Store, at: Date, limit = BATCH): { queued: number; more: boolean } {
  const settings = readMailSettings(store);
  if (!settings.remindersEnabled || !mailConfigured(settings)) return { queued: 0, more: false };
  const today = officeDate(store, at);
  const office = officeOf(store);
  const rules: { rule: 'before' | 'overdue'; from: string; to: string }[] = [];
  if (settings.reminderDaysBefore !== null) rules.push({ rule: 'before', from: today, to: addDays(today, settings.reminderDaysBefore) });
  if (settings.reminderOverdue) rules.push({ rule: 'overdue', from: addDays(today, -OVERDUE_CATCH_UP_DAYS), to: addDays(today, -1) });
  let queued = 0;
  let more = false;
  for (const { rule, from, to } of rules) {
    const due = store.all<Due>(sql`SELECT i.id, i.seq, i.kind, i.due_date, i.amount - i.paid_amount AS outstanding, i.currency, i.payer_id,
        p.name AS payer_name, p.email, pr.name AS product_name
      FROM schedule_items i
      JOIN enrollments e ON e.id = i.enrollment_id
      JOIN payers p ON p.id = i.payer_id
      JOIN products pr ON pr.id = i.product_id
      WHERE i.state = 'open' AND i.due_date >= ${from} AND i.due_date <= ${to} AND i.paid_amount < i.amount
        AND e.status = 'active' AND p.email IS NOT NULL AND p.mail_opt_out = 0
        AND NOT EXISTS (SELECT 1 FROM mail_outbox m WHERE m.dedupe_key = 'reminder:' || i.id || ':' || i.due_date || ':' || ${rule})
      ORDER BY i.due_date, i.id LIMIT ${limit - queued + 1}`);
    if (due.length > limit - queued) {
      more = true;
      due.length = limit - queued;
    }
    for (const d of due) {
      const body = reminderMail(office, { payerName: d.payer_name, productName: d.product_name, kind: d.kind, seq: d.seq, dueDate: d.due_date, outstanding: d.outstanding, currency: d.currency, rule });
      if (enqueueMail(store, settings, { kind: 'reminder', dedupeKey: reminderKey(d.id, d.due_date, rule), payerId: d.payer_id, to: d.email, body }, at)) queued++;
    }
    if (more) break;
  }
  return { queued, more };
}

export type ReminderJob = PeriodicJob<{ queued: number }>;

/** Queues due reminders hourly (and at start, and when the rules change), a batch per transaction. */
export function createReminderJob(options: { store: Store; now: () => Date; logError: (message: string, error: unknown) => void; onQueued: () => void }): ReminderJob {
  const { store, now } = options;
  return createPeriodicJob('reminders', async () => {
    let queued = 0;
    for (let more = true; more; ) {
      await new Promise((resolve) => setImmediate(resolve));
      const batch = store.transaction(() => queueDueReminders(store, now()));
      queued += batch.queued;
      more = batch.more;
    }
    if (queued > 0) options.onQueued();
    return { queued };
  }, 60 * 60_000, options.logError);
}
