import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/api';
import { DATABASE_FILE } from '../../../electron/core';
import { forkCore } from '../../../electron/corehost/client';
import type { CoreProcessHandle } from '../../../electron/corehost/client';
import { cleanCloseMarker } from '../../../electron/store/cleanClose';
import { migrations } from '../../../electron/store/migrations';
import { openStore } from '../../../electron/store/store';
import { rid, tempDir } from '../../support/core';
import { insertOneEnrollment } from '../../support/migrationRows';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function coreIn(dataDir: string, more: Parameters<typeof forkCore>[1] = {}): CoreProcessHandle {
  const core = forkCore({ dataDir, version: 'test' }, more);
  cleanup.push(() => core.close());
  return core;
}

function freshDir(): string {
  const dir = tempDir();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Waits for a condition the core process reports, without a fixed sleep. */
async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the core in its own process (child_process.fork, structured-clone IPC)', () => {
  it('answers invoke on a connection, keeps each connection’s session in the core, and sends change notices', async () => {
    const core = coreIn(freshDir());
    const notices: ChangeNotice[] = [];
    core.subscribe((n) => notices.push(n));
    await core.ready;
    expect(core.state()).toEqual({ state: 'ready' });

    const window1 = core.connect();
    const setup = await window1.invoke('auth:setup', { requestId: rid('setup'), username: 'admin', displayName: 'Office Admin', password: 'admin-pass' });
    expect(setup.ok).toBe(true);
    const settings = await window1.invoke('settings:get', {});
    expect(settings).toMatchObject({ ok: true, value: expect.objectContaining({ officeName: 'My School Office' }) });
    await until(() => notices.some((n) => n.channel === 'auth:setup'), 'the auth:setup notice');

    // Another window (and the stateless door) holds no session: the core, not the host, decides.
    const window2 = core.connect();
    expect(await window2.invoke('settings:get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Please sign in first' } });
    expect(await core.invoke('settings:get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await core.invoke('auth:status', {})).toEqual({ ok: true, value: { setupRequired: false, user: null } });

    // A closed window's connection is forgotten by the core: the same number gets nothing.
    window1.close();
    expect(await window1.invoke('settings:get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Please sign in first' } });
  });

  it('errors come back as data: unknown channel, bad input naming the field, nothing thrown', async () => {
    const core = coreIn(freshDir());
    await core.ready;
    const conn = core.connect();
    expect(await conn.invoke('no:such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await conn.invoke('auth:setup', { requestId: rid('setup'), username: '', displayName: 'Office Admin', password: 'admin-pass' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION', fields: { username: expect.any(String) } } });
    expect(await core.invoke('auth:status', {})).toEqual({ ok: true, value: { setupRequired: true, user: null } });
  });

  it('tells the host each upgrade step of an older store, then opens', async () => {
    const dataDir = freshDir();
    const store = openStore({ file: join(dataDir, DATABASE_FILE), migrations: migrations.slice(0, 9) });
    insertOneEnrollment(store.raw, '2025-01-01T00:00:00.000Z');
    store.close();
    const core = coreIn(dataDir);
    const steps = new Set<number>();
    const watch = setInterval(() => {
      const s = core.state();
      if (s.state === 'upgrading' && s.step) steps.add(s.step.step);
    }, 1);
    try {
      await core.ready;
    } finally {
      clearInterval(watch);
    }
    // Steps are told as they start; a quick step may come and go between two looks, but the host saw them arrive.
    expect(steps.size).toBeGreaterThan(0);
    expect(Math.max(...steps)).toBeLessThanOrEqual(migrations.length - 9);
    expect(await core.invoke('auth:status', {})).toEqual({ ok: true, value: { setupRequired: true, user: null } });
  });

  it('a graceful close closes the store cleanly and ends the process', async () => {
    const dataDir = freshDir();
    const core = coreIn(dataDir);
    await core.ready;
    const pid = core.pid();
    expect(pid).toBeTypeOf('number');
    await core.close();
    expect(existsSync(cleanCloseMarker(join(dataDir, DATABASE_FILE)))).toBe(true);
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(await core.invoke('auth:status', {})).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: 'Bursar is shutting down' } });
  });

  it('a crash of the core answers the calls it held with a clear error, restarts it, and the window signs in again', async () => {
    const crashes: { signal: string | null; restarting: boolean }[] = [];
    const core = coreIn(freshDir(), { onCrash: (c) => crashes.push(c) });
    await core.ready;
    const conn = core.connect();
    expect((await conn.invoke('auth:setup', { requestId: rid('setup'), username: 'admin', displayName: 'Office Admin', password: 'admin-pass' })).ok).toBe(true);
    const first = core.pid()!;

    // Stopped first, so the call is surely still unanswered in the core when it dies.
    process.kill(first, 'SIGSTOP');
    const inFlight = conn.invoke('settings:get', {});
    process.kill(first, 'SIGKILL');
    const answer = await inFlight;
    expect(answer).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(!answer.ok && answer.error.message).toMatch(/^Bursar's core was stopped \(SIGKILL\) before answering\./);
    expect(crashes).toEqual([{ code: null, signal: 'SIGKILL', restarting: true }]);

    // Back up in a new process; the session died with the old one.
    await until(() => core.state().state === 'ready' && core.pid() !== first, 'the restarted core');
    expect(await conn.invoke('settings:get', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'Please sign in first' } });
    expect((await conn.invoke('auth:login', { username: 'admin', password: 'admin-pass' })).ok).toBe(true);
    expect((await conn.invoke('settings:get', {})).ok).toBe(true);
  });

  it('a core that keeps dying is reported as failed to every call, and nothing waits', async () => {
    const core = coreIn(freshDir(), { maxRestarts: 0 });
    await core.ready;
    process.kill(core.pid()!, 'SIGKILL');
    await until(() => core.state().state === 'failed', 'the failed state');
    const reply = await core.connect().invoke('auth:status', {});
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', details: { startFailed: true } } });
    expect(!reply.ok && reply.error.message).toMatch(/^Bursar could not open its data: its core was stopped \(SIGKILL\)\. Close Bursar and open it again/);
  });
});
