import { createHash, randomBytes } from 'node:crypto';

/**
 * Device tokens: 32 random bytes, shown once. Only a SHA-256 hash is stored; with this much
 * entropy a slow password hash adds nothing, and a plain hash allows an indexed lookup.
 */
export const TOKEN_PREFIX = 'brly_';

export function newToken(): { id: string; token: string; hash: string } {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { id: `tok_${randomBytes(8).toString('hex')}`, token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token from `Authorization: Bearer …`, or null when the header is absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer ([A-Za-z0-9_-]{10,200})$/.exec(header.trim());
  return m?.[1] ?? null;
}
