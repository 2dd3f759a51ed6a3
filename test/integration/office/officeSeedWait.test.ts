import type { FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { readMembership } from '../../../electron/office/transport/membership';
import { sql } from '../../../electron/store/sql';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { freshDesk, joinFromFirstRun, must, OFFICE_PASSPHRASE, signIn, startRelayOffice, until } from '../../support/office/relayDesks';
import { makeCashier } from '../catalog/fixtures';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const count = (core: Core, q: ReturnType<typeof sql>): number => core.store.get<{ n: number }>(q)?.n ?? 0;

type Seen = { method: string; path: string; token: string; done: boolean };

/**
 * Holds the requests `hold` picks at the relay until released (the first desk's seed upload, as
 * on a slow line), and notes who asked for what and whether it was answered.
 */
function requestGate(hold: (method: string, path: string) => boolean) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const seen: Seen[] = [];
  let held = 0;
  return {
    seen,
    held: () => held,
    release,
    install(app: FastifyInstance) {
      app.addHook('onRequest', async (request, reply) => {
        const path = request.url.split('?')[0] ?? '';
        const row: Seen = { method: request.method, path, token: (request.headers.authorization ?? '').replace(/^Bearer /, ''), done: false };
        seen.push(row);
        reply.raw.once('close', () => (row.done = true));
        if (hold(request.method, path)) {
          held += 1;
          await released;
        }
      });
    },
  };
}

/** Desk A, the office's first desk: books above the (lowered) seed-entry limit, so it seeds the office by snapshot. */
async function firstDeskSeedingBySnapshot(url: string, code: string) {
  const clock = { at: new Date('2025-03-15T10:00:00Z') };
  const a = await makeCore({ now: () => clock.at, officeWaitSeconds: 1, officeSeedEntryMaxRows: 5, officeSnapshotEvery: 1_000_000 });
  cleanup.push(() => a.dispose());
  const desk = Object.assign(a, { cashier: makeCashier(a), clock, setToday: (date: string) => (clock.at = new Date(`${date}T10:00:00Z`)) });
  const { enrollment, items } = await enroll(desk);
  await openDrawer(desk);
  await payCash(desk, enrollment.id, 100_00, { itemIds: [items[0]?.id ?? ''] });
  a.services.officeLink.start();
  await a.ok('office:join', { requestId: rid('join'), relayUrl: url, joinCode: code, passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });
  expect(readMembership(a.store)).toMatchObject({ seeded: true, seedPending: true });
  return { a, clock, enrollment };
}

/** Both desks caught up with nothing pending: the same office data (digests), and B's books verify. */
async function sameBooks(a: TestCore, b: Core, enrollmentId: string): Promise<void> {
  expect(readMembership(b.store)).toMatchObject({ restored: true, snapshotCursor: 0 });
  const adminB = await signIn(b, 'admin', 'admin-pass');
  await until(async () => {
    const [sa, sb] = await Promise.all([must(a, 'office:status', {}, a.admin), must(b, 'office:status', {}, adminB)]);
    return sa.pending === 0 && sb.pending === 0 && sa.head !== null && sa.cursor >= sa.head && sb.cursor >= (sa.head ?? Infinity) && sb.snapshot === null;
  }, 60_000, 'both desks caught up');
  const [digestA, digestB] = await Promise.all([must(a, 'office:digest', {}, a.admin), must(b, 'office:digest', {}, adminB)]);
  expect(digestB.derived).toEqual({ ok: true, problems: [] });
  expect(digestB.tables).toEqual(digestA.tables);
  const detail = await must(b, 'enrollments:paymentDetails', { enrollmentId }, adminB);
  expect(detail.items.map((i) => i.paid)).toEqual([100_00, 0, 0]);
  expect(await must(b, 'ledger:verify', {}, adminB)).toMatchObject({ ok: true });
}

const CHUNK_PUT = /^\/v1\/snapshots\/[^/]+\/chunks\/\d+$/;

