/**
 * Slows down password and PIN guessing without letting anyone lock a desk user out.
 *
 * Failures are counted per source (one window, one browser-host client, or trusted code in
 * this process) and per kind, never per account: five wrong passwords typed for `admin` at
 * one desk slow that desk, and the admin still signs in, or approves with their PIN, anywhere
 * else. After a few free mistakes each further failure doubles the wait before that source may
 * try again (2 s, 4 s, 8 s … capped at a minute); a source's record is forgotten 15 minutes after
 * its last failure. The override PIN has its own, smaller budget, so a cashier fumbling their
 * own sign-in does not spend the admin's PIN attempts, nor the other way round. All names a
 * source tried count together (guessing many usernames is no faster than one), and a correct
 * password clears only that name's failures. Kept in memory, keyed weakly by the source, so a
 * closed connection costs nothing; a restart of the desk clears it, which is acceptable for a
 * PIN on a desk in a staffed office.
 */
export type ThrottleKind = 'login' | 'override';

export type LoginThrottle = {
  /** Milliseconds left before this source may try this kind again, or 0. */
  blockedFor(source: object, kind: ThrottleKind, at: number): number;
  failed(source: object, kind: ThrottleKind, username: string, at: number): void;
  succeeded(source: object, kind: ThrottleKind, username: string): void;
};

export type ThrottlePolicy = {
  /** Failures allowed before any wait. */
  free: Record<ThrottleKind, number>;
  /** Wait after the first failure past the free ones; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A source's failures are forgotten this long after its last one. */
  forgetAfterMs: number;
  /** Names tracked one by one per source; failures for further names are pooled. */
  maxNamesPerSource: number;
};

export const defaultThrottlePolicy: ThrottlePolicy = {
  free: { login: 4, override: 2 },
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
  forgetAfterMs: 15 * 60_000,
  maxNamesPerSource: 50,
};

type SourceRecord = { failures: Map<string, number>; total: number; lastAt: number };

const POOLED = '\u0000pooled';

export function createLoginThrottle(policy: ThrottlePolicy = defaultThrottlePolicy): LoginThrottle {
  const sources = new WeakMap<object, Map<ThrottleKind, SourceRecord>>();
  const live = (source: object, kind: ThrottleKind, at: number): SourceRecord | undefined => {
    const r = sources.get(source)?.get(kind);
    if (r && at - r.lastAt >= policy.forgetAfterMs) {
      sources.get(source)?.delete(kind);
      return undefined;
    }
    return r;
  };
  const delayFor = (kind: ThrottleKind, total: number): number => {
    const over = total - policy.free[kind];
    if (over <= 0) return 0;
    return Math.min(policy.baseDelayMs * 2 ** Math.min(over - 1, 30), policy.maxDelayMs);
  };
  return {
    blockedFor(source, kind, at) {
      const r = live(source, kind, at);
      if (!r) return 0;
      return Math.max(0, r.lastAt + delayFor(kind, r.total) - at);
    },
    failed(source, kind, username, at) {
      let kinds = sources.get(source);
      if (!kinds) sources.set(source, (kinds = new Map()));
      let r = live(source, kind, at);
      if (!r) kinds.set(kind, (r = { failures: new Map(), total: 0, lastAt: at }));
      const name = r.failures.has(username) || r.failures.size < policy.maxNamesPerSource ? username : POOLED;
      r.failures.set(name, (r.failures.get(name) ?? 0) + 1);
      r.total += 1;
      r.lastAt = at;
    },
    succeeded(source, kind, username) {
      const r = sources.get(source)?.get(kind);
      const n = r?.failures.get(username);
      if (!r || n === undefined) return;
      r.failures.delete(username);
      r.total -= n;
    },
  };
}
