import { createCore } from '../../electron/core';
import type { Core } from '../../electron/core';
import { createRng } from './prng';
import { seeders as registeredSeeders } from './seeders';
import type { SeedClock, SeedContext, SeedCounts, Seeder } from './types';

export type SeedOptions = {
  dataDir: string;
  seed: number;
  counts: SeedCounts;
  seeders?: readonly Seeder[];
  /** Called with (done, total, seeder name) as work completes. */
  onProgress?: (done: number, total: number, phase: string) => void;
};

export type SeedReport = {
  seed: number;
  counts: SeedCounts;
  /** Counts asked for that no registered seeder provides yet. */
  unprovided: (keyof SeedCounts)[];
  tables: Record<string, number>;
  ms: number;
};

/** 256 MB. */
const SEED_CACHE_KB = 256 * 1024;

export const SEED_ADMIN = { username: 'admin', password: 'admin-pass', displayName: 'Office Admin' } as const;

/** Starts 1 Sept 2025 08:00 UTC, the start of a school year; seeders advance it. */
export function createSeedClock(start = Date.UTC(2025, 8, 1, 8, 0, 0)): SeedClock {
  let t = start;
  return { now: () => new Date(t), advance: (ms) => { t += Math.max(0, Math.trunc(ms)); } };
}

function tableCounts(core: Core): Record<string, number> {
  const tables = core.store.raw.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
    out[name] = (core.store.raw.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
  }
  return out;
}

/** Builds a store in `dataDir` through the core: first admin, then every seeder in order. */
export async function seedStore(options: SeedOptions): Promise<SeedReport> {
  const started = Date.now();
  const list = options.seeders ?? registeredSeeders;
  const clock = createSeedClock();
  const core = createCore({ dataDir: options.dataDir, now: clock.now, checkOutput: false, version: 'seed' });
  // A large page cache for the build only (the app keeps SQLite's default): a million
  // payments touch index pages all over the payer and enrollment indexes.
  core.store.raw.pragma(`cache_size = -${SEED_CACHE_KB}`);
  try {
    const conn = core.connect();
    const setup = await conn.invoke('auth:setup', { requestId: `seed-${options.seed}-setup`, ...SEED_ADMIN });
    if (!setup.ok) throw new Error(`auth:setup failed: ${setup.error.code} ${setup.error.message}`);
    const admin = conn.session();
    if (!admin) throw new Error('auth:setup did not sign in');

    const total = list.reduce((n, s) => n + s.units(options.counts), 0);
    let done = 0;
    const root = createRng(options.seed);
    for (const seeder of list) {
      const ctx: SeedContext = {
        core,
        admin,
        counts: options.counts,
        rng: root.fork(seeder.name),
        clock,
        invoke: async (channel, input) => {
          const r = await core.invoke(channel, input, admin);
          if (!r.ok) throw new Error(`${seeder.name}: ${channel} failed: ${r.error.code} ${r.error.message}`);
          return r.value;
        },
        batch: async (fn) => {
          const db = core.store.raw;
          db.exec('BEGIN IMMEDIATE');
          try {
            const value = await fn();
            db.exec('COMMIT');
            return value;
          } catch (e) {
            if (db.inTransaction) db.exec('ROLLBACK');
            throw e;
          }
        },
        requestId: (label, i) => `seed-${options.seed}-${seeder.name}-${label}-${i}`,
        tick: (n = 1) => {
          done += n;
          options.onProgress?.(done, total, seeder.name);
        },
      };
      await seeder.run(ctx);
    }
    const provided = new Set(list.flatMap((s) => s.provides));
    const unprovided = (Object.keys(options.counts) as (keyof SeedCounts)[]).filter((k) => options.counts[k] > 0 && !provided.has(k));
    core.store.raw.pragma('wal_checkpoint(TRUNCATE)');
    return { seed: options.seed, counts: options.counts, unprovided, tables: tableCounts(core), ms: Date.now() - started };
  } finally {
    core.close();
  }
}
