/**
 * Every bound the relay puts on what a client may make it do, in one place: the server reads
 * them, `relay serve` takes each as a flag or an environment variable, and relay/README.md's
 * limits table lists the same rows (a test compares the two).
 */
export type RelayLimits = {
  /** Largest webhook body accepted (413 beyond). */
  bodyLimitBytes: number;
  /** Stored payload bytes per `GET /v1/events` page (never fewer than one event). */
  pageMaxBytes: number;
  /** Time allowed to send the request headers. */
  headersTimeoutMs: number;
  /** Time allowed to send the whole request, headers and body (a long poll's wait is not counted). */
  requestTimeoutMs: number;
  /** A connection on which the client sends nothing for this long is closed (a held long poll is exempt). */
  idleTimeoutMs: number;
  /** Webhook uploads read or processed at once; beyond, 503 with Retry-After (Stripe retries). */
  maxConcurrentUploads: number;
  /** Failed bearer-token authentications per address, and per token prefix, in the window; beyond, 429. */
  authMaxFailures: number;
  authWindowSeconds: number;
  /** Reverse proxies in front of the relay that append to X-Forwarded-For; 0 uses the socket address. */
  trustedProxies: number;
  /** A signature older than this is refused (Stripe's own default). */
  signatureToleranceSeconds: number;
  /** A signature timestamped further than this in the future is refused (clock skew allowance). */
  futureSkewSeconds: number;
};

export const DEFAULT_LIMITS: RelayLimits = {
  bodyLimitBytes: 1024 * 1024,
  pageMaxBytes: 4 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 10_000,
  maxConcurrentUploads: 128,
  authMaxFailures: 10,
  authWindowSeconds: 60,
  trustedProxies: 0,
  signatureToleranceSeconds: 300,
  futureSkewSeconds: 60,
};

/** `bodyLimitBytes` → flag `--body-limit-bytes`, environment `RELAY_BODY_LIMIT_BYTES`. */
export const limitFlag = (key: keyof RelayLimits): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
export const limitEnv = (key: keyof RelayLimits): string => `RELAY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
export const LIMIT_KEYS = Object.keys(DEFAULT_LIMITS) as (keyof RelayLimits)[];

/** Limits from flags (winning) and environment; a value that is not a whole number ≥ 0 is an error naming its flag. */
export function limitsFrom(flags: Record<string, string | undefined>, env: Record<string, string | undefined>): Partial<RelayLimits> {
  const out: Partial<RelayLimits> = {};
  for (const key of LIMIT_KEYS) {
    const raw = flags[limitFlag(key)] ?? env[limitEnv(key)];
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,15}$/.test(raw)) throw new RangeError(`--${limitFlag(key)} (${limitEnv(key)}) must be a whole number, not "${raw}"`);
    out[key] = Number(raw);
  }
  return out;
}
