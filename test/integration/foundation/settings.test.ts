import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

const fileHash = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('settings through invoke', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  it('reads defaults and stores an update that survives a reopen', async () => {
    const before = await core.ok('settings:get', {});
    expect(before.deskCode).toBe('DESK1');
    const after = await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Northside Academy', deskCode: 'FRONT2', defaultCurrency: 'EUR', locale: 'de-DE' } });
    expect(after).toMatchObject({ officeName: 'Northside Academy', deskCode: 'FRONT2', defaultCurrency: 'EUR', locale: 'de-DE' });
    core.close();
    const { createCore } = await import('../../../electron/core');
    const again = createCore({ dataDir: core.dataDir });
    const read = await again.invoke('settings:get', {}, core.admin);
    again.close();
    expect(read.ok && read.value.officeName).toBe('Northside Academy');
  });

  it.each([
    [{ officeName: '   ' }, 'patch.officeName'],
    [{ deskCode: 'desk-1' }, 'patch.deskCode'],
    [{ deskCode: 'ABCDEFGHI' }, 'patch.deskCode'],
    [{ defaultCurrency: 'XYZ' }, 'patch.defaultCurrency'],
    [{ locale: 'not a locale!' }, 'patch.locale'],
    [{ colour: 'red' }, 'patch.colour'],
  ])('refuses %j naming the field and writes nothing', async (patch, field) => {
    core.store.raw.pragma('wal_checkpoint(TRUNCATE)');
    const hashBefore = fileHash(core.store.file);
    const auditBefore = core.store.raw.prepare('SELECT count(*) AS n FROM audit_log').get();
    const error = await core.fail('settings:update', { requestId: rid(), patch });
    expect(error.code).toBe('VALIDATION');
    expect(error.fields).toHaveProperty(field);
    expect(error.message).toContain(field);
    core.store.raw.pragma('wal_checkpoint(TRUNCATE)');
    expect(fileHash(core.store.file)).toBe(hashBefore);
    expect(core.store.raw.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(auditBefore);
  });

  it('replays the first result for a repeated requestId and writes one audit entry', async () => {
    const requestId = rid();
    const first = await core.ok('settings:update', { requestId, patch: { officeName: 'First' } });
    const second = await core.ok('settings:update', { requestId, patch: { officeName: 'First' } });
    expect(second).toEqual(first);
    const rows = core.store.raw.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'settings.update'`).get() as { n: number };
    expect(rows.n).toBe(1);
    const reuse = await core.fail('settings:update', { requestId, patch: { officeName: 'Different' } });
    expect(reuse.code).toBe('CONFLICT');
    expect((await core.ok('settings:get', {})).officeName).toBe('First');
  });

  it('records before and after in the audit trail', async () => {
    await core.ok('settings:update', { requestId: rid(), patch: { officeName: 'Audited' } });
    const row = core.store.raw.prepare(`SELECT actor_name, before_json, after_json FROM audit_log WHERE action = 'settings.update'`).get() as Record<string, string>;
    expect(row.actor_name).toBe('admin');
    expect(JSON.parse(row.before_json ?? '{}').officeName).toBe('My School Office');
    expect(JSON.parse(row.after_json ?? '{}').officeName).toBe('Audited');
  });

  it('needs a signed-in admin', async () => {
    expect((await core.fail('settings:get', {}, null)).code).toBe('FORBIDDEN');
    expect((await core.fail('settings:update', { requestId: rid(), patch: { officeName: 'X' } }, null)).code).toBe('FORBIDDEN');
  });
});
