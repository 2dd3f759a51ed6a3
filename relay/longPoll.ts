import type { Waiters } from './waiters';

export type LongPollOptions<P> = {
  waiters: Waiters;
  /** What commits wake this poll (an org id). */
  key: string;
  /** One read of what the client asked for. */
  read: () => Promise<P>;
  isEmpty: (page: P) => boolean;
  waitMs: number;
  /** Re-read at least this often even without a wake-up (a lost LISTEN connection). */
  recheckMs: number;
  now: () => number;
  /** True once the answer should go now, whatever it holds (the server closing, the client gone). */
  stopped: () => boolean;
  /**
   * Whether the caller may still have what it asked for (its token not revoked meanwhile). Asked
   * before answering a poll that was held: the token was checked when the poll arrived, and a
   * revocation since must not let an event committed after it through.
   */
  stillAuthorized: () => Promise<boolean>;
  /** Told when the poll parks (true) and wakes (false): the relay_long_polls_held gauge. */
  onPark?: (parked: boolean) => void;
};

export type LongPollResult<P> = { kind: 'answer'; page: P } | { kind: 'revoked' };

/**
 * Holds a request until `read` finds something, the wait ends, or `stopped()`. The wake-up is
 * armed before each read, so a commit between the read and the wait is never missed. Shared by
 * `GET /v1/events` and the office journal's pull.
 */
export async function holdLongPoll<P>(o: LongPollOptions<P>): Promise<LongPollResult<P>> {
  const deadline = o.now() + o.waitMs;
  let held = false;
  for (;;) {
    const wake = o.waiters.arm(o.key);
    let page: P;
    try {
      page = await o.read();
    } catch (error) {
      wake.cancel();
      throw error;
    }
    const remaining = deadline - o.now();
    if (!o.isEmpty(page) || remaining <= 0 || o.stopped()) {
      wake.cancel();
      if (held && !(await o.stillAuthorized())) return { kind: 'revoked' };
      return { kind: 'answer', page };
    }
    held = true;
    let timer: NodeJS.Timeout | undefined;
    o.onPark?.(true);
    try {
      await Promise.race([wake.woken, new Promise<void>((r) => (timer = setTimeout(r, Math.min(remaining, o.recheckMs))))]);
    } finally {
      o.onPark?.(false);
      clearTimeout(timer);
      wake.cancel();
    }
  }
}
