import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

describe('users, roles, override and idle lock', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  const addCashier = () => core.ok('users:create', { requestId: rid(), username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });

  it('an admin creates a cashier whose password is stored hashed, never plain', async () => {
    const cashier = await addCashier();
    expect(cashier).toMatchObject({ username: 'carol', role: 'cashier', active: true });
    const row = core.store.raw.prepare('SELECT password_hash FROM users WHERE id = ?').get(cashier.id) as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(row.password_hash).not.toContain('4321');
    const listed = await core.ok('users:list', {});
    expect(JSON.stringify(listed)).not.toContain('scrypt');
    expect(listed.users.map((u) => u.username).sort()).toEqual(['admin', 'carol']);
  });

  it('a cashier is refused admin channels in the core, not only in the screens', async () => {
    await addCashier();
    const conn = core.connect();
    expect((await conn.invoke('auth:login', { username: 'carol', password: '4321' })).ok).toBe(true);
    for (const [channel, input] of [
      ['users:list', {}],
      ['users:create', { requestId: rid(), username: 'eve', displayName: 'Eve', role: 'admin', password: 'xxxx' }],
      ['settings:update', { requestId: rid(), patch: { officeName: 'Hijacked' } }],
      ['audit:verify', {}],
    ] as const) {
      const r = await conn.invoke(channel, input);
      expect(r.ok ? 'ok' : r.error.code, channel).toBe('FORBIDDEN');
    }
    expect((await conn.invoke('settings:get', {})).ok).toBe(true);
    expect((await core.ok('settings:get', {})).officeName).toBe('My School Office');
  });

  it('an admin override lets a cashier make exactly one admin call, and the audit names both', async () => {
    await addCashier();
    const conn = core.connect();
    await conn.invoke('auth:login', { username: 'carol', password: '4321' });
    const wrong = await conn.invoke('auth:override', { username: 'admin', password: 'nope', channel: 'settings:update' });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('FORBIDDEN');
    const notAdmin = await conn.invoke('auth:override', { username: 'carol', password: '4321', channel: 'settings:update' });
    expect(notAdmin.ok ? 'ok' : notAdmin.error.fields).toEqual({ username: 'carol is not an admin' });
    expect(notAdmin.ok ? 'ok' : notAdmin.error).toMatchObject({ key: 'auth.overrideNotAdmin', params: { username: 'carol' }, field: 'username' });

    const grant = await conn.invoke('auth:override', { username: 'admin', password: 'admin-pass', channel: 'settings:update' });
    expect(grant.ok && grant.value.approvedBy).toBe('admin');
    const first = await conn.invoke('settings:update', { requestId: rid(), patch: { officeName: 'Approved change' } });
    expect(first.ok).toBe(true);
    const second = await conn.invoke('settings:update', { requestId: rid(), patch: { officeName: 'Second change' } });
    expect(second.ok ? 'ok' : second.error.code).toBe('FORBIDDEN');

    const entries = await core.ok('audit:list', { action: 'settings.update' });
    expect(entries.entries).toHaveLength(1);
    expect(entries.entries[0]).toMatchObject({ actorName: 'carol', overrideBy: 'admin', bySystem: false });
  });

  it('an override for one channel does not open another', async () => {
    await addCashier();
    const conn = core.connect();
    await conn.invoke('auth:login', { username: 'carol', password: '4321' });
    await conn.invoke('auth:override', { username: 'admin', password: 'admin-pass', channel: 'users:list' });
    const r = await conn.invoke('settings:update', { requestId: rid(), patch: { officeName: 'Nope' } });
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
  });

  it('the last active admin cannot be demoted or deactivated', async () => {
    const e = await core.fail('users:update', { requestId: rid(), userId: core.admin.userId, role: 'cashier' });
    expect(e.code).toBe('CONFLICT');
    const other = await core.ok('users:create', { requestId: rid(), username: 'boss', displayName: 'Second Admin', role: 'admin', password: 'boss-pass' });
    const demoted = await core.ok('users:update', { requestId: rid(), userId: other.id, role: 'cashier' });
    expect(demoted.role).toBe('cashier');
  });

  it('a deactivated user is signed out at their next call and cannot sign in', async () => {
    const cashier = await addCashier();
    const conn = core.connect();
    await conn.invoke('auth:login', { username: 'carol', password: '4321' });
    await core.ok('users:update', { requestId: rid(), userId: cashier.id, active: false });
    const r = await conn.invoke('settings:get', {});
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    const again = await conn.invoke('auth:login', { username: 'carol', password: '4321' });
    expect(again.ok ? 'ok' : again.error.code).toBe('FORBIDDEN');
  });

  it('repeated wrong passwords are throttled', async () => {
    const conn = core.connect();
    for (let i = 0; i < 5; i += 1) await conn.invoke('auth:login', { username: 'admin', password: `wrong-${i}` });
    const blocked = await conn.invoke('auth:login', { username: 'admin', password: 'admin-pass' });
    expect(blocked.ok ? 'ok' : blocked.error.message).toMatch(/Too many wrong attempts/);
  });

  it('the desk locks itself after the idle time set in settings', async () => {
    let clock = new Date('2026-03-02T09:00:00Z').getTime();
    const dataDir = core.dataDir;
    core.close();
    const timed = createCore({ dataDir, now: () => new Date(clock) });
    try {
      const conn = timed.connect();
      await conn.invoke('auth:login', { username: 'admin', password: 'admin-pass' });
      await conn.invoke('settings:update', { requestId: rid(), patch: { lockAfterMinutes: 10 } });
      clock += 9 * 60_000;
      expect((await conn.invoke('settings:get', {})).ok).toBe(true);
      clock += 11 * 60_000;
      const locked = await conn.invoke('settings:get', {});
      expect(locked.ok ? null : locked.error.details).toEqual({ locked: true });
      const status = await conn.invoke('auth:status', {});
      expect(status.ok && status.value.user).toBeNull();
    } finally {
      timed.close();
    }
  });
});

