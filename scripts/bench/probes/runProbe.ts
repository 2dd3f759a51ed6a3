import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

export type ProbeFigures = { openMs: number; rssBaseMb: number; rssOpenMb: number; rssAfterQueriesMb: number };

let bundled: Promise<{ command: string[]; how: string }> | null = null;

/**
 * Bundles the probe to plain JS with esbuild so the child's RSS carries no TypeScript
 * loader; falls back to `node --import tsx` (and says so) if esbuild is unavailable.
 */
function probeCommand(): Promise<{ command: string[]; how: string }> {
  bundled ??= (async () => {
    const entry = join(root, 'scripts/bench/probes/openProbe.ts');
    try {
      const esbuild = await import('esbuild');
      const outfile = join(root, 'node_modules/.cache/bursar-bench/openProbe.mjs');
      mkdirSync(dirname(outfile), { recursive: true });
      await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['better-sqlite3'], logLevel: 'silent' });
      return { command: [outfile], how: 'plain node, bundled probe' };
    } catch {
      return { command: ['--import', 'tsx', entry], how: 'node --import tsx (includes the loader)' };
    }
  })();
  return bundled;
}

export async function runOpenProbe(dataDir: string): Promise<ProbeFigures & { how: string }> {
  const { command, how } = await probeCommand();
  const { stdout } = await run(process.execPath, [...command, dataDir], { cwd: root, maxBuffer: 1024 * 1024 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(line) as ProbeFigures), how };
}
