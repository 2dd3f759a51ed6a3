import { z } from 'zod';
import { Empty, Id, PageCursor, RequestId, ShortText } from '../schemas';
import { channel } from './define';
import { Email } from './payers';

export const MailSecurity = z.enum(['none', 'starttls', 'tls']);
export type MailSecurity = z.infer<typeof MailSecurity>;

/** Host names and IP literals only: no scheme, path, user or spaces. */
const Host = z.string().trim().min(1, 'must not be empty').max(253, { message: 'must be at most 253 characters', abort: true })
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*)$/, 'must be a server name such as smtp.example.org (no http:// and no spaces)');

export const MailSettingsView = z.object({
  host: z.string().nullable(),
  port: z.number().int(),
  security: MailSecurity,
  username: z.string().nullable(),
  /** Whether a password is saved (never the password itself). */
  passwordSet: z.boolean(),
  fromAddress: z.string().nullable(),
  replyTo: z.string().nullable(),
  /** Email a receipt after every payment of a payer who has an email address and has not opted out. */
  receiptsEnabled: z.boolean(),
  /** Server and sender are set: mail can be queued and sent. */
  configured: z.boolean(),
  /** Whether secrets are encrypted by the operating system on this machine. */
  secretsEncrypted: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type MailSettingsView = z.infer<typeof MailSettingsView>;

export const MailSettingsPatch = z.strictObject({
  host: Host.nullable().optional(),
  port: z.number().int('must be a whole number').min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535').optional(),
  security: MailSecurity.optional(),
  username: ShortText(200).nullable().optional(),
  /** A new password; null removes it; leave it out to keep the saved one. */
  password: z.string().max(500, 'must be at most 500 characters').nullable().optional(),
  fromAddress: Email.nullable().optional(),
  replyTo: Email.nullable().optional(),
  receiptsEnabled: z.boolean().optional(),
});

export const ReminderSettingsView = z.object({
  enabled: z.boolean(),
  /** Remind this many days before a due date (null: no advance reminder). */
  daysBefore: z.number().int().nullable(),
  /** Remind once when an item becomes overdue. */
  overdue: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type ReminderSettingsView = z.infer<typeof ReminderSettingsView>;

export const MailKind = z.enum(['receipt', 'statement', 'reminder']);
export const MailState = z.enum(['queued', 'sending', 'sent', 'unconfirmed', 'failed']);
export type MailState = z.infer<typeof MailState>;

export const MailLogRow = z.object({
  id: z.string(),
  kind: MailKind,
  payerId: z.string(),
  payerName: z.string(),
  to: z.string(),
  subject: z.string(),
  messageId: z.string(),
  state: MailState,
  tries: z.number().int(),
  maxTries: z.number().int(),
  /** When the next try is due (queued rows). */
  nextTryAt: z.string().nullable(),
  /** The mail server's own words on the last failure. */
  lastError: z.string().nullable(),
  /** The server's answer when it accepted the mail. */
  serverResponse: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type MailLogRow = z.infer<typeof MailLogRow>;

export const mailContract = {
  'mail:settings': channel({
    summary: "The office's mail server settings (admin); the password is never returned.",
    input: Empty,
    output: MailSettingsView,
  }),
  'mail:saveSettings': channel({
    summary: "Change the office's mail server settings (admin); the password is kept with the other secrets.",
    input: z.strictObject({ requestId: RequestId, patch: MailSettingsPatch }),
    output: MailSettingsView,
  }),
  'mail:test': channel({
    summary: 'Connect and sign in to the mail server (and send a test mail when `to` is given); reports the server’s own words.',
    input: z.strictObject({ to: Email.optional() }),
    output: z.object({ ok: z.boolean(), message: z.string() }),
  }),
  'mail:send': channel({
    summary: "Queue a payer's statement, or a payment's receipt, for email.",
    input: z.discriminatedUnion('kind', [
      // With `linkId`, the mail also carries the payer's page link (its key included: the link is the payer's access).
      z.strictObject({ requestId: RequestId, kind: z.literal('statement'), payerId: Id, linkId: Id.optional() }),
      z.strictObject({ requestId: RequestId, kind: z.literal('receipt'), paymentId: Id }),
    ]),
    output: z.object({ mail: MailLogRow }),
  }),
  'reminders:settings': channel({
    summary: 'The due-reminder rules (admin).',
    input: Empty,
    output: ReminderSettingsView,
  }),
  'reminders:saveSettings': channel({
    summary: 'Change the due-reminder rules (admin).',
    input: z.strictObject({
      requestId: RequestId,
      patch: z.strictObject({
        enabled: z.boolean().optional(),
        daysBefore: z.number().int('must be whole days').min(1, 'must be at least 1 day').max(60, 'must be at most 60 days').nullable().optional(),
        overdue: z.boolean().optional(),
      }),
    }),
    output: ReminderSettingsView,
  }),
  'reminders:list': channel({
    summary: 'The mail log, newest first: queued, sent and failed mail with the server’s words, tries and next try.',
    input: z.strictObject({
      state: MailState.optional(),
      kind: MailKind.optional(),
      payerId: Id.optional(),
      limit: z.number().int().min(1).max(200).default(50),
      cursor: PageCursor.optional(),
    }),
    output: z.object({
      rows: z.array(MailLogRow),
      nextCursor: z.string().nullable(),
      counts: z.object({ queued: z.number().int(), sending: z.number().int(), sent: z.number().int(), unconfirmed: z.number().int(), failed: z.number().int() }),
    }),
  }),
};
