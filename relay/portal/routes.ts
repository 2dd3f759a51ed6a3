import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RelayStore, Token } from '../storage/types';
import { PAGE_HEADERS, pageAssets } from './pageAssets';

/** 128-bit ids in base64url: `newPortalPageId()` in shared/portal/seal.ts. */
const PAGE_ID = /^[A-Za-z0-9_-]{22}$/;
const DAY_MS = 86_400_000;
/** Longest link life a desk may ask for. */
export const PORTAL_MAX_DAYS = 366;
/** Largest sealed statement, in characters of base64url (a payer with years of history fits). */
export const PORTAL_PAGE_MAX_CHARS = 1_500_000;

const PutBody = z.strictObject({
  ct: z.string().min(1).max(PORTAL_PAGE_MAX_CHARS).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url'),
  expires_at: z.number().int().positive(),
});
const RevokeBody = z.strictObject({ ids: z.array(z.string().regex(PAGE_ID)).min(1).max(1000) });

export type PortalRouteDeps = {
  store: RelayStore;
  now: () => number;
  /** The relay's bearer-token check: answers 401/429 itself and resolves null when it did. */
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<Token | null>;
};

const issues = (e: z.ZodError): string => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

/**
 * Sealed payer pages: desks (by token) put and revoke ciphertext; anyone holding a link reads it
 * and the static page that decrypts it in the browser. The relay never holds a page's key.
 */
export function registerPortalRoutes(app: FastifyInstance, deps: PortalRouteDeps): void {
  const { store, now } = deps;

  app.put<{ Params: { id: string } }>('/v1/portal/pages/:id', { bodyLimit: PORTAL_PAGE_MAX_CHARS + 4096 }, async (request, reply) => {
    const token = await deps.authenticate(request, reply);
    if (!token) return reply;
    if (!PAGE_ID.test(request.params.id)) return reply.code(400).send({ error: 'bad_request', message: 'id: must be 22 characters of base64url' });
    const parsed = PutBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: issues(parsed.error) });
    const at = now();
    if (parsed.data.expires_at <= at || parsed.data.expires_at > at + PORTAL_MAX_DAYS * DAY_MS) {
      return reply.code(400).send({ error: 'bad_request', message: `expires_at: must be in the future and within ${PORTAL_MAX_DAYS} days` });
    }
    const result = await store.portal.put({ id: request.params.id, orgId: token.orgId, ct: parsed.data.ct, expiresAt: parsed.data.expires_at, at });
    if (result === 'revoked') return reply.code(410).send({ error: 'revoked', message: 'this link was revoked; publish under a new link' });
    // Another org's id is answered as unknown: an org learns nothing of another's links.
    if (result === 'other_org') return reply.code(404).send({ error: 'not_found', message: 'no such page' });
    return reply.code(200).send({ stored: true });
  });

  app.post('/v1/portal/revoke', async (request, reply) => {
    const token = await deps.authenticate(request, reply);
    if (!token) return reply;
    const parsed = RevokeBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: 'bad_request', message: issues(parsed.error) });
    const revoked = await store.portal.revoke(token.orgId, parsed.data.ids, now());
    return reply.code(200).send({ revoked });
  });

  app.get<{ Params: { id: string } }>('/v1/portal/pages/:id', async (request, reply) => {
    void reply.headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' });
    const page = PAGE_ID.test(request.params.id) ? await store.portal.get(request.params.id) : null;
    if (!page) return reply.code(404).send({ error: 'not_found', message: 'no such page' });
    if (page.revokedAt !== null) return reply.code(410).send({ error: 'revoked', message: 'this link was withdrawn by the office' });
    if (page.expiresAt <= now()) return reply.code(410).send({ error: 'expired', message: 'this link has expired' });
    return reply.code(200).send({ ct: page.ct, expires_at: page.expiresAt, updated_at: page.updatedAt });
  });

  // The page itself is the same static file for every link: which statement, and its key, are
  // read by the script from the path and the fragment.
  // Before the statement is open, the page speaks the browser's language (among those the desk ships).
  app.get('/p/:id', async (request, reply) => reply.headers({ ...PAGE_HEADERS, vary: 'accept-language' }).type('text/html; charset=utf-8').send(pageAssets().htmlFor(request.headers['accept-language'])));
  app.get('/p/assets/portal.js', async (_request, reply) => reply.headers(PAGE_HEADERS).type('text/javascript; charset=utf-8').send(pageAssets().script));
  app.get('/p/assets/portal.css', async (_request, reply) => reply.headers(PAGE_HEADERS).type('text/css; charset=utf-8').send(pageAssets().css));
}
