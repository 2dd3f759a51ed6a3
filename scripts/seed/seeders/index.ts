import type { Seeder } from '../types';
import { foundationSeeder } from './foundation';

/**
 * Seeders run in this order, each on its own forked random stream.
 *
 * REGISTRATION POINT — domain seeders plug in here:
 *   - catalog (issue 3): `catalogSeeder` providing ['enrollments']: products, plans, payers,
 *     enrollments and schedules, in batches through `ctx.batch` + `ctx.invoke` (or its bulk
 *     generator, if it keeps the same invariants and writes audit entries).
 *   - cashier (issue 4): `cashierSeeder` providing ['payments']: drawer sessions, payments of
 *     every method, voids, refunds, deposits; must leave `ledger:verify` passing.
 *   - Stripe/relay (issues 5, 6): webhook events, processed_events.
 * Each must be deterministic from `ctx.rng` and `ctx.clock` (never Math.random or Date.now).
 */
export const seeders: readonly Seeder[] = [foundationSeeder];
