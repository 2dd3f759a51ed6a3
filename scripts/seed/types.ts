import type { Core, Session } from '../../electron/core';
import type { Rng } from './prng';

/** What the command line asks for; each seeder reads the counts it provides. */
export type SeedCounts = {
  enrollments: number;
  payments: number;
  /** Cashier users besides the first admin. */
  users: number;
  /** Extra settings changes, each a real mutation with its audit entry: audit-log volume. */
  settingsUpdates: number;
};

export type SeedContext = {
  core: Core;
  admin: Session;
  counts: SeedCounts;
  /** This seeder's own stream (forked by its name). */
  rng: Rng;
  /** The deterministic clock the core was created with; seeders move it forward. */
  clock: SeedClock;
  /** Calls a channel as the admin and returns the value; throws on an error (a seed must not half-succeed). */
  invoke(channel: string, input: unknown): Promise<unknown>;
  /**
   * Runs `fn` inside one outer transaction: each mutation inside keeps its own savepoint,
   * idempotency row and audit entry, but the fsync happens once per batch. The bulk path
   * for large stores that still goes through the services' code.
   */
  batch<T>(fn: () => Promise<T>): Promise<T>;
  /** A deterministic request id, unique within the store. */
  requestId(label: string, i: number): string;
  /** Reports `n` more units done (drives the progress line). */
  tick(n?: number): void;
};

/**
 * A domain's generator. The catalog work adds `enrollments` (products, plans, payers,
 * enrollments, schedules); the cashier work adds `payments`; each lists the counts it
 * provides so the command line can say when a count has no seeder yet.
 */
export type Seeder = {
  name: string;
  provides: readonly (keyof SeedCounts)[];
  /** Progress units this seeder will tick for these counts. */
  units(counts: SeedCounts): number;
  run(ctx: SeedContext): Promise<void>;
};

export type SeedClock = {
  now(): Date;
  advance(ms: number): void;
};
