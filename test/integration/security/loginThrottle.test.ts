import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '../../../electron/core';
import type { Result } from '../../../shared/result';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

// Issue 14, item 8: wrong passwords slow down the source that sends them, progressively;
// they never lock a desk user out of their own correct password elsewhere, and the
// override PIN has its own budget.
describe('sign-in throttling', () => {
  let core: TestCore;
  let clock: number;
  beforeEach(async () => {
    clock = new Date('2026-03-02T09:00:00Z').getTime();
    core = await makeCore({ now: () => new Date(clock) });
    await core.ok('users:create', { requestId: rid(), username: 'carol', displayName: 'Carol Cashier', role: 'cashier', password: '4321' });
  });
  afterEach(() => core.dispose());

  const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
  const retryAfter = (r: Result<unknown>) => (r.ok ? null : ((r.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? null));
  const login = (conn: Connection, username: string, password: string) => conn.invoke('auth:login', { username, password });
  const override = (conn: Connection, password: string) => conn.invoke('auth:override', { username: 'admin', password, channel: 'settings:update' });
  const failTimes = async (n: number, attempt: (i: number) => Promise<Result<unknown>>) => {
    for (let i = 0; i < n; i += 1) expect(code(await attempt(i))).toBe('FORBIDDEN');
  };
  const cashierDesk = async () => {
    const conn = core.connect();
    expect(code(await login(conn, 'carol', '4321'))).toBe('ok');
    return conn;
  };

  it("five wrong passwords for admin from one source lock out neither the admin's sign-in nor their PIN elsewhere", async () => {
    const attacker = core.connect();
    await failTimes(20, (i) => login(attacker, 'admin', `guess-${i}`));
    expect(code(await login(core.connect(), 'admin', 'admin-pass'))).toBe('ok');
    const desk = await cashierDesk();
    expect(code(await override(desk, 'admin-pass'))).toBe('ok');
  });

  it('the failing source waits longer after each further failure, then its correct password works', async () => {
    const conn = core.connect();
    await failTimes(5, (i) => login(conn, 'admin', `guess-${i}`));
    const first = await login(conn, 'admin', 'admin-pass');
    expect(first.ok ? 'ok' : first.error.message).toMatch(/Too many wrong attempts/);
    expect(retryAfter(first)).toBe(2);
    clock += 2_000;
    expect(code(await login(conn, 'admin', 'guess-again'))).toBe('FORBIDDEN');
    expect(retryAfter(await login(conn, 'admin', 'admin-pass'))).toBe(4);
    clock += 4_000;
    expect(code(await login(conn, 'admin', 'guess-more'))).toBe('FORBIDDEN');
    expect(retryAfter(await login(conn, 'admin', 'admin-pass'))).toBe(8);
    clock += 8_000;
    expect(code(await login(conn, 'admin', 'admin-pass'))).toBe('ok');
  });

  it('the delay is capped, and forgotten a while after the last failure', async () => {
    const conn = core.connect();
    for (let i = 0; i < 15; i += 1) {
      await login(conn, 'admin', `guess-${i}`);
      clock += 60_000;
    }
    await login(conn, 'admin', 'last-guess');
    expect(retryAfter(await login(conn, 'admin', 'admin-pass'))).toBe(60);
    clock += 15 * 60_000;
    await failTimes(4, (i) => login(conn, 'admin', `fresh-${i}`));
    expect(code(await login(conn, 'admin', 'admin-pass'))).toBe('ok');
  });

  it('guessing many usernames from one source is throttled like guessing one', async () => {
    const conn = core.connect();
    await failTimes(5, (i) => login(conn, `user${i}`, 'guess'));
    expect(retryAfter(await login(conn, 'admin', 'admin-pass'))).toBe(2);
  });

  it("a cashier's own good sign-in does not clear the source's failures for admin", async () => {
    const conn = core.connect();
    await failTimes(4, (i) => login(conn, 'admin', `guess-${i}`));
    expect(code(await login(conn, 'carol', '4321'))).toBe('ok');
    expect(code(await login(conn, 'admin', 'guess-5'))).toBe('FORBIDDEN');
    expect(retryAfter(await login(conn, 'admin', 'admin-pass'))).toBe(2);
  });

  it('the override PIN has its own, smaller budget, separate from sign-in', async () => {
    const desk = await cashierDesk();
    await failTimes(3, (i) => override(desk, `pin-${i}`));
    const blocked = await override(desk, 'admin-pass');
    expect(retryAfter(blocked)).toBe(2);
    // Sign-in on the same source is not spent by PIN guesses...
    expect(code(await login(desk, 'carol', '4321'))).toBe('ok');
    clock += 2_000;
    expect(code(await override(desk, 'admin-pass'))).toBe('ok');

    // ...and PIN approval is not spent by sign-in guesses.
    const other = await cashierDesk();
    await failTimes(5, (i) => login(other, 'admin', `guess-${i}`));
    expect(code(await override(other, 'admin-pass'))).toBe('ok');
  });
});
