import { fromBase64Url, toBase64Url } from './base64url';

/**
 * Sealed payer pages. The desk seals a statement with a random 256-bit key that travels only in
 * the link's fragment (`/p/<page>#k=<key>`), which browsers never send to a server; the relay
 * stores and serves the ciphertext and cannot read it. AES-256-GCM through WebCrypto (the same
 * code runs in the desk's Node and in the payer's browser), a random 96-bit nonce per seal, and
 * the page id as associated data, so a ciphertext moved to another link does not open.
 *
 * `ct` is base64url of `nonce (12) ‖ ciphertext ‖ tag (16)`.
 */
const NONCE_BYTES = 12;
export const PORTAL_KEY_BYTES = 32;
/** Page ids carry 128 random bits: unguessable, and short enough for a QR code. */
export const PORTAL_PAGE_ID_BYTES = 16;

export const portalAad = (pageId: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(`bursar-portal-v1|${pageId}`);

const importKey = (raw: Uint8Array<ArrayBuffer>, use: 'encrypt' | 'decrypt') =>
  crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, [use]);

export function newPortalKey(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(PORTAL_KEY_BYTES)));
}

export function newPortalPageId(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(PORTAL_PAGE_ID_BYTES)));
}

export async function sealPortalPage(pageId: string, key: string, plaintext: string): Promise<string> {
  const raw = fromBase64Url(key);
  if (!raw || raw.length !== PORTAL_KEY_BYTES) throw new Error('a portal key is 32 bytes of base64url');
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE_BYTES));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: portalAad(pageId) }, await importKey(raw, 'encrypt'), new TextEncoder().encode(plaintext)),
  );
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce, 0);
  out.set(sealed, NONCE_BYTES);
  return toBase64Url(out);
}

/** The plaintext, or null when the key is wrong, the ciphertext was altered or belongs to another page. */
export async function openPortalPage(pageId: string, key: string, ct: string): Promise<string | null> {
  const raw = fromBase64Url(key);
  const bytes = fromBase64Url(ct);
  if (!raw || raw.length !== PORTAL_KEY_BYTES || !bytes || bytes.length < NONCE_BYTES + 16) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.subarray(0, NONCE_BYTES), additionalData: portalAad(pageId) },
      await importKey(raw, 'decrypt'),
      bytes.subarray(NONCE_BYTES),
    );
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return null;
  }
}
