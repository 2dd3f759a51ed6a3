import type { QueryKey } from '@tanstack/react-query';
import type { Channel } from '../../../shared/contract';

const domainOf = (channel: string): string => channel.slice(0, channel.indexOf(':'));

/**
 * Read domains a change in one domain can reach, for the domains whose changes stay narrow.
 * Every mutation writes an audit entry, so `audit` is in each. A domain not listed (payments,
 * enrollments, schedules, drawer, refunds, settings, backups, sync, office apply…) moves money,
 * formatting or the whole store: its notice reads everything shown again.
 */
const NARROW: Readonly<Record<string, readonly string[]>> = {
  users: ['users', 'auth', 'audit'],
  mail: ['mail', 'reminders', 'portal', 'audit'],
  reminders: ['mail', 'reminders', 'audit'],
  portal: ['portal', 'mail', 'reminders', 'audit'],
  jobs: ['jobs', 'roster', 'audit'],
  outbox: ['outbox', 'sync', 'stripe', 'invoices', 'card', 'audit'],
};

/** Channels whose notice says only that a desk's link or status moved (office:status, sync status). */
const STATUS_ONLY: Readonly<Record<string, readonly string[]>> = {
  'office:status': ['office', 'sync'],
};

/** Reads that only a few domains change: settings move only with a save or a restore. */
const CHANGED_ONLY_BY: Readonly<Record<string, readonly string[]>> = {
  settings: ['settings', 'backups'],
};

/** The query key of a read: the channel and its input, so equal inputs share one cache entry. */
export const channelKey = <C extends Channel>(channel: C, input: unknown): readonly [C, unknown] => [channel, input];

/** Does a change notice from `noticeChannel` make the read under `key` stale? */
export function invalidatedBy(noticeChannel: string, key: QueryKey): boolean {
  const read = key[0];
  if (typeof read !== 'string' || !read.includes(':')) return false;
  const only = CHANGED_ONLY_BY[domainOf(read)];
  if (only) return only.includes(domainOf(noticeChannel));
  const reach = STATUS_ONLY[noticeChannel] ?? NARROW[domainOf(noticeChannel)];
  return reach ? reach.includes(domainOf(read)) : true;
}
