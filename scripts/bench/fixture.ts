import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, DATABASE_FILE } from '../../electron/core';
import type { Core, Session } from '../../electron/core';
import { SEED_ADMIN, seedStore } from '../seed/seedStore';
import type { SeedCounts } from '../seed/types';
import type { BenchContext } from './types';

/** Store sizes: `--quick` for CI, full for the figures the issues name (100k enrollments, 1M payments). */
export const benchCounts = (quick: boolean): SeedCounts =>
  quick
    ? { enrollments: 1_000, payments: 10_000, users: 2, settingsUpdates: 2_000 }
    : { enrollments: 100_000, payments: 1_000_000, users: 5, settingsUpdates: 200_000 };

const built = new Map<string, Promise<string>>();

/**
 * The data folder every suite benchmarks against, built once per run: a copy of `--store`
 * when given (the original is never written), else a store seeded from the run's seed.
 */
export function benchStoreDir(ctx: BenchContext): Promise<string> {
  const key = ctx.workDir;
  let p = built.get(key);
  if (!p) {
    p = (async () => {
      const dir = join(ctx.workDir, 'store');
      mkdirSync(dir, { recursive: true });
      if (ctx.storeDir) {
        const src = join(ctx.storeDir, DATABASE_FILE);
        if (!existsSync(src)) throw new Error(`--store ${ctx.storeDir} holds no ${DATABASE_FILE}`);
        ctx.log(`copying ${src}…`);
        copyFileSync(src, join(dir, DATABASE_FILE));
        if (existsSync(`${src}-wal`)) copyFileSync(`${src}-wal`, join(dir, `${DATABASE_FILE}-wal`));
        return dir;
      }
      const counts = benchCounts(ctx.quick);
      ctx.log(`seeding a ${ctx.quick ? 'quick' : 'full'} store (seed ${ctx.seed})…`);
      const report = await seedStore({ dataDir: dir, seed: ctx.seed, counts });
      for (const k of report.unprovided) ctx.log(`  (no seeder for ${k} yet: the store has none)`);
      return dir;
    })();
    built.set(key, p);
  }
  return p;
}

/** A core on the bench store, signed in as the seeded admin through `auth:login`. */
export async function openBenchCore(dataDir: string): Promise<{ core: Core; admin: Session }> {
  // Output checking is a development aid; the shipped app runs without it.
  const core = createCore({ dataDir, checkOutput: false, version: 'bench' });
  const conn = core.connect();
  const r = await conn.invoke('auth:login', { username: SEED_ADMIN.username, password: SEED_ADMIN.password });
  const admin = conn.session();
  if (!r.ok || !admin) {
    core.close();
    throw new Error(`bench sign-in failed: ${r.ok ? 'no session' : r.error.message}`);
  }
  return { core, admin };
}
