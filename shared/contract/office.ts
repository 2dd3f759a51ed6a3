import { z } from 'zod';
import { Empty, KeyedWordsSchema, RequestId } from '../schemas';
import { channel } from './define';

/** An http(s) address with no user name or password in it: a token belongs in the secret store, not in a URL that is shown and logged. */
export const OfficeRelayUrl = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(500, { message: 'is too long', abort: true })
  .refine((u) => {
    try {
      const url = new URL(u);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  }, { message: 'must be a web address starting with https:// or http://' })
  .refine((u) => {
    try {
      const url = new URL(u);
      return url.username === '' && url.password === '';
    } catch {
      return true;
    }
  }, { message: 'must not contain a user name or password' });

export const OfficeDeskView = z.object({
  desk: z.string(),
  name: z.string(),
  thisDesk: z.boolean(),
  revoked: z.boolean(),
  lastSeenAt: z.string().nullable(),
  /** Entries the desk last said it had not sent. */
  notSent: z.number().int(),
  /** Entries the hub holds that the desk has not acknowledged. */
  notReceived: z.number().int(),
});

export const OfficeStatusView = z.object({
  joined: z.boolean(),
  office: z
    .object({ id: z.string(), name: z.string(), desk: z.string(), deskName: z.string(), relayUrl: z.string(), joinedAt: z.string(), seeded: z.boolean() })
    .nullable(),
  running: z.boolean(),
  online: z.boolean(),
  /** Why the link stopped by itself (revoked, journal pruned), in words; null while it runs. */
  stopped: z.string().nullable(),
  cursor: z.number().int(),
  /** The hub's newest position when its desk list was read (null otherwise): `cursor` of `head` is how far a joining desk has caught up. */
  head: z.number().int().nullable(),
  pushed: z.number().int(),
  /** Entries this desk has not pushed yet; null when this build has no office journal. */
  pending: z.number().int().nullable(),
  received: z.number().int(),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  lastPushError: z.string().nullable(),
  lastPullError: z.string().nullable(),
  /** The hub's desk list; null when it could not be read (see desksError). */
  desks: z.array(OfficeDeskView).nullable(),
  desksError: z.string().nullable(),
  /**
   * A snapshot on its way: a new desk's start from the office's snapshot, or this desk's upload;
   * `waiting` (done and total 0): a new desk waits for the office's first desk to finish sending
   * the office's books, and pulls nothing meanwhile; null otherwise.
   */
  snapshot: z.object({ phase: z.enum(['uploading', 'downloading', 'applying', 'waiting']), done: z.number().int(), total: z.number().int() }).nullable(),
  /** The journal position of the last snapshot this desk uploaded or started from (0: none). */
  snapshotCursor: z.number().int(),
  /** `stopped`, the last push and pull errors and `desksError` by key (English above, for logs): the window words them in its language. */
  words: z.object({ stopped: KeyedWordsSchema.nullable(), lastPush: KeyedWordsSchema.nullable(), lastPull: KeyedWordsSchema.nullable(), desks: KeyedWordsSchema.nullable() }),
});

export const officeContract = {
  'office:join': channel({
    summary: 'Join this desk to an office (admin): relay address, one-time join code, office passphrase, desk name.',
    input: z.strictObject({
      requestId: RequestId,
      relayUrl: OfficeRelayUrl,
      joinCode: z.string().trim().min(1, 'is required').max(200, 'is too long'),
      passphrase: z.string().min(10, 'must be at least 10 characters').max(1000, 'is too long'),
      deskName: z.string().trim().min(1, 'is required').max(100, 'is too long'),
    }),
    output: OfficeStatusView,
  }),
  'office:status': channel({
    summary: 'This desk in its office: sent, waiting, received, errors, and every desk the hub knows. Before anyone can sign in (a desk joined at its first start, catching up) it answers without a session.',
    input: Empty,
    output: OfficeStatusView,
  }),
  'office:syncNow': channel({
    summary: 'Send what this desk has not sent and receive what the others did, now.',
    input: Empty,
    output: z.object({ pushed: z.number().int(), received: z.number().int(), status: OfficeStatusView }),
  }),
  'office:leave': channel({
    summary: 'Take this desk out of its office (admin); refused while it has entries not sent. Its books stay.',
    input: z.strictObject({ requestId: RequestId }),
    output: OfficeStatusView,
  }),
};
