import type { MailSecurity, MailSettingsView, ReminderSettingsView } from '../../../shared/contract/mail';
import type { SecretStore } from '../../secrets/secretStore';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

/** The office's mail server and reminder rules, as stored (the password is a secret, not here). */
export type MailSettings = {
  host: string | null;
  port: number;
  security: MailSecurity;
  username: string | null;
  fromAddress: string | null;
  replyTo: string | null;
  receiptsEnabled: boolean;
  remindersEnabled: boolean;
  reminderDaysBefore: number | null;
  reminderOverdue: boolean;
  updatedAt: string | null;
};

type Row = {
  host: string | null; port: number; security: MailSecurity; username: string | null; from_address: string | null; reply_to: string | null;
  receipts_enabled: number; reminders_enabled: number; reminder_days_before: number | null; reminder_overdue: number; updated_at: string;
};

export const defaultMailSettings: MailSettings = {
  host: null, port: 587, security: 'starttls', username: null, fromAddress: null, replyTo: null,
  receiptsEnabled: true, remindersEnabled: false, reminderDaysBefore: 3, reminderOverdue: true, updatedAt: null,
};

export function readMailSettings(store: Store): MailSettings {
  const r = store.get<Row>(sql`SELECT * FROM mail_settings WHERE id = 1`);
  if (!r) return defaultMailSettings;
  return {
    host: r.host, port: r.port, security: r.security, username: r.username, fromAddress: r.from_address, replyTo: r.reply_to,
    receiptsEnabled: r.receipts_enabled === 1, remindersEnabled: r.reminders_enabled === 1, reminderDaysBefore: r.reminder_days_before,
    reminderOverdue: r.reminder_overdue === 1, updatedAt: r.updated_at,
  };
}

export function writeMailSettings(store: Store, s: MailSettings, at: Date): void {
  store.run(sql`INSERT INTO mail_settings (id, host, port, security, username, from_address, reply_to, receipts_enabled, reminders_enabled, reminder_days_before, reminder_overdue, updated_at)
    VALUES (1, ${s.host}, ${s.port}, ${s.security}, ${s.username}, ${s.fromAddress}, ${s.replyTo}, ${s.receiptsEnabled ? 1 : 0}, ${s.remindersEnabled ? 1 : 0},
      ${s.reminderDaysBefore}, ${s.reminderOverdue ? 1 : 0}, ${at.toISOString()})
    ON CONFLICT (id) DO UPDATE SET host = excluded.host, port = excluded.port, security = excluded.security, username = excluded.username,
      from_address = excluded.from_address, reply_to = excluded.reply_to, receipts_enabled = excluded.receipts_enabled, reminders_enabled = excluded.reminders_enabled,
      reminder_days_before = excluded.reminder_days_before, reminder_overdue = excluded.reminder_overdue, updated_at = excluded.updated_at`);
}

/** Mail can be queued: a server and a sender address are set. */
export const mailConfigured = (s: MailSettings): boolean => s.host !== null && s.fromAddress !== null;

export function mailSettingsView(s: MailSettings, secrets: SecretStore): MailSettingsView {
  return {
    host: s.host, port: s.port, security: s.security, username: s.username, passwordSet: secrets.get('mail.password') !== null,
    fromAddress: s.fromAddress, replyTo: s.replyTo, receiptsEnabled: s.receiptsEnabled, configured: mailConfigured(s),
    secretsEncrypted: secrets.encrypted, updatedAt: s.updatedAt,
  };
}

export const reminderSettingsView = (s: MailSettings): ReminderSettingsView => ({
  enabled: s.remindersEnabled, daysBefore: s.reminderDaysBefore, overdue: s.reminderOverdue, updatedAt: s.updatedAt,
});
