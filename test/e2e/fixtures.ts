import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';

const root = resolve(import.meta.dirname, '../..');

export type Host = {
  url: string;
  dataDir: string;
  databaseFile: string;
  /** Stops the host (a clean close of the store), runs `whileStopped`, and starts it again. */
  restart(whileStopped?: () => void | Promise<void>): Promise<void>;
};

/** Starts the real browser host (real core, real SQLite file in a fresh folder) as a child process. */
async function startHost(dataDir: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  // The bundled host (out/webhost, rebuilt by globalSetup.ts before every run): plain JavaScript
  // starts with a fraction of the CPU that loading the sources through tsx takes.
  const child = spawn(process.execPath, ['--enable-source-maps', join(root, 'out/webhost/cli.js'), '--data-dir', dataDir, '--json'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    // A budget for a host that will never start, not a speed claim: under load a start takes far longer than its usual second.
    const timer = setTimeout(() => reject(new Error('browser host did not start in 120 s')), 120_000);
    child.once('exit', (code) => reject(new Error(`browser host exited with ${code}`)));
    lines.on('line', (line) => {
      try {
        const info = JSON.parse(line) as { url?: string };
        if (info.url) {
          clearTimeout(timer);
          resolveUrl(info.url);
        }
      } catch {
        // not the JSON line
      }
    });
  });
  return { child, url };
}

/** A browser host started by a spec that needs more than one (its own data folder); `stop` also removes the folder. */
export async function launchHost(env: Record<string, string> = {}): Promise<{ url: string; dataDir: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bursar-e2e-'));
  try {
    const { child, url } = await startHost(dataDir, env);
    return {
      url,
      dataDir,
      stop: async () => {
        await stop(child);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}

const stop = (child: ChildProcess) =>
  new Promise<void>((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });

let shotCounter = 0;
/** Saves a screenshot of the screen under test-results/screens (every screen an E2E run visits). */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = join(root, 'test-results', 'screens');
  mkdirSync(dir, { recursive: true });
  shotCounter += 1;
  // Each Playwright worker counts its own shots: the worker's index keeps two workers' files apart.
  const worker = base.info().parallelIndex;
  await page.screenshot({ path: join(dir, `w${worker}-${String(shotCounter).padStart(3, '0')}-${name}.png`), fullPage: true });
}

export const test = base.extend<{ host: Host; hostEnv: Record<string, string> }>({
  /** Extra environment for the browser host process (e.g. STRIPE_API_* pointing at a stand-in). */
  hostEnv: [{}, { option: true }],
  host: async ({ hostEnv }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bursar-e2e-'));
    let running = await startHost(dataDir, hostEnv);
    const host: Host = {
      get url() {
        return running.url;
      },
      dataDir,
      databaseFile: join(dataDir, 'bursar.sqlite'),
      restart: async (whileStopped) => {
        await stop(running.child);
        await whileStopped?.();
        running = await startHost(dataDir, hostEnv);
      },
    };
    await use(host);
    await stop(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
