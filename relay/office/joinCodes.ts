import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * One-time join codes: 16 characters of Crockford base32 (80 random bits) in groups of four, read
 * out or typed at a new desk. Only a SHA-256 hash is stored; the code also expires (default 30
 * minutes) and is spent by the first join, so 80 bits against a rate-limited endpoint is ample.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const DEFAULT_JOIN_CODE_TTL_MINUTES = 30;

export function newJoinCode(): { code: string; hash: string } {
  let raw = '';
  for (let i = 0; i < 16; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  const code = raw.match(/.{4}/g)?.join('-') ?? raw;
  return { code, hash: hashJoinCode(code) };
}

/** Case, spaces and dashes do not matter; I/L read as 1 and O as 0, as Crockford's base32 says. */
export function hashJoinCode(code: string): string {
  const normal = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  return createHash('sha256').update(`bursar-join-v1|${normal}`, 'utf8').digest('hex');
}

/** Desk and snapshot ids the relay hands out: a prefix and 16 random bytes. */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(16).toString('base64url')}`;
