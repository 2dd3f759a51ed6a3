import { createHash } from 'node:crypto';
import { Timestamp, makeClock, setClock } from '@actual-app/crdt';
import type { Clock } from '@actual-app/crdt';

/**
 * This desk's hybrid logical clock: Actual Budget's `Timestamp` (wall time, counter, node),
 * persisted in `office_desk.clock` by the caller after every entry so it never goes back.
 * `@actual-app/crdt` keeps one clock per process; several cores share a test process, so each
 * call installs this desk's clock first (everything here is synchronous).
 */
export type OfficeClock = {
  /** A new timestamp for a local write, later than every one this desk has sent or seen. */
  send(): string;
  /** Moves the clock past a remote write's timestamp (ignored when it is too far ahead). */
  recv(hlc: string): void;
  value(): string;
};

/** 16 hex digits naming the desk inside its timestamps. */
export const clockNode = (deskId: string): string => createHash('sha256').update(deskId).digest('hex').slice(0, 16).toUpperCase();

export function createOfficeClock(stored: string | null, deskId: string): OfficeClock {
  const node = clockNode(deskId);
  const start = (stored ? Timestamp.parse(stored) : null) ?? new Timestamp(0, 0, node);
  const clock: Clock = makeClock(new Timestamp(start.millis(), start.counter(), node));
  // The latest timestamp received: the clock is past it (it never goes back), so one not later
  // needs no parsing (a page applies thousands of field writes). Timestamps of one fixed-length
  // format order as strings, as the field clocks compare them.
  let received = '';
  return {
    send() {
      setClock(clock);
      const ts = Timestamp.send();
      if (!ts) throw new Error('office clock is not set');
      return ts.toString();
    },
    recv(hlc) {
      if (hlc <= received) return;
      const ts = Timestamp.parse(hlc);
      if (!ts || ts.node() === node) return;
      setClock(clock);
      try {
        Timestamp.recv(ts);
        received = hlc;
      } catch (e) {
        // A desk whose wall clock runs far ahead: its write still competes by its timestamp;
        // this desk's clock just does not jump with it.
        if (!(e instanceof Timestamp.ClockDriftError) && !(e instanceof Timestamp.OverflowError)) throw e;
      }
    },
    value: () => clock.timestamp.toString(),
  };
}
