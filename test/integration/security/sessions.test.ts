import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../electron/core';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

// Issue 14, item 7: the core trusts only sessions (and overrides) it issued itself.
describe('sessions and overrides come only from the core', () => {
  let core: TestCore;
  let cashier: Session;
  beforeEach(async () => {
    core = await makeCore();
    const carol = await core.ok('users:create', { requestId: rid(), username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
    cashier = core.sessionFor(carol.id);
  });
  afterEach(() => core.dispose());

  const createMallory = (session: unknown) =>
    core.invoke('users:create', { requestId: rid(), username: 'mallory', displayName: 'Mallory', role: 'admin', password: 'mallory-pass' }, session as Session);
  const malloryExists = async () => (await core.ok('users:list', {})).users.some((u) => u.username === 'mallory');

  it('a cashier session with an invented overrideBy cannot call an admin channel', async () => {
    const admin = core.admin;
    const forged = { ...cashier, overrideBy: { userId: admin.userId, username: admin.username } };
    const r = await createMallory(forged);
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    expect(await malloryExists()).toBe(false);
  });

  it('a session object the core did not issue is refused, even one naming a real admin', async () => {
    const copy = { userId: core.admin.userId, username: core.admin.username, displayName: core.admin.displayName, role: 'admin' };
    const r = await createMallory(copy);
    expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    expect(await malloryExists()).toBe(false);
  });

  it('an issued session cannot be edited into an admin one', async () => {
    expect(Object.isFrozen(cashier)).toBe(true);
    expect(() => Object.assign(cashier, { role: 'admin' })).toThrow();
    expect(cashier.role).toBe('cashier');
  });

  it("a session for another store's admin is signed out here", async () => {
    const other = await makeCore();
    try {
      const r = await core.invoke('users:list', {}, other.admin);
      expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    } finally {
      other.dispose();
    }
  });

  it('sessionFor refuses an unknown or deactivated user', async () => {
    expect(() => core.sessionFor('usr_nobody')).toThrow(/no active user/i);
    const dave = await core.ok('users:create', { requestId: rid(), username: 'dave', displayName: 'Dave', role: 'cashier', password: '4321' });
    await core.ok('users:update', { requestId: rid(), userId: dave.id, active: false });
    expect(() => core.sessionFor(dave.id)).toThrow(/no active user/i);
  });

  it('an issued admin session and a connection\'s override still work', async () => {
    expect(await malloryExists()).toBe(false);
    expect((await createMallory(core.admin)).ok).toBe(true);
    const conn = core.connect();
    await conn.invoke('auth:login', { username: 'carol', password: '4321' });
    await conn.invoke('auth:override', { username: 'admin', password: 'admin-pass', channel: 'settings:update' });
    const approved = await conn.invoke('settings:update', { requestId: rid(), patch: { officeName: 'Approved' } });
    expect(approved.ok).toBe(true);
  });
});
