import { z } from 'zod';
import { Id, RequestId } from '../schemas';
import { channel } from './define';

/**
 * A payer's page link as the desk knows it. `url` carries the page key in its fragment, so it
 * is shown only while the link is live (and on the desk only: the relay never sees it).
 * - `waiting`: made (or changed) at the desk, not yet on the relay (offline, or about to go);
 * - `published`: the relay holds the statement as of `publishedAt`;
 * - `revoking`: withdrawn at the desk, the relay not yet told;
 * - `revoked`, `expired`: the link no longer opens.
 */
export const PortalLinkState = z.enum(['waiting', 'published', 'revoking', 'revoked', 'expired']);
export type PortalLinkState = z.infer<typeof PortalLinkState>;

export const PortalLinkView = z.object({
  id: z.string(),
  payerId: z.string(),
  state: PortalLinkState,
  url: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  expiresAt: z.string(),
  publishedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** Why the last upload did not go through (the relay's words, or that it could not be reached). */
  lastError: z.string().nullable(),
});
export type PortalLinkView = z.infer<typeof PortalLinkView>;

export const portalContract = {
  'portal:publish': channel({
    summary: "Publish a payer's statement as a sealed page on the relay under a new link (waits in an outbox while the relay is unreachable).",
    input: z.strictObject({ requestId: RequestId, payerId: Id }),
    output: z.object({ link: PortalLinkView }),
  }),
  'portal:links': channel({
    summary: "A payer's page links, newest first, with their state.",
    input: z.strictObject({ payerId: Id }),
    output: z.object({ links: z.array(PortalLinkView) }),
  }),
  'portal:revoke': channel({
    summary: "Withdraw one page link, or all of a payer's.",
    input: z.discriminatedUnion('scope', [
      z.strictObject({ requestId: RequestId, scope: z.literal('link'), linkId: Id }),
      z.strictObject({ requestId: RequestId, scope: z.literal('payer'), payerId: Id }),
    ]),
    output: z.object({ revoked: z.number().int(), links: z.array(PortalLinkView) }),
  }),
};
