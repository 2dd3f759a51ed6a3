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
 * and resolve from the repo's node_modules: CommonJS ones such as qrcode cannot be bundled into ESM), so a child process starts in
 * ~0.1 s and carries no TypeScript loader. Falls back to `node --import tsx` when esbuild
 * is unavailable. One file per calling process: parallel runs never share a bundle.
 */
export async function nodeCommandFor(entry: string): Promise<NodeCommand> {
  const outfile = join(root, 'node_modules/.cache/bursar-harness', `${basename(entry, '.ts')}-${process.pid}-${Date.now().toString(36)}.mjs`);
  try {
    const esbuild = await import('esbuild');
    mkdirSync(dirname(outfile), { recursive: true });
    await esbuild.build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'silent' });
    return { args: [outfile], how: 'bundled', dispose: () => rmSync(outfile, { force: true }) };
  } catch {
    return { args: ['--import', 'tsx', entry], how: 'tsx', dispose: () => {} };
  }
}
