import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { nodeCommandFor } from '../../lib/bundleEntry';
import type { NodeCommand } from '../../lib/bundleEntry';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');

export type ProbeFigures = { openMs: number; integrityChecked: boolean; rssBaseMb: number; rssOpenMb: number; rssAfterQueriesMb: number };

let command: Promise<NodeCommand> | null = null;

export async function runOpenProbe(dataDir: string): Promise<ProbeFigures & { how: string }> {
  // Bundled to plain JS so the child's RSS carries no TypeScript loader.
  command ??= nodeCommandFor(join(root, 'scripts/bench/probes/openProbe.ts'));
  const { args, how } = await command;
  const { stdout } = await run(process.execPath, [...args, dataDir], { cwd: root, maxBuffer: 1024 * 1024 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return { ...(JSON.parse(line) as ProbeFigures), how };
}

/** Removes the bundled probe (end of the bench run). */
export async function disposeOpenProbe(): Promise<void> {
  if (command) (await command).dispose();
  command = null;
}
