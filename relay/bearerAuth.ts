import type { FastifyReply, FastifyRequest } from 'fastify';
import { createFailureLimiter } from './authLimiter';
import { bearerToken } from './tokens';

/**
 * `Authorization: Bearer …` for the relay's routes (device tokens on `/v1/events`, desk tokens on
 * the office journal). The token is always checked first: a valid one is served whatever the
 * limiter says, so a caller failing from the same address (every client shares one behind a
 * proxy that is not declared trusted) or guessing at a token's prefix can never lock a desk out.
 * A failure is counted against the client address (`request.ip`: the socket, or the rightmost
 * untrusted X-Forwarded-For hop when trusted proxies are configured) and against the presented
 * token's first characters; once either is past the limit, failures get 429 with Retry-After
 * instead of 401, and are no longer logged one by one. The check of a well-formed token is one
 * indexed read of its hash, what a valid desk's poll costs anyway; a missing or malformed header
 * is refused without reading anything.
 */
export type BearerGuard<T> = {
  /** The principal of a valid token; otherwise null, with the reply (401 or 429) already sent. */
  authenticate(request: FastifyRequest, reply: FastifyReply): Promise<{ principal: T; token: string } | null>;
  /**
   * Looks the token up again: null once it has been revoked. A long poll calls it before it
   * answers a request it held (relay/longPoll.ts), so a revocation ends what it had granted.
   */
  recheck(token: string): Promise<T | null>;
};

export type BearerGuardOptions<T> = {
  /** The principal a token grants, or null for an unknown or revoked one. Read on every call. */
  lookup(token: string): Promise<T | null>;
  maxFailures: number;
  windowMs: number;
  now: () => number;
  /** How a refused request is described in the log. */
  what: string;
};

/** Characters of a presented token counted as its prefix (`brly_` and 7 more: 42 bits). */
export const TOKEN_PREFIX_CHARS = 12;

export function createBearerGuard<T>(options: BearerGuardOptions<T>): BearerGuard<T> {
  const limiter = createFailureLimiter({ maxFailures: options.maxFailures, windowMs: options.windowMs });
  return {
    async authenticate(request, reply) {
      const raw = bearerToken(request.headers.authorization);
      const principal = raw ? await options.lookup(raw) : null;
      if (raw && principal) return { principal, token: raw };

      const now = options.now();
      const keys = [`ip:${request.ip}`, ...(raw ? [`prefix:${raw.slice(0, TOKEN_PREFIX_CHARS)}`] : [])];
      const retryAfter = Math.max(...keys.map((k) => limiter.retryAfter(k, now)));
      for (const k of keys) limiter.fail(k, now);
      if (retryAfter > 0) {
        await reply.code(429).header('retry-after', String(retryAfter)).send({ error: 'too_many_failures', message: 'too many failed authentications; retry later' });
        return null;
      }
      request.log.warn({ ip: request.ip }, `${options.what} authentication failed`);
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'a valid token is required' });
      return null;
    },
    recheck: (token) => options.lookup(token),
  };
}
