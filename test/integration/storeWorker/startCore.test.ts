import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../../electron/core';
import { notReadyReply, startCore } from '../../../electron/core/startCore';
import type { StartingCore } from '../../../electron/core/startCore';
import type { MigrationStep } from '../../../electron/store/migrate';
import { migrations } from '../../../electron/store/migrations';
import { pendingMigrations } from '../../../electron/store/pendingMigrations';
import { openStore } from '../../../electron/store/store';
import { startWebHost } from '../../../electron/webhost/server';
import type { WebHost } from '../../../electron/webhost/server';
import { rid, tempDir } from '../../support/core';
import { insertOneEnrollment } from '../../support/migrationRows';

const cleanup: (() => unknown)[] = [];
const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** A data folder whose store stopped at schema step `version`, holding one enrollment. */
function olderStore(version: number): string {
  const dataDir = tempDir();
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const store = openStore({ file: join(dataDir, DATABASE_FILE), migrations: migrations.slice(0, version) });
  insertOneEnrollment(store.raw, '2025-01-01T00:00:00.000Z');
  store.close();
  return dataDir;
}

async function hostOn(core: StartingCore): Promise<WebHost> {
  const rendererDir = tempDir('bursar-renderer-');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Bursar</title>');
  const host = await startWebHost({ core, rendererDir });
  cleanup.push(() => rmSync(rendererDir, { recursive: true, force: true }), () => host.close());
  return host;
}

const call = (host: WebHost, channel: string) =>
  fetch(`http://127.0.0.1:${host.port}/api/invoke`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` }, body: JSON.stringify({ channel, input: {} }) }).then((r) => r.json() as Promise<{ ok: boolean; error?: { code: string; message: string; details?: Record<string, unknown> } }>);

describe('start: an older store is upgraded in the store worker, step by step', () => {
  it('tells each pending step in order while no core is open, then opens the core on the upgraded store', async () => {
    const dataDir = olderStore(9);
    const file = join(dataDir, DATABASE_FILE);
    const pending = pendingMigrations(file);
    expect(pending.map((m) => m.version)).toEqual(migrations.slice(9).map((m) => m.version));

    const seen: { step: MigrationStep; open: boolean; reply: ReturnType<typeof notReadyReply> }[] = [];
    const starting: StartingCore = startCore({ dataDir, version: 'test' }, {
      onStep: (step) => seen.push({ step, open: starting.current() !== null, reply: notReadyReply(starting.state()) }),
    });
    expect(starting.current()).toBeNull();
    const core = await starting.ready;
    cleanup.push(() => core.close());

    expect(seen.map((s) => s.step)).toEqual(pending.map((m, i) => ({ step: i + 1, of: pending.length, version: m.version, name: m.name })));
    expect(seen.every((s) => !s.open)).toBe(true);
    const last = seen.at(-1)?.reply;
    expect(last?.error.code).toBe('UNAVAILABLE');
    expect(last?.error.details).toMatchObject({ starting: true, step: pending.length, of: pending.length, stepName: pending.at(-1)?.name });
    expect(last?.error.message).toContain(`step ${pending.length} of ${pending.length}`);

    expect(starting.current()).toBe(core);
    expect(starting.state()).toEqual({ state: 'ready' });
    expect(core.store.schemaVersion).toBe(migrations.at(-1)?.version);
    expect(pendingMigrations(file)).toEqual([]);
    expect(core.store.raw.prepare(`SELECT id FROM enrollments`).all()).toEqual([{ id: 'e1' }]);
    const setup = await core.connect().invoke('auth:setup', { requestId: rid('setup'), username: 'admin', displayName: 'Office Admin', password: 'admin-pass' });
    expect(setup.ok).toBe(true);
  });

  it('a new folder and an up-to-date store open with no upgrade step', async () => {
    const dataDir = tempDir();
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    for (let run = 0; run < 2; run++) {
      const steps: MigrationStep[] = [];
      const starting = startCore({ dataDir, version: 'test' }, { onStep: (s) => steps.push(s) });
      const core = await starting.ready;
      core.close();
      expect(steps).toEqual([]);
    }
  });

  it('the browser host answers with the step while the core is not open, then the core answers', async () => {
    let release: () => void = () => undefined;
    let state: ReturnType<StartingCore['state']> = { state: 'upgrading', step: { step: 2, of: 3, version: 11, name: 'report-product-daily' } };
    const dataDir = tempDir();
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let core: ReturnType<StartingCore['current']> = null;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    // A starting core held at step 2 until the test lets it open.
    const ready = gate.then(async () => {
      const c = await startCore({ dataDir, version: 'test' }).ready;
      core = c;
      state = { state: 'ready' };
      cleanup.push(() => c.close());
      return c;
    });
    const host = await hostOn({ ready, current: () => core, state: () => state });

    const waiting = await call(host, 'auth:status');
    expect(waiting.ok).toBe(false);
    expect(waiting.error?.code).toBe('UNAVAILABLE');
    expect(waiting.error?.details).toEqual({ starting: true, step: 2, of: 3, stepName: 'report-product-daily' });
    expect(waiting.error?.message).toBe('Bursar is updating its data (step 2 of 3: report-product-daily).');

    release();
    await ready;
    const answered = await call(host, 'auth:status');
    expect(answered).toEqual({ ok: true, value: { setupRequired: true, user: null } });
  });

  it('a store this version cannot open is reported to every call, and the file is left as it was', async () => {
    const dataDir = olderStore(migrations.length);
    const file = join(dataDir, DATABASE_FILE);
    // A step from a newer Bursar.
    const db = openStore({ file, migrations });
    db.raw.prepare(`INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (999, 'from-the-future', 'x', '2030-01-01')`).run();
    db.close();
    const before = sha256(file);
    const starting = startCore({ dataDir, version: 'test' });
    await expect(starting.ready).rejects.toThrow(/newer Bursar/);
    expect(sha256(file)).toBe(before);
    expect(starting.state()).toMatchObject({ state: 'failed' });
    const host = await hostOn(starting);
    const reply = await call(host, 'auth:status');
    expect(reply.error?.code).toBe('UNAVAILABLE');
    expect(reply.error?.details).toEqual({ startFailed: true });
    expect(reply.error?.message).toMatch(/^Bursar could not open its data: .*newer Bursar/);
  });
});
