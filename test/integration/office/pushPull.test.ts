import { afterEach, describe, expect, it } from 'vitest';
import type { ChangeNotice } from '../../../shared/api';
import { journalAad } from '../../../shared/relay/journalWire';
import { sql } from '../../../electron/store/sql';
import { KV_CHANNEL } from '../../support/office/kvJournal';
import { joinDesk, makeDesk, startTestHub, until } from '../../support/office/officeRig';
import type { Desk } from '../../support/office/officeRig';
import type { TestHub } from '../../support/office/testHub';

const cursorOf = (d: Desk) => d.core.store.get<{ cursor: number }>(sql`SELECT cursor FROM office_membership`)?.cursor ?? -1;

describe('office push and pull', () => {
  let hub: TestHub | null = null;
  const desks: Desk[] = [];
  afterEach(async () => {
    for (const d of desks.splice(0)) d.core.dispose();
    await hub?.close();
    hub = null;
  });
  async function office(n: number, hubOptions: Parameters<typeof startTestHub>[0] = {}, deskOptions: Parameters<typeof makeDesk>[1] = {}): Promise<[TestHub, ...Desk[]]> {
    hub = await startTestHub(hubOptions);
    const made: Desk[] = [];
    for (let i = 0; i < n; i++) {
      const d = await makeDesk(`Desk ${i + 1}`, deskOptions);
      desks.push(d);
      await joinDesk(d, hub);
      made.push(d);
    }
    return [hub, ...made];
  }

  it('pushes sealed entries, and every desk applies every entry once in the hub order', async () => {
    const [h, a, b] = (await office(2)) as [TestHub, Desk, Desk];
    a.kv.add('cash', 500);
    a.kv.add('cash', 250);
    b.kv.add('cash', -100);
    expect((await a.core.ok('office:status', {})).pending).toBe(2);
    expect(await a.core.ok('office:syncNow', {})).toMatchObject({ pushed: 2, received: 2 });
    expect(await b.core.ok('office:syncNow', {})).toMatchObject({ pushed: 1, received: 3 });
    expect((await a.core.ok('office:syncNow', {})).received).toBe(1);
    for (const d of [a, b]) {
      expect(d.kv.value('cash')).toBe(650);
      expect(d.kv.doubles()).toEqual([]);
      expect(cursorOf(d)).toBe(3);
    }
    // The hub holds ciphertext only, bound to each entry's identity.
    const held = h.entries();
    expect(held.map((e) => e.desk_seq)).toEqual([1, 2, 1]);
    for (const e of held) expect(Buffer.from(e.ct, 'base64url').toString('latin1')).not.toContain('cash');
    expect(journalAad(h.officeId, held[0] as (typeof held)[0])).toContain(held[0]?.id);
    const status = await a.core.ok('office:status', {});
    expect(status).toMatchObject({ pushed: 2, pending: 0, received: 3, cursor: 3, lastPushError: null, lastPullError: null, online: true });
    expect(status.desks?.find((d) => !d.thisDesk)).toMatchObject({ name: 'Desk 2', notSent: 0 });
  });

  it('a hub that drops connections, before or after its commit, loses nothing and stores and applies nothing twice', async () => {
    const [h, a, b] = (await office(2)) as [TestHub, Desk, Desk];
    for (let i = 0; i < 20; i++) a.kv.add(`k${i % 3}`, i + 1);
    // A closed connection is sent again once at once (hubClient.ts); a second in a row fails the call.
    h.dropAfterCommit(2);
    expect((await a.core.fail('office:syncNow', {})).message).toMatch(/not reachable/);
    // The hub committed all 20; the desk does not know, and resends the same sealed bytes.
    expect(h.entries()).toHaveLength(20);
    expect((await a.core.ok('office:status', {})).pending).toBe(20);
    h.dropNext(2, '/v1/journal');
    await a.core.fail('office:syncNow', {});
    const retried = await a.core.ok('office:syncNow', {});
    expect(retried.pushed).toBe(20);
    expect(h.entries()).toHaveLength(20);
    expect(retried.status).toMatchObject({ pending: 0, pushed: 0 });
    // One answer lost after the commit: the call is sent again at once and the hub stores nothing twice.
    for (let i = 0; i < 3; i++) a.kv.add('k0', 0);
    h.dropAfterCommit(1);
    expect((await a.core.ok('office:syncNow', {})).pushed).toBe(3);
    expect(h.entries()).toHaveLength(23);

    h.dropNext(2, '/v1/journal');
    await b.core.fail('office:syncNow', {});
    expect(cursorOf(b)).toBe(0);
    await until(async () => (await b.core.invoke('office:syncNow', {}, b.core.admin)).ok, 10_000, 'b to sync');
    for (const d of [a, b]) {
      await d.core.ok('office:syncNow', {});
      expect(d.kv.appliedCount()).toBe(23);
      expect(d.kv.doubles()).toEqual([]);
      expect(d.kv.value('k0') + d.kv.value('k1') + d.kv.value('k2')).toBe(210);
    }
  });

  it('follows has_more through short pages capped in bytes', async () => {
    const [h, a, b] = (await office(2, { pageMaxBytes: 300 })) as [TestHub, Desk, Desk];
    for (let i = 0; i < 45; i++) a.kv.add('n', 1);
    await a.core.ok('office:syncNow', {});
    const before = h.requests.filter((r) => r.method === 'GET' && r.path === '/v1/journal').length;
    expect((await b.core.ok('office:syncNow', {})).received).toBe(45);
    const pages = h.requests.filter((r) => r.method === 'GET' && r.path === '/v1/journal').length - before;
    expect(pages).toBeGreaterThan(8);
    expect(b.kv.value('n')).toBe(45);
    expect(cursorOf(b)).toBe(45);
  });

  it('refuses a page with a tampered or replayed entry and applies none of it', async () => {
    const [h, a, b] = (await office(2)) as [TestHub, Desk, Desk];
    a.kv.add('x', 1);
    a.kv.add('x', 2);
    a.kv.add('x', 4);
    await a.core.ok('office:syncNow', {});
    const [first, second] = h.entries();
    // Replay: entry 1's bytes served under entry 2's identity.
    h.tamper(2, first?.ct as string);
    const error = await b.core.fail('office:syncNow', {});
    expect(error.message).toMatch(new RegExp(`Entry ${second?.id} from desk .* was refused: it does not open with the office key`));
    expect(b.kv.appliedCount()).toBe(0);
    expect(cursorOf(b)).toBe(0);
    const refusedStatus = await b.core.ok('office:status', {});
    expect(refusedStatus.lastPullError).toMatch(/was refused/);
    // The window words it from its key, in the office's language (the text above is the log's).
    expect(refusedStatus.words.lastPull).toEqual({ key: 'office.entryNotApplied', params: {} });
    // A flipped bit is refused the same way; the honest bytes put back are applied once.
    const bytes = Buffer.from(second?.ct as string, 'base64url');
    bytes[20] = (bytes[20] as number) ^ 0x80;
    h.tamper(2, bytes.toString('base64url'));
    await b.core.fail('office:syncNow', {});
    expect(b.kv.appliedCount()).toBe(0);
    h.tamper(2, second?.ct as string);
    await b.core.ok('office:syncNow', {});
    expect(b.kv.value('x')).toBe(7);
  });

  it('stops and says so when the hub revokes the desk, or has pruned past its cursor', async () => {
    const [h, a, b] = (await office(2)) as [TestHub, Desk, Desk];
    a.kv.add('x', 1);
    await a.core.ok('office:syncNow', {});
    h.revoke((await a.core.ok('office:status', {})).office?.desk as string);
    a.kv.add('x', 1);
    expect((await a.core.fail('office:syncNow', {})).message).toMatch(/no longer accepts this desk/);
    expect((await a.core.ok('office:status', {})).stopped).toMatch(/revoked/);
    expect((await a.core.ok('office:status', {})).words.stopped).toEqual({ key: 'office.revoked', params: {} });
    expect(h.entries()).toHaveLength(1);
    const requests = h.requests.length;
    await a.core.fail('office:syncNow', {});
    expect(h.requests.length).toBe(requests);

    h.pruneThrough(1);
    expect((await b.core.fail('office:syncNow', {})).message).toMatch(/pruned/);
    expect((await b.core.ok('office:status', {})).stopped).toMatch(/snapshot/);
    expect((await b.core.ok('office:status', {})).words.stopped).toEqual({ key: 'office.cursorGone', params: {} });
    expect(b.kv.appliedCount()).toBe(0);
  });

  it('a hub that cannot be reached is said by key, so the window words it in the office’s language', async () => {
    const [h, a] = (await office(1)) as [TestHub, Desk];
    a.kv.add('x', 1);
    await h.close();
    hub = null;
    await a.core.fail('office:syncNow', {});
    const status = await a.core.ok('office:status', {});
    expect(status.lastPullError).toMatch(/not reachable/);
    expect(status.words.lastPull).toEqual({ key: 'office.unreachable', params: {} });
  });

  it('as background workers: a write at one desk reaches the other by long poll and tells its screens', async () => {
    hub = await startTestHub();
    const a = await makeDesk('Front desk', { backgroundJobs: true, firstBackupDelayMs: 3_600_000, officeWaitSeconds: 20 });
    const b = await makeDesk('Back office', { backgroundJobs: true, firstBackupDelayMs: 3_600_000, officeWaitSeconds: 20 });
    desks.push(a, b);
    await joinDesk(a, hub);
    await joinDesk(b, hub);
    const notices: ChangeNotice[] = [];
    b.core.subscribe((n) => notices.push(n));
    // Let b's puller settle into a long poll first, so the entry has to be pushed to it.
    await until(() => hub?.requests.some((r) => r.method === 'GET' && r.path === '/v1/journal') ?? false, 10_000, 'b to poll');
    a.kv.add('cash', 1200);
    await until(() => b.kv.value('cash') === 1200, 15_000, 'the entry at desk b');
    await until(() => notices.some((n) => n.channel === KV_CHANNEL), 5_000, 'a change notice');
    expect(notices.some((n) => n.channel === 'office:status')).toBe(true);
    await until(() => a.kv.value('cash') === 1200, 15_000, 'the entry back at desk a');
    expect(a.kv.doubles()).toEqual([]);
    expect(b.kv.doubles()).toEqual([]);
  });
});