it("a desk that joins while the first desk's seed snapshot is still uploading waits for it (pulls and pushes nothing, says so), then starts from it and holds the same books", async () => {
  const gate = requestGate((method, path) => method === 'PUT' && CHUNK_PUT.test(path));
  const office = await startRelayOffice('office-1', { beforeListen: (app) => gate.install(app) });
  cleanup.push(() => office.dispose());
  const { a, clock, enrollment } = await firstDeskSeedingBySnapshot(office.url, await office.code());
  // Its upload is under way and held; A works on meanwhile (its entry waits behind the seed).
  await until(() => gate.held() > 0, 60_000, "A's seed upload held at the relay");
  // A new product stands on its own: a desk that applied it as its start would hold something and never ask for the seed again.
  const later = await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Chess club', price: 40_00, currency: 'USD' } });
  expect((await office.store.journal.getOffice(office.org))?.headCursor).toBe(0);

  // Desk B joins at its first start while the seed is on its way.
  const b = freshDesk({ now: () => clock.at });
  cleanup.push(() => b.dispose());
  await joinFromFirstRun(b.core, office, 'Back office');
  const tokenB = b.core.services.secrets.get('office.token') ?? '';
  await until(async () => (await must(b.core, 'office:status', {}, null)).snapshot?.phase === 'waiting', 60_000, 'B waiting for the seed on its status');
  // It keeps asking (rounds of its link), and meanwhile pulls nothing, sends nothing and holds
  // nothing of the office (its own join, audited, may have gone up before it knew to wait).
  const fromB = (method: string, path: string) => gate.seen.filter((r) => r.token === tokenB && r.method === method && r.path === path).length;
  const asked = () => fromB('GET', '/v1/snapshots/latest');
  const before = asked();
  const pushes = fromB('POST', '/v1/journal');
  await until(() => asked() >= before + 2, 60_000, 'B asking again for the seed');
  const status = await must(b.core, 'office:status', {}, null);
  expect(status).toMatchObject({ snapshot: { phase: 'waiting', done: 0, total: 0 }, cursor: 0, lastPullError: null, online: true });
  expect(fromB('GET', '/v1/journal')).toBe(0);
  expect(fromB('POST', '/v1/journal')).toBe(pushes);
  expect(readMembership(b.core.store)).toMatchObject({ cursor: 0, restored: false, received: 0 });
  expect(count(b.core, sql`SELECT count(*) AS n FROM users`)).toBe(0);
  expect(count(b.core, sql`SELECT count(*) AS n FROM payments`)).toBe(0);
  expect(count(b.core, sql`SELECT count(*) AS n FROM office_entries WHERE desk <> ${readMembership(b.core.store)?.desk ?? ''}`)).toBe(0);

  // The line clears: A finishes its seed and sends its later product; B starts from the seed, then the tail.
  gate.release();
  await until(() => count(b.core, sql`SELECT count(*) AS n FROM products WHERE id = ${later.id}`) === 1, 90_000, "A's later product at B");
  await sameBooks(a, b.core, enrollment.id);
}, 180_000);

it("a desk whose poll was held while the first desk started, sent and finished its seed takes the seed, not the journal's next page, as its start", async () => {
  // A's seed is not even started at the relay (its first request for it is held) when B first asks.
  const gate = requestGate((method, path) => method === 'POST' && path === '/v1/snapshots');
  const office = await startRelayOffice('office-1', { beforeListen: (app) => gate.install(app) });
  cleanup.push(() => office.dispose());
  const { a, clock, enrollment } = await firstDeskSeedingBySnapshot(office.url, await office.code());
  await until(() => gate.held() > 0, 60_000, "A's seed start held at the relay");
  const later = await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Chess club', price: 40_00, currency: 'USD' } });

  // B joins with a long poll: told there is no snapshot (nothing of the seed has reached the relay), it polls the journal.
  const b = freshDesk({ now: () => clock.at, officeWaitSeconds: 25 });
  cleanup.push(() => b.dispose());
  await joinFromFirstRun(b.core, office, 'Back office');
  const tokenB = b.core.services.secrets.get('office.token') ?? '';
  const head = async () => (await office.store.journal.getOffice(office.org))?.headCursor ?? -1;
  await until(async () => {
    const parked = gate.seen.some((r) => r.token === tokenB && r.method === 'GET' && r.path === '/v1/journal' && !r.done);
    return parked && readMembership(b.core.store)?.cursor === (await head()) && (await must(b.core, 'office:status', {}, null)).pending === 0;
  }, 60_000, "B's poll held at the relay, caught up with the journal");
  expect((await must(b.core, 'office:status', {}, null)).snapshot).toBeNull();

  // A's seed goes up whole and its product follows: B's held poll wakes with the product, but B
  // sees a snapshot now exists and starts from it instead.
  gate.release();
  await until(() => count(b.core, sql`SELECT count(*) AS n FROM products WHERE id = ${later.id}`) === 1, 90_000, "A's later product at B");
  await sameBooks(a, b.core, enrollment.id);
}, 180_000);
