import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export type NodeCommand = {
  /** Arguments for `node` (before the script's own). */
  args: string[];
  how: 'bundled' | 'tsx';
  /** Removes the bundle. */
  dispose(): void;
};

/**
 * Bundles a TypeScript entry to one plain ES module with esbuild (packages stay external
 * and resolve from the repo's node_modules unless `inlinePackages`), so a child process starts in
 * ~0.1 s and carries no TypeScript loader. Falls back to `node --import tsx` when esbuild
 * is unavailable. One file per calling process: parallel runs never share a bundle.
 */
export async function nodeCommandFor(entry: string, options: { inlinePackages?: boolean } = {}): Promise<NodeCommand> {
  const outfile = join(root, 'node_modules/.cache/bursar-harness', `${basename(entry, '.ts')}-${process.pid}-${Date.now().toString(36)}.mjs`);
  try {
    const esbuild = await import('esbuild');
    mkdirSync(dirname(outfile), { recursive: true });
    // inlinePackages: the packages go into the bundle too (better-sqlite3's native addon
    // excepted), for harnesses that restart a child dozens of times: node then loads one file
    // instead of resolving, reading and lexing each package module, which is most of a
    // core's start (a crash worker's start to its first answer: ~1.95 → ~1.17 s of CPU).
    // CommonJS packages inside an ES module need a `require`; the banner gives them one that
    // resolves from the repo's node_modules (the bundle sits in node_modules/.cache).
    const packages = options.inlinePackages
      ? { external: ['better-sqlite3'], banner: { js: "import { createRequire as __bursarCreateRequire } from 'node:module'; const require = __bursarCreateRequire(import.meta.url);" } }
      : { packages: 'external' as const };
    await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent', ...packages });
    return { args: [outfile], how: 'bundled', dispose: () => rmSync(outfile, { force: true }) };
  } catch {
    return { args: ['--import', 'tsx', entry], how: 'tsx', dispose: () => {} };
  }
}
