import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Channel, InputOf, OutputOf } from '../../shared/contract';
import type { AppErrorData, Result } from '../../shared/result';
import { createCore } from '../../electron/core';
import type { Core, CoreOptions, Session } from '../../electron/core';

export type TestCore = Core & {
  dataDir: string;
  admin: Session;
  /** Calls a channel as `session` (admin by default) and returns the value, failing the test on an error. */
  ok<C extends Channel>(channel: C, input: InputOf<C>, session?: Session | null): Promise<OutputOf<C>>;
  /** Calls a channel and returns its error, failing the test if it succeeded. */
  fail(channel: string, input: unknown, session?: Session | null): Promise<AppErrorData>;
  /** Closes the core and removes its folder. */
  dispose(): void;
};

let counter = 0;
/** A request id that is unique in this test run, readable in failures. */
export const rid = (label = 'req'): string => `${label}-${process.pid}-${Date.now()}-${++counter}`;

export function tempDir(prefix = 'bursar-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real core on a real SQLite file in a fresh folder, with the first admin set up. */
export async function makeCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const dataDir = options.dataDir ?? tempDir();
  const core = createCore({ checkOutput: true, ...options, dataDir });
  const conn = core.connect();
  const setup = await conn.invoke('auth:setup', { requestId: rid('setup'), username: 'admin', displayName: 'Office Admin', password: 'admin-pass' });
  if (!setup.ok) throw new Error(`setup failed: ${setup.error.message}`);
  const admin = conn.session();
  if (!admin) throw new Error('setup did not sign in');

  const unwrap = <T>(r: Result<T>, channel: string): T => {
    if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
    return r.value;
  };
  return Object.assign(core, {
    dataDir,
    admin,
    ok: async <C extends Channel>(channel: C, input: InputOf<C>, session: Session | null = admin) => unwrap(await core.invoke(channel, input, session), channel),
    fail: async (channel: string, input: unknown, session: Session | null = admin) => {
      const r = await core.invoke(channel, input, session);
      if (r.ok) throw new Error(`${channel} unexpectedly succeeded: ${JSON.stringify(r.value)}`);
      return r.error;
    },
    dispose: () => {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
