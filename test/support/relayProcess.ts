import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export type RelayProcess = {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<string>;
};

/** Runs `node --import tsx relay/cli.ts …` as one real process (no tsx wrapper that a SIGKILL would orphan). */
export function runRelayCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** Starts `relay serve` on a free port and resolves once it logs that it is listening. */
export function startRelayProcess(args: string[], env: Record<string, string> = {}): Promise<RelayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'relay/cli.ts', 'serve', '--port', '0', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, RELAY_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<string>((r) => child.once('exit', (code, signal) => r(signal ?? String(code))));
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error(`relay did not start in time\n${out}\n${err}`)), 90_000);
    const fail = (e: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(e);
    };
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const onEarlyExit = (code: number | null): void => fail(new Error(`relay exited (${code}) before listening\n${out}\n${err}`));
    child.once('exit', onEarlyExit);
    let ready = false;
    // Keeps draining stdout after start so a chatty child never blocks on a full pipe.
    child.stdout?.on('data', (d: Buffer) => {
      if (ready) return;
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('"relay listening"')) continue;
        const { port } = JSON.parse(line) as { port: number };
        ready = true;
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        resolvePromise({
          url: `http://127.0.0.1:${port}`,
          child,
          exited,
          kill(signal = 'SIGKILL') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
        return;
      }
    });
  });
}
