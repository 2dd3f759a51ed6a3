/**
 * Counts failed desk authentications per client address in a sliding window; past the limit the
 * address is refused (429) until its oldest failure leaves the window. Per instance and in memory:
 * behind a load balancer each instance limits on its own, which still bounds guessing.
 */
export type AuthLimiter = {
  /** Seconds to wait before retrying, or 0 when the address may try. */
  retryAfter(ip: string, now: number): number;
  fail(ip: string, now: number): void;
};

export type AuthLimiterOptions = { maxFailures: number; windowMs: number; maxTracked?: number };

export function createAuthLimiter({ maxFailures, windowMs, maxTracked = 10_000 }: AuthLimiterOptions): AuthLimiter {
  const failures = new Map<string, number[]>();
  const recent = (ip: string, now: number): number[] => {
    const list = (failures.get(ip) ?? []).filter((t) => now - t < windowMs);
    if (list.length === 0) failures.delete(ip);
    else failures.set(ip, list);
    return list;
  };
  return {
    retryAfter(ip, now) {
      const list = recent(ip, now);
      if (list.length < maxFailures) return 0;
      const oldest = list[list.length - maxFailures] ?? now;
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    },
    fail(ip, now) {
      const list = recent(ip, now);
      list.push(now);
      failures.set(ip, list);
      // A flood from many addresses must not grow memory without bound: forget the oldest entry.
      if (failures.size > maxTracked) {
        const first = failures.keys().next();
        if (!first.done) failures.delete(first.value);
      }
    },
  };
}
