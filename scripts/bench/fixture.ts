import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore, DATABASE_FILE } from '../../electron/core';
import { cleanCloseMarker, markCleanClose } from '../../electron/store/cleanClose';
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
const root = resolve(import.meta.dirname, '../..');

/** Source files a seeded store depends on: when one changes, a cached store is rebuilt. */
function seedSourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) hash.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  for (const d of ['scripts/seed', 'electron/store/migrations']) walk(join(root, d));
  return hash.digest('hex').slice(0, 12);
}

export function copyStore(from: string, to: string): void {
  const src = join(from, DATABASE_FILE);
  const clean = closedCleanly(src);
  copyFileSync(src, join(to, DATABASE_FILE));
  if (existsSync(`${src}-wal`)) copyFileSync(`${src}-wal`, join(to, `${DATABASE_FILE}-wal`));
  // A byte copy of a store Bursar closed cleanly is as clean: without the note the copy's first
  // open reads every page (`PRAGMA quick_check`, minutes on the full store under load), which
  // is not what a keystroke or a join measures.
  if (clean) markCleanClose(join(to, DATABASE_FILE));
}

/** Whether `file` is exactly as Bursar last closed it (its clean-close note matches), without taking the note. */
function closedCleanly(file: string): boolean {
  try {
    const noted = JSON.parse(readFileSync(cleanCloseMarker(file), 'utf8')) as { ino?: number; size?: number; mtimeMs?: number };
    const st = statSync(file);
    const wal = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
    return wal === 0 && noted.ino === st.ino && noted.size === st.size && noted.mtimeMs === st.mtimeMs;
  } catch {
    return false;
  }
}

/**
 * The full store (100k enrollments, 1M payments) takes minutes to seed, so it is built once
 * into node_modules/.cache/bursar-bench/ (keyed by seed, counts and the seed and migration
 * sources) and copied for each run; `--quick` stores are seeded fresh.
 */
async function cachedSeed(ctx: BenchContext, counts: SeedCounts): Promise<string> {
  const key = `store-s${ctx.seed}-e${counts.enrollments}-p${counts.payments}-u${counts.users}-k${counts.settingsUpdates}-${seedSourcesHash()}`;
  const dir = join(root, 'node_modules/.cache/bursar-bench', key);
  if (existsSync(join(dir, 'complete'))) {
    ctx.log(`using the cached store ${dir}`);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  ctx.log(`seeding the full store once into ${dir} (seed ${ctx.seed}; minutes)…`);
  let lastPrint = 0;
  const report = await seedStore({
    dataDir: dir,
    seed: ctx.seed,
    counts,
    onProgress: (done, total, phase) => {
      if (Date.now() - lastPrint < 10_000) return;
      lastPrint = Date.now();
      ctx.log(`  ${phase}: ${done}/${total}`);
    },
  });
  for (const k of report.unprovided) ctx.log(`  (no seeder for ${k} yet: the store has none)`);
  writeFileSync(join(dir, 'complete'), `${JSON.stringify({ seconds: report.ms / 1000, tables: report.tables })}\n`);
  return dir;
}

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
        if (!existsSync(join(ctx.storeDir, DATABASE_FILE))) throw new Error(`--store ${ctx.storeDir} holds no ${DATABASE_FILE}`);
        ctx.log(`copying ${ctx.storeDir}…`);
        copyStore(ctx.storeDir, dir);
        return dir;
      }
      const counts = benchCounts(ctx.quick);
      if (!ctx.quick) {
        copyStore(await cachedSeed(ctx, counts), dir);
        return dir;
      }
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
