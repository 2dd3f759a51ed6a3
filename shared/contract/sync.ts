import { z } from 'zod';
import { Empty, KeyedWordsSchema, PageCursor, RequestId } from '../schemas';
import { channel } from './define';

export const SyncStatusView = z.object({
  relayConfigured: z.boolean(),
  relayUrl: z.string().nullable(),
  online: z.boolean(),
  running: z.boolean(),
  lastSyncAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** `lastError` by key (English above, for logs): the window words it in its language. */
  lastErrorWords: KeyedWordsSchema.nullable(),
  cursor: z.number().int(),
  eventsWaiting: z.boolean(),
  lastCatchupAt: z.string().nullable(),
  /** Stripe work queued on this desk and not yet done (refunds waiting for a connection…). */
  outboxPending: z.number().int(),
});

export const SyncEventView = z.object({
  eventId: z.string(),
  type: z.string(),
  objectId: z.string().nullable(),
  created: z.number().int(),
  source: z.enum(['relay', 'catchup']),
  outcome: z.enum(['applied', 'unmatched', 'ignored', 'stale']),
  detail: z.string().nullable(),
  appliedAt: z.string(),
});

const parsedUrl = (u: string): URL | null => {
  try {
    return new URL(u);
  } catch {
    return null;
  }
};

/**
 * The relay's address. A user name or password in it (`https://user:TOKEN@host`) would be
 * stored and shown in clear (sync state, audit, exports, backups, the Status screen), so it is
 * refused: the device token has its own field, kept as a secret.
 */
export const RelayUrl = z.string().trim().max(500, { message: 'must be at most 500 characters', abort: true })
  .refine((u) => ['https:', 'http:'].includes(parsedUrl(u)?.protocol ?? ''), { message: 'must be an http(s) URL', abort: true })
  .refine((u) => {
    const url = parsedUrl(u);
    return !url || (url.username === '' && url.password === '' && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(u));
  }, { message: 'must not contain a user name or password: enter the device token in its own field' });

export const syncContract = {
  'sync:status': channel({ summary: 'Online/offline, last sync, events waiting, outbox count.', input: Empty, output: SyncStatusView }),
  'sync:now': channel({
    summary: 'Pull from the relay and catch up from Stripe now.',
    input: Empty,
    output: z.object({ applied: z.number().int(), duplicates: z.number().int(), caughtUp: z.number().int(), status: SyncStatusView }),
  }),
  'sync:events': channel({
    summary: 'Webhook events applied on this desk, newest first, a page at a time (keyset `cursor`); filter to unmatched ones.',
    input: z.strictObject({
      outcome: z.enum(['applied', 'unmatched', 'ignored', 'stale']).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      /** The previous page's `nextCursor`, as given: the page after it. */
      cursor: PageCursor.optional(),
    }),
    /** `nextCursor` is null on the last page. */
    output: z.object({ events: z.array(SyncEventView), nextCursor: z.string().nullable() }),
  }),
  'settings:relay': channel({
    summary: 'Set or clear the relay URL and this device’s token (admin). The token is never sent back.',
    input: z.strictObject({
      requestId: RequestId,
      url: RelayUrl.nullable(),
      /** Omit to keep the saved token; null clears it. */
      token: z.string().trim().min(10, 'is too short').max(200, 'is too long').nullable().optional(),
    }),
    output: z.object({ url: z.string().nullable(), tokenSet: z.boolean(), tokenLast4: z.string().nullable() }),
  }),
};
