import type { CoreOptions } from '../../../electron/core';
import type { MailOptions } from '../../../electron/core/services';
import { makeCore, rid } from '../../support/core';
import { makeCashier } from '../catalog/fixtures';
import type { CashierCore } from '../cashier/fixtures';
import { PEER_PASSWORD, PEER_USER } from '../../support/mail/smtpPeer';
import type { SmtpPeer } from '../../support/mail/smtpPeer';

export type MailCore = CashierCore;

/** A core with a movable clock, an admin and a cashier, and mail pacing a test can drive. */
export async function makeMailCore(today = '2025-03-15', mail: MailOptions = {}, extra: Partial<CoreOptions> = {}): Promise<MailCore> {
  const clock = { at: new Date(`${today}T10:00:00Z`) };
  const core = await makeCore({ now: () => clock.at, mail: { timeouts: { connectMs: 2000, greetingMs: 2000, socketMs: 5000 }, ...mail }, ...extra });
  const withClock = Object.assign(core, { clock, setToday: (date: string) => (clock.at = new Date(`${date}T10:00:00Z`)) });
  return Object.assign(withClock, { cashier: makeCashier(core) });
}

/** The office in en-GB with its name, and mail through the peer. */
export async function useOfficeMail(core: MailCore, peer: SmtpPeer, over: { password?: string; receiptsEnabled?: boolean } = {}): Promise<void> {
  await core.ok('settings:update', { requestId: rid('set'), patch: { officeName: 'Riverside College', locale: 'en-GB', timeZone: 'Europe/London' } });
  await core.ok('mail:saveSettings', {
    requestId: rid('mail'),
    patch: { host: '127.0.0.1', port: peer.port, security: 'none', username: PEER_USER, password: over.password ?? PEER_PASSWORD, fromAddress: 'office@riverside.example', replyTo: 'accounts@riverside.example', receiptsEnabled: over.receiptsEnabled ?? true },
  });
}

export function outbox(core: MailCore): { id: string; kind: string; state: string; tries: number; to_address: string; message_id: string; last_error: string | null; next_try_at: string; dedupe_key: string }[] {
  return core.store.raw.prepare('SELECT * FROM mail_outbox ORDER BY created_at, id').all() as never;
}
