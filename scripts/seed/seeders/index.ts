import type { Seeder } from '../types';
import { cashierSeeder } from './cashier';
import { catalogSeeder } from './catalog';
import { foundationSeeder } from './foundation';

/**
 * Seeders run in this order, each on its own forked random stream.
 *
 * REGISTRATION POINT — domain seeders plug in here:
 *   - catalog (issue 3): `catalogSeeder` providing ['enrollments']: products, plans, payers,
 *     enrollments and schedules through the catalog's bulk path (`seedCatalog`).
 *   - cashier (issue 4, with Stripe/relay issues 5, 6): `cashierSeeder` providing ['payments']:
 *     drawer sessions, payments of every method, voids, refunds, deposits, card payments and
 *     their webhook events (processed_events); leaves `ledger:verify` passing.
 * Each must be deterministic from `ctx.rng` and `ctx.clock` (never Math.random or Date.now).
 */
export const seeders: readonly Seeder[] = [foundationSeeder, catalogSeeder, cashierSeeder];