describe('audit trail', () => {
  let core: TestCore;
  beforeEach(async () => {
    core = await makeCore();
  });
  afterEach(() => core.dispose());

  it('verifies an untouched chain and names the entry edited outside the app', async () => {
    for (let i = 0; i < 5; i += 1) await core.ok('settings:update', { requestId: rid(), patch: { officeName: `Office ${i}` } });
    const good = await core.ok('audit:verify', {});
    expect(good).toEqual({ ok: true, checked: 6, firstBroken: null });

    // An edit made with a SQLite tool: the append-only trigger has to be dropped first.
    expect(() => core.store.raw.prepare(`UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 3`).run()).toThrow(/append-only/);
    core.store.raw.exec('DROP TRIGGER audit_log_no_update');
    core.store.raw.prepare(`UPDATE audit_log SET after_json = '{"officeName":"Forged"}' WHERE seq = 4`).run();
    const bad = await core.ok('audit:verify', {});
    expect(bad.ok).toBe(false);
    expect(bad.firstBroken).toEqual({ seq: 4, reason: 'entry content was changed after it was written' });
  });

  it('notices a deleted entry', async () => {
    for (let i = 0; i < 3; i += 1) await core.ok('settings:update', { requestId: rid(), patch: { officeName: `Office ${i}` } });
    core.store.raw.exec('DROP TRIGGER audit_log_no_delete');
    core.store.raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    const bad = await core.ok('audit:verify', {});
    expect(bad.firstBroken?.seq).toBe(2);
  });

  it('lists newest first with filters and paging', async () => {
    for (let i = 0; i < 7; i += 1) await core.ok('settings:update', { requestId: rid(), patch: { officeName: `Office ${i}` } });
    const page1 = await core.ok('audit:list', { action: 'settings.update', limit: 5 });
    expect(page1.entries.map((e) => (e.after as { officeName: string }).officeName)).toEqual(['Office 6', 'Office 5', 'Office 4', 'Office 3', 'Office 2']);
    expect(page1.nextBeforeSeq).not.toBeNull();
    const page2 = await core.ok('audit:list', { action: 'settings.update', limit: 5, beforeSeq: page1.nextBeforeSeq ?? 0 });
    expect(page2.entries).toHaveLength(2);
    expect(page2.nextBeforeSeq).toBeNull();
    const byUser = await core.ok('audit:list', { entityType: 'user' });
    expect(byUser.entries).toHaveLength(1);
  });
});
