import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore } from '../../electron/core';
import type { IncomingEntry } from '../../electron/office/journalPort';
import { copyStore } from './fixture';
import { adminOf, catalog, cpuMs, entriesFrom, firstDesk, Hub, laterDesk, mixAt, throwaway } from './officeDesks';
import type { Desk } from './officeDesks';
import type { BenchContext } from './types';

const root = resolve(import.meta.dirname, '../..');

/**
 * The code that makes the week offline's entries and stores: the core (every mutation, the
 * capture and the entry format), the shared contract, and the generator itself. A change to any
 * of them builds the fixture again.
 */
function generatorHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) hash.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  for (const d of ['electron', 'shared']) walk(join(root, d));
  for (const f of ['scripts/bench/officeDesks.ts', 'scripts/bench/officeWeekFixture.ts']) hash.update(f).update(readFileSync(join(root, f)));
  return hash.digest('hex').slice(0, 12);
}

/** The week offline as the applying desk meets it: its store and the hub's log. */
export type WeekOffline = {
  /** Data folders (copies in the run's work folder): the desk back from a week offline, and one that stayed online with nothing of its own. */
  awayDir: string;
  stayDir: string;
  /** How many entries the desk back from offline made there (its own mutations; an enrollment makes two). */
  awayUnsent: number;
  /** What each had applied before going offline (the office's catalog). */
  awayCursor: number;
  stayCursor: number;
  /** The hub's log: the catalog, then the others' entries made while the desk was away. */
  log: IncomingEntry[];
};

type Meta = { awayUnsent: number; awayCursor: number; stayCursor: number; entries: number; own: number; others: number; seconds: number; cpuSeconds: number };

/**
 * Builds the week offline through the real mutation code (the contract, capture, journaling):
 * desk A makes the office's catalog; desks D (away) and S (stays) join and apply it; D makes
 * `own` mutations offline; A makes `others` entries, pushed to the hub. Every producing desk
 * runs with `synchronous = OFF` (throwaway stores); the copies are opened later with the
 * store's own settings.
 */
export async function buildWeekOffline(ctx: BenchContext, dir: string, own: number, others: number): Promise<void> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const hub = new Hub();
  const desks: Desk[] = [];
  try {
    const a = throwaway(await firstDesk(join(dir, 'a')));
    desks.push(a);
    const cat = await catalog(a);
    while (hub.push(a.core) > 0);
    const away = throwaway(laterDesk(join(dir, 'away'), 'desk-d', 'DD', hub));
    desks.push(away);
    const stay = laterDesk(join(dir, 'stay'), 'desk-s', 'DS', hub);
    desks.push(stay);
    ctx.log(`officeApply: making the week offline once: ${own} mutations at the desk offline, ${others} entries from the others`);
    const mine = mixAt(away, 'd', cat);
    for (let i = 0; i < own; i += 1) await mine();
    await entriesFrom(a, hub, others, mixAt(a, 'o', cat), (made) => ctx.log(`  ${made}/${others} entries from the others (${((Date.now() - started) / 1000).toFixed(0)} s)`));
    const awayUnsent = away.core.services.office.unsentCount();
    for (const d of desks.splice(0)) d.core.close();
    rmSync(join(dir, 'a'), { recursive: true, force: true });
    writeFileSync(join(dir, 'log.jsonl'), hub.log.map((e) => JSON.stringify({ ...e, body: Buffer.from(e.body).toString('base64') })).join('\n'));
    const meta: Meta = { awayUnsent, awayCursor: away.cursor, stayCursor: stay.cursor, entries: hub.log.length, own, others, seconds: (Date.now() - started) / 1000, cpuSeconds: cpuMs(cpu) / 1000 };
    writeFileSync(join(dir, 'meta.json'), `${JSON.stringify(meta)}\n`);
    ctx.log(`officeApply: week offline made in ${meta.seconds.toFixed(1)} s (${meta.cpuSeconds.toFixed(1)} s of CPU)`);
  } finally {
    for (const d of desks) d.core.close();
  }
}

/**
 * The week offline, built once into node_modules/.cache/bursar-bench/ (keyed by seed, sizes and
 * the generator's code) and copied into the run's work folder each run. `--quick` builds a
 * tenth fresh each run, as the quick stores are.
 */
export async function weekOffline(ctx: BenchContext, own: number, others: number): Promise<WeekOffline> {
  let dir: string;
  if (ctx.quick) {
    dir = join(ctx.workDir, 'office-week');
    mkdirSync(dir, { recursive: true });
    await buildWeekOffline(ctx, dir, own, others);
  } else {
    dir = join(root, 'node_modules/.cache/bursar-bench', `office-week-s${ctx.seed}-o${own}-x${others}-${generatorHash()}`);
    if (existsSync(join(dir, 'meta.json'))) ctx.log(`officeApply: using the cached week offline ${dir}`);
    else {
      const building = `${dir}.building-${process.pid}`;
      rmSync(building, { recursive: true, force: true });
      mkdirSync(building, { recursive: true });
      await buildWeekOffline(ctx, building, own, others);
      rmSync(dir, { recursive: true, force: true });
      renameSync(building, dir);
    }
  }
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta;
  const log = readFileSync(join(dir, 'log.jsonl'), 'utf8').split('\n').map((line) => {
    const e = JSON.parse(line) as Omit<IncomingEntry, 'body'> & { body: string };
    return { ...e, body: new Uint8Array(Buffer.from(e.body, 'base64')) };
  });
  if (log.length !== meta.entries) throw new Error(`the week offline in ${dir} holds ${log.length} entries, not ${meta.entries}`);
  const copy = (name: string): string => {
    const to = join(ctx.workDir, `office-week-${name}`);
    mkdirSync(to, { recursive: true });
    copyStore(join(dir, name), to);
    return to;
  };
  return { awayDir: copy('away'), stayDir: copy('stay'), awayUnsent: meta.awayUnsent, awayCursor: meta.awayCursor, stayCursor: meta.stayCursor, log };
}

/** Opens a copied desk of the week offline with the store's own settings. */
export function openWeekDesk(dataDir: string, cursor: number): Desk {
  const core = createCore({ dataDir, checkOutput: false, version: 'bench' });
  return { core, admin: adminOf(core), cursor };
}
