import type { Core, Session } from '../../../../electron/core';
import type { Store } from '../../../../electron/store/store';

/** One request the worker sends. The same `i` must always give the same request: after a restart it is re-sent. */
export type CrashStep = { requestId: string; channel: string; input: unknown };

/** What the parent heard back: the core answered ok, so the mutation had committed. */
export type Ack = { workload: string; i: number; requestId: string; channel: string };

/**
 * A crash workload, run by the worker process in a loop and SIGKILLed at random moments.
 *
 * Contract:
 * - `setup` runs once in the parent on the fresh store, before the first worker starts
 *   (create the products, enrollments, open the drawer the steps need). It may use the core freely.
 * - `step(i)` is pure: the i-th request of this workload (i counts from 0 per workload).
 *   Deterministic, so a restarted worker re-sends the request whose answer was lost.
 * - `verify(store, acknowledged)` runs in the parent after kills, with no worker running,
 *   and returns problems in words (an empty list when all is well). It must check that each
 *   acknowledged request's effect is present exactly once, and that requests which committed
 *   without an acknowledgement are whole too (no half-written rows). The suite itself
 *   already checks, for every workload: each acknowledged requestId has exactly one
 *   `requests` row with the same channel, every `requests` row has its audit entry, the
 *   audit chain verifies, and `PRAGMA integrity_check` / `foreign_key_check` pass.
 *
 * The cashier work adds `payments` here (record manual payments against seeded
 * enrollments; verify: one payment + allocation + ledger rows + receipt per request,
 * receipt numbers gap-free and unique, ledger:verify passes), later refunds through the
 * outbox and webhook applies.
 */
export type CrashWorkload = {
  name: string;
  setup?(core: Core, admin: Session): Promise<void>;
  step(i: number): CrashStep;
  verify(store: Store, acknowledged: readonly Ack[]): string[];
};
