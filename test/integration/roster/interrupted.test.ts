import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { insertImport } from '../../../electron/services/roster/rosterRepo';
import { makeCore, rid, tempDir } from '../../support/core';
import type { TestCore } from '../../support/core';
import { schoolBundle } from '../../support/oneRoster';
import { folder, mapping } from './fixtures';
import type { RosterCore } from './fixtures';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const auditOf = (core: TestCore, action: string) =>
  core.store.raw.prepare('SELECT actor_name, entity_id, request_id, before_json, after_json FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor_name: string; entity_id: string; request_id: string; before_json: string; after_json: string }[];

describe('an SIS import the desk stopped during', () => {
  it('is marked interrupted at the next start, audited once, shown in the history; a finished import is left alone', async () => {
    const clock = { at: new Date('2026-08-01T10:00:00Z') };
    const dataDir = tempDir('bursar-roster-crash-');
    const first = await makeCore({ dataDir, now: () => clock.at });
    await first.ok('roster:saveMapping', { requestId: rid('map'), mapping: mapping() });
    const core = Object.assign(first, { dir: tempDir('bursar-roster-') }) as RosterCore;
    const done = await core.ok('roster:import', { requestId: rid('ok'), path: folder(core, schoolBundle('1.1')), mode: 'bulk' });
    // What an import writes before its first batch; then the process dies (no finish row, no audit).
    core.store.transaction(() => insertImport(core.store, { id: 'rim_crashed', requestId: 'req-crashed', mode: 'bulk', sourceName: 'district.zip', digest: 'ab'.repeat(32), actorId: null, actorName: 'admin' }, clock.at));
    expect((await core.ok('roster:history', { limit: 10 })).imports.map((i) => i.state)).toEqual(['running', 'done']);
    core.close();

    clock.at = new Date('2026-08-01T10:05:00Z');
    const reopened = createCore({ dataDir, now: () => clock.at, checkOutput: true });
    const admin = reopened.sessionFor((reopened.store.raw.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: string }).id);
    cleanups.push(() => reopened.close());
    const history = await reopened.invoke('roster:history', { limit: 10 }, admin);
    if (!history.ok) throw new Error(history.error.message);
    expect(history.value.imports.map((i) => [i.id, i.state, i.finishedAt])).toEqual([
      ['rim_crashed', 'interrupted', '2026-08-01T10:05:00.000Z'],
      [done.importId, 'done', '2026-08-01T10:00:00.000Z'],
    ]);
    const audit = auditOf(reopened as TestCore, 'roster.import.interrupt');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_name: 'system', entity_id: 'rim_crashed', request_id: 'req-crashed' });
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ state: 'running', source: 'district.zip' });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toEqual({ importId: 'rim_crashed', state: 'interrupted' });
    // A new import is not held up by the stale row.
    const again = await reopened.invoke('roster:import', { requestId: rid('again'), path: folder(core, schoolBundle('1.1')), mode: 'bulk' }, admin);
    expect(again.ok && again.value.state).toBe('done');
    reopened.close();
    cleanups.pop();

    // A third start finds nothing to mark and writes nothing.
    const third = createCore({ dataDir, now: () => clock.at, checkOutput: true });
    cleanups.push(() => third.close());
    expect(auditOf(third as TestCore, 'roster.import.interrupt')).toHaveLength(1);
  });
});
