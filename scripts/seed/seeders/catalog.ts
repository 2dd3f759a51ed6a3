import { readSettings } from '../../../electron/services/settings/settingsRepo';
import { seedCatalog } from '../catalogSeed';
import type { Seeder } from '../types';

/** Other currencies beside the office's own: a store always holds several. */
const OTHER_CURRENCIES = ['EUR', 'GBP', 'USD', 'CAD'] as const;

/**
 * Products (four plans each), payers and enrollments with their schedules, through the
 * catalog's bulk path (`seedCatalog`: `createEnrollment` in batched transactions, with its
 * audit entries, some enrollments paused and items waived). Three products in five are in
 * the office's currency, the rest in two others. Enrollment dates fall in the year before
 * the seed clock's start, so the cashier seeder finds items due, overdue and paid.
 */
export const catalogSeeder: Seeder = {
  name: 'catalog',
  provides: ['enrollments'],
  units: (c) => c.enrollments,
  async run(ctx) {
    const { enrollments } = ctx.counts;
    if (enrollments === 0) return;
    const home = readSettings(ctx.core.store).defaultCurrency;
    const others = OTHER_CURRENCIES.filter((c) => c !== home).slice(0, 2);
    let reported = 0;
    await seedCatalog(ctx.core, ctx.admin, {
      enrollments,
      products: Math.max(5, Math.min(50, Math.ceil(enrollments / 200))),
      rand: () => ctx.rng.next(),
      now: () => ctx.clock.now(),
      currencyOf: (p) => (p % 5 < 3 ? home : (others[p % 5 - 3] ?? home)),
      requestPrefix: ctx.requestId('catalog', 0),
      onProgress: (done) => {
        ctx.tick(done - reported);
        reported = done;
      },
    });
  },
};
