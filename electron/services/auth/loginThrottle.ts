/**
 * Slows down password and PIN guessing: after `maxFailures` wrong answers for one username
 * within `windowMs`, that username is refused for `lockMs`. Kept in memory: a restart of the
 * desk clears it, which is acceptable for a PIN on a desk in a staffed office.
 */
export type LoginThrottle = {
  /** Milliseconds left before this name may try again, or 0. */
  blockedFor(username: string, at: number): number;
  failed(username: string, at: number): void;
  succeeded(username: string): void;
};

export function createLoginThrottle(maxFailures = 5, windowMs = 5 * 60_000, lockMs = 60_000): LoginThrottle {
  const entries = new Map<string, { failures: number; firstAt: number; lockedUntil: number }>();
  return {
    blockedFor(username, at) {
      const e = entries.get(username);
      return e && e.lockedUntil > at ? e.lockedUntil - at : 0;
    },
    failed(username, at) {
      const e = entries.get(username);
      if (!e || at - e.firstAt > windowMs) {
        entries.set(username, { failures: 1, firstAt: at, lockedUntil: 0 });
        return;
      }
      e.failures += 1;
      if (e.failures >= maxFailures) {
        e.lockedUntil = at + lockMs;
        e.failures = 0;
        e.firstAt = at;
      }
    },
    succeeded(username) {
      entries.delete(username);
    },
  };
}
