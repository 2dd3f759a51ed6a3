import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { KEY_CHECK_PLAINTEXT, keyCheckAad } from '../../../shared/relay/journalWire';
import type { OfficeKdf, OfficeKeys } from '../../../shared/relay/journalWire';

/**
 * The office key: scrypt of the office passphrase, AES-256-GCM per entry with the entry's
 * identity as associated data (`journalAad`). node:crypto has both, so no library is needed.
 * A sealed value is base64url of `nonce (12) ‖ ciphertext ‖ tag (16)`, as journalWire.ts says.
 */

/**
 * N = 2^15, r = 8, p = 1 (32 MiB): the "interactive" parameters of the scrypt paper and of
 * libsodium's scrypt interactive limit; 160–430 ms on this 2-core machine depending on load.
 */
export const DEFAULT_KDF = { N: 2 ** 15, r: 8, p: 1 } as const;

/** A hub could hand out weak or absurd parameters: refuse them rather than derive. */
const MIN_N = 2 ** 14;
const MAX_MEMORY = 512 * 1024 * 1024;

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** A value that does not open with this key and this associated data: tampered, replayed elsewhere, or another office's key. */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

export function newKdf(): OfficeKdf {
  return { alg: 'scrypt', salt: randomBytes(16).toString('base64url'), ...DEFAULT_KDF };
}

function checkKdf(kdf: OfficeKdf): void {
  const powerOfTwo = (kdf.N & (kdf.N - 1)) === 0;
  if (!powerOfTwo || kdf.N < MIN_N || 128 * kdf.N * kdf.r > MAX_MEMORY || kdf.p > 16 || Buffer.from(kdf.salt, 'base64url').length < 16) {
    throw new SealError('The office hub gave key parameters this desk will not use (too weak or too large)');
  }
}

/** Derives the 32-byte office key without blocking the event loop (scrypt runs on libuv's pool). */
export async function deriveOfficeKey(passphrase: string, kdf: OfficeKdf): Promise<Buffer> {
  checkKdf(kdf);
  const salt = Buffer.from(kdf.salt, 'base64url');
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 2 * 128 * kdf.N * kdf.r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function seal(key: Buffer, aad: string, plaintext: Uint8Array): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64url');
}

/** Opens `ct`; throws SealError when the bytes, the associated data or the key are not the ones it was sealed with. */
export function open(key: Buffer, aad: string, ct: string): Buffer {
  const bytes = Buffer.from(ct, 'base64url');
  if (bytes.length < NONCE_BYTES + TAG_BYTES) throw new SealError('The sealed value is too short to be one');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new SealError('The sealed value does not open with the office key: it was changed, moved from another entry, or sealed with another key');
  }
}

export function makeKeyCheck(key: Buffer, office: string): string {
  return seal(key, keyCheckAad(office), Buffer.from(KEY_CHECK_PLAINTEXT, 'utf8'));
}

/** True when `key` opens the office's key check (the passphrase is the office's). */
export function keyCheckOpens(key: Buffer, office: string, keys: OfficeKeys): boolean {
  try {
    return open(key, keyCheckAad(office), keys.key_check).toString('utf8') === KEY_CHECK_PLAINTEXT;
  } catch (e) {
    if (e instanceof SealError) return false;
    throw e;
  }
}
