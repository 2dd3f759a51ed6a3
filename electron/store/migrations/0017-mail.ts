import type { Migration } from '../migrationTypes';

/**
 * Payer mail through the office's own SMTP server (issue 15).
 *
 * - `payers.mail_opt_out`: the payer asked for no email (receipts, statements, reminders).
 *   `ADD COLUMN` with a default: no row is rewritten.
 * - `mail_settings`: one row, the office's SMTP server and the reminder rules. The password is
 *   not here: it lives with the other secrets (electron/secrets), never in the store.
 * - `mail_outbox`: every mail, written in the same transaction as what causes it (a payment's
 *   receipt, a statement asked for at the desk, a due reminder) with its subject and bodies as
 *   they were then, and sent later by the mail worker. `dedupe_key` makes each cause mail once
 *   (a reminder once per item, due date and rule). `message_id` is fixed at enqueue, so every
 *   try carries the same Message-ID. `dot_at` is set just before the final "." of the SMTP DATA
 *   goes out: a row found `sending` with it set may have been delivered and is never resent
 *   (state `unconfirmed`); without it, the server never got the end of the message and the
 *   row is sent again.
 */
export const m0017: Migration = {
  version: 17,
  name: 'mail',
  sql: `
ALTER TABLE payers ADD COLUMN mail_opt_out INTEGER NOT NULL DEFAULT 0 CHECK (mail_opt_out IN (0, 1));

CREATE TABLE mail_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  host TEXT CHECK (host IS NULL OR length(host) BETWEEN 1 AND 253),
  port INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
  security TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('none', 'starttls', 'tls')),
  username TEXT,
  from_address TEXT,
  reply_to TEXT,
  receipts_enabled INTEGER NOT NULL DEFAULT 1 CHECK (receipts_enabled IN (0, 1)),
  reminders_enabled INTEGER NOT NULL DEFAULT 0 CHECK (reminders_enabled IN (0, 1)),
  reminder_days_before INTEGER CHECK (reminder_days_before IS NULL OR reminder_days_before BETWEEN 1 AND 60),
  reminder_overdue INTEGER NOT NULL DEFAULT 1 CHECK (reminder_overdue IN (0, 1)),
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('receipt', 'statement', 'reminder')),
  dedupe_key TEXT NOT NULL UNIQUE,
  payer_id TEXT NOT NULL REFERENCES payers (id),
  to_address TEXT NOT NULL,
  message_id TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  body_text TEXT NOT NULL,
  body_html TEXT NOT NULL,
  -- a receipt mail carries the receipt's PDF, made when it is sent (same receipt, same bytes)
  receipt_id TEXT REFERENCES receipts (id),
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'unconfirmed', 'failed')),
  tries INTEGER NOT NULL DEFAULT 0 CHECK (tries >= 0),
  next_try_at TEXT NOT NULL,
  dot_at TEXT,
  last_error TEXT,
  server_response TEXT,
  created_by TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT
) STRICT;
CREATE INDEX mail_outbox_due ON mail_outbox (state, next_try_at);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at, id);
CREATE INDEX mail_outbox_payer ON mail_outbox (payer_id, created_at);
`,
};
