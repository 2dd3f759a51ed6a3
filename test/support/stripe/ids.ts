import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Base62 noise like the tail of a Stripe id. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** `pi_3Qx…`: Stripe ids are a type prefix, an underscore and 24 base62 characters. */
export const newId = (prefix: string, length = 24): string => `${prefix}_${randomToken(length)}`;

export const clientSecret = (id: string): string => `${id}_secret_${randomToken(25)}`;
