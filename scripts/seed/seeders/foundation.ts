import { appendAudit } from '../../../electron/services/audit/auditLog';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { insertUser, toView } from '../../../electron/services/auth/usersRepo';
import type { Seeder } from '../types';

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Eva', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jon', 'Kemi', 'Liam', 'Mia', 'Noor', 'Omar', 'Pia'];
const LAST = ['Okafor', 'Smith', 'García', 'Nguyen', 'Kowalski', 'Haddad', 'Rossi', 'Tanaka', 'Müller', 'Silva', 'Dubois', 'Ivanova'];
const OFFICES = ['Northside Academy', 'Riverside Music School', 'Lakeview Driving School', 'Harbour Language Centre', 'Summit Training'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'] as const;
const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES'] as const;

/** Password of every seeded cashier, so a seeded store can be signed into by hand. */
export const SEED_CASHIER_PASSWORD = 'cashier-pass';

const BATCH = 1000;

/** Office settings, cashier users and (optionally) a history of settings changes for audit volume. */
export const foundationSeeder: Seeder = {
  name: 'foundation',
  provides: ['users', 'settingsUpdates'],
  units: (c) => 1 + c.users + c.settingsUpdates,
  async run(ctx) {
    const { rng, clock } = ctx;
    await ctx.invoke('settings:update', {
      requestId: ctx.requestId('office', 0),
      // UTC like the seed's own calendar (catalogSeed), so a store seeded anywhere counts the same days.
      patch: { officeName: rng.pick(OFFICES), deskCode: `FRONT${rng.int(1, 9)}`, defaultCurrency: rng.pick(CURRENCIES), locale: rng.pick(LOCALES), timeZone: 'UTC' },
    });
    ctx.tick();

    // No users:create channel exists yet (cashier issue); the repo plus an audit entry is
    // exactly what such a channel will do, in one transaction.
    const hash = ctx.counts.users > 0 ? hashSecret(SEED_CASHIER_PASSWORD) : '';
    for (let i = 1; i <= ctx.counts.users; i++) {
      clock.advance(rng.int(60_000, 3_600_000));
      const store = ctx.core.store;
      store.transaction(() => {
        const user = insertUser(store, { username: `cashier${String(i).padStart(2, '0')}`, displayName: `${rng.pick(FIRST)} ${rng.pick(LAST)}`, role: 'cashier', passwordHash: hash }, clock.now());
        appendAudit(store, clock.now(), { id: ctx.admin.userId, name: ctx.admin.username }, null, { action: 'user.create', entityType: 'user', entityId: user.id, after: toView(user) });
      });
      ctx.tick();
    }

    for (let start = 0; start < ctx.counts.settingsUpdates; start += BATCH) {
      const end = Math.min(ctx.counts.settingsUpdates, start + BATCH);
      await ctx.batch(async () => {
        for (let i = start; i < end; i++) {
          clock.advance(rng.int(1_000, 600_000));
          await ctx.invoke('settings:update', {
            requestId: ctx.requestId('settings', i),
            patch: rng.chance(0.5) ? { officeName: `${rng.pick(OFFICES)} ${rng.int(1, 99)}` } : { lockAfterMinutes: rng.int(0, 120) },
          });
        }
      });
      ctx.tick(end - start);
    }
  },
};
