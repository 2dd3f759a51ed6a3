/**
 * Counts failures per key (a client address, a token prefix) in a sliding window; a key past
 * the limit is throttled until its oldest counted failure leaves the window. Per instance and in
 * memory: behind a load balancer each instance limits on its own, which still bounds guessing.
 * Only failures are counted, and only failures are throttled (relay/bearerAuth.ts): a valid
 * credential is never refused because of what others sent from the same address.
 */
export type FailureLimiter = {
  /** Seconds before `key` stops being throttled, or 0 when it is under the limit. */
  retryAfter(key: string, now: number): number;
  fail(key: string, now: number): void;
};

export type FailureLimiterOptions = { maxFailures: number; windowMs: number; maxTracked?: number };

export function createFailureLimiter({ maxFailures, windowMs, maxTracked = 10_000 }: FailureLimiterOptions): FailureLimiter {
  // Per key, the times of its latest failures (never more than maxFailures of them: only the
  // oldest of the last maxFailures decides when the key may fail again).
  const failures = new Map<string, number[]>();
  const recent = (key: string, now: number): number[] => {
    const list = (failures.get(key) ?? []).filter((t) => now - t < windowMs);
    if (list.length === 0) failures.delete(key);
    else failures.set(key, list);
    return list;
  };
  return {
    retryAfter(key, now) {
      const list = recent(key, now);
      if (list.length < maxFailures) return 0;
      const oldest = list[list.length - maxFailures] ?? now;
      return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    },
    fail(key, now) {
      const list = recent(key, now);
      list.push(now);
      if (list.length > maxFailures) list.splice(0, list.length - maxFailures);
      // Refresh the key's place so the eviction below drops the least recently failing one.
      failures.delete(key);
      failures.set(key, list);
      // A flood from many addresses must not grow memory without bound.
      if (failures.size > maxTracked) {
        const first = failures.keys().next();
        if (!first.done) failures.delete(first.value);
      }
    },
  };
}
