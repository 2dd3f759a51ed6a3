import Stripe from 'stripe';

export type WebhookRejection =
  | 'missing_signature'
  | 'bad_signature'
  | 'stale_timestamp'
  | 'future_timestamp'
  | 'not_utf8'
  | 'malformed_json'
  | 'not_an_event';

export type VerifiedWebhook = {
  /** The body exactly as received, as text (it is checked to be valid UTF-8 first). */
  payload: string;
  id: string;
  type: string;
  created: number;
};

export type VerifyResult = { ok: true; event: VerifiedWebhook; secretIndex: number } | { ok: false; reason: WebhookRejection; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The signed timestamp (`t=`) as the SDK reads it: the header's last `t` element wins, and that
 * is the one its HMAC covers.
 */
function signedTimestamp(header: string): number {
  let t = Number.NaN;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') t = Number.parseInt(value ?? '', 10);
  }
  return t;
}

/**
 * Verifies a Stripe webhook with the official SDK against each accepted secret (several during a
 * rotation). The SDK checks the HMAC over the raw text before it parses anything, so a JSON error
 * after a match means "signed but malformed", and a tolerance error means "signed but stale".
 * The SDK only refuses timestamps in the past; one more than `futureSkewSeconds` ahead of the
 * relay's clock is refused here (Svix's verifier refuses both directions the same way), so a
 * leaked signing secret cannot mint signatures that stay fresh for years.
 */
export function verifyWebhook(body: Buffer, header: string | undefined, secrets: readonly string[], nowMs: number, toleranceSeconds: number, futureSkewSeconds: number): VerifyResult {
  if (!header) return { ok: false, reason: 'missing_signature', message: 'Stripe-Signature header is missing' };
  let payload: string;
  try {
    // Decoding strictly means the text we store is byte-for-byte what Stripe signed.
    payload = utf8.decode(body);
  } catch {
    return { ok: false, reason: 'not_utf8', message: 'body is not valid UTF-8' };
  }
  let lastMessage = 'no signing secret configured';
  for (const [secretIndex, secret] of secrets.entries()) {
    let parsed: unknown;
    try {
      parsed = Stripe.webhooks.constructEvent(payload, header, secret, toleranceSeconds, undefined, nowMs);
    } catch (error) {
      if (error instanceof SyntaxError) return { ok: false, reason: 'malformed_json', message: 'signed body is not valid JSON' };
      const message = error instanceof Error ? error.message : String(error);
      if (message.startsWith('Timestamp outside the tolerance zone')) return { ok: false, reason: 'stale_timestamp', message: 'signature timestamp is outside the tolerance' };
      lastMessage = message.split('\n')[0] ?? message;
      continue;
    }
    if (!(signedTimestamp(header) <= Math.floor(nowMs / 1000) + futureSkewSeconds)) {
      return { ok: false, reason: 'future_timestamp', message: 'signature timestamp is in the future beyond the allowed clock skew' };
    }
    if (!isObject(parsed)) return { ok: false, reason: 'not_an_event', message: 'body is not a JSON object' };
    const { id, type, created } = parsed;
    if (typeof id !== 'string' || !/^evt_[A-Za-z0-9_]{1,250}$/.test(id)) return { ok: false, reason: 'not_an_event', message: 'event id is missing or malformed' };
    if (typeof type !== 'string' || type.length === 0 || type.length > 255) return { ok: false, reason: 'not_an_event', message: 'event type is missing or malformed' };
    if (typeof created !== 'number' || !Number.isSafeInteger(created)) return { ok: false, reason: 'not_an_event', message: 'event created is missing or malformed' };
    return { ok: true, event: { payload, id, type, created }, secretIndex };
  }
  return { ok: false, reason: 'bad_signature', message: lastMessage };
}
