import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import type { Core, Session } from '../../../electron/core';
import { readMembership } from '../../../electron/office/transport/membership';
import { lastRestoreSplit } from '../../../electron/office/transport/snapshots';
import { sql } from '../../../electron/store/sql';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';
import { freshDesk, joinFromFirstRun, must, OFFICE_PASSPHRASE, signIn, startRelayOffice, until } from '../../support/office/relayDesks';
import type { RelayOffice } from '../../support/office/relayDesks';
import { makeCashier } from '../catalog/fixtures';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const count = (core: Core, q: ReturnType<typeof sql>): number => core.store.get<{ n: number }>(q)?.n ?? 0;

/** Desk A: the office's first desk, with books (an enrollment, a drawer, payments), uploading a snapshot every `every` entries. */
async function firstDeskWithBooks(office: RelayOffice, every: number) {
  const clock = { at: new Date('2025-03-15T10:00:00Z') };
  const a: TestCore = await makeCore({ now: () => clock.at, officeSnapshotEvery: every, officeWaitSeconds: 1 });
  cleanup.push(() => a.dispose());
  const cashier = makeCashier(a);
  const desk = Object.assign(a, { cashier, clock, setToday: (date: string) => (clock.at = new Date(`${date}T10:00:00Z`)) });
  const { enrollment, items } = await enroll(desk);
  await openDrawer(desk);
  await payCash(desk, enrollment.id, 100_00, { itemIds: [items[0]?.id ?? ''] });
  a.services.officeLink.start();
  await a.ok('office:join', { requestId: rid('join'), relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });
  return { a, desk, clock, enrollment, items };
}

async function caughtUp(core: Core, admin: Session | null): Promise<void> {
  await until(async () => {
    const s = await must(core, 'office:status', {}, admin);
    return s.pending === 0 && s.head !== null && s.cursor >= s.head;
  }, 60_000, 'the desk to catch up');
}

it('desk A uploads a snapshot of its books; the relay prunes what it covers; desk C joins from the snapshot and the tail and holds the same books', async () => {
  const office = await startRelayOffice();
  cleanup.push(() => office.dispose());
  const { a, desk, enrollment, items } = await firstDeskWithBooks(office, 3);

  // More work at A: its entries reach the hub, A is caught up, and past 3 entries it uploads a snapshot.
  await payCash(desk, enrollment.id, 100_00, { itemIds: [items[1]?.id ?? ''] });
  await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Chess club', price: 40_00, currency: 'USD' } });
  await until(async () => (await a.ok('office:status', {})).snapshotCursor > 0, 60_000, "A's snapshot at the hub");
  const snap = await office.store.journal.latestSnapshot(office.org);
  expect(snap?.throughCursor).toBe(readMembership(a.store)?.snapshotCursor);
  expect(count(a, sql`SELECT count(*) AS n FROM office_snapshot_work`)).toBe(0);

  // What the relay holds is ciphertext only: no payer, product or user name in a chunk.
  const chunk = (await office.store.journal.getChunk(office.org, snap?.id ?? '', 0)) ?? '';
  expect(chunk.length).toBeGreaterThan(0);
  expect(Buffer.from(chunk, 'base64url').toString('latin1')).not.toMatch(/Chess|admin|cashier1/);

  // The tail: work after the snapshot.
  const tail = await payCash(desk, enrollment.id, 50_00, { itemIds: [items[2]?.id ?? ''] });
  await caughtUp(a, a.admin);

  // Only A is an active desk and it has everything: the relay prunes through the snapshot.
  const pruned = await office.store.journal.prune(0);
  expect(pruned.entries).toBeGreaterThan(0);
  expect((await office.store.journal.getOffice(office.org))?.prunedThrough).toBe(snap?.throughCursor);

  // Desk C joins at its first start: it starts from the snapshot, then pulls the tail.
  const c = freshDesk({ now: () => new Date('2025-03-15T10:00:00Z') });
  cleanup.push(() => c.dispose());
  await joinFromFirstRun(c.core, office, 'Second window');
  await until(() => count(c.core, sql`SELECT count(*) AS n FROM payments WHERE id = ${tail.id}`) === 1, 60_000, 'the tail at desk C');
  const adminC = await signIn(c.core, 'admin', 'admin-pass');
  await caughtUp(c.core, adminC);
  await caughtUp(a, a.admin);
  const m = readMembership(c.core.store);
  expect(m).toMatchObject({ restored: true, snapshotCursor: snap?.throughCursor });
  // It received the tail only, not the pruned journal.
  expect(m?.received).toBeLessThan(snap?.throughCursor ?? 0);
  // The restore's WAL was copied into the store by the store worker after the commit, not in
  // the COMMIT on the core's thread; then the desk's connection checkpoints as before.
  await until(() => lastRestoreSplit(c.core.store.file)?.checkpointMs != null, 60_000, "the store worker's checkpoint after the restore");
  await until(() => c.core.store.raw.pragma('wal_autocheckpoint', { simple: true }) === 1000, 10_000, 'automatic checkpoints back on');

  const [digestA, digestC] = await Promise.all([must(a, 'office:digest', {}, a.admin), must(c.core, 'office:digest', {}, adminC)]);
  expect(digestC.derived).toEqual({ ok: true, problems: [] });
  expect(digestC.tables).toEqual(digestA.tables);
  expect(await must(c.core, 'ledger:verify', {}, adminC)).toMatchObject({ ok: true });
  expect(await must(c.core, 'audit:verify', {}, adminC)).toMatchObject({ ok: true });
  const detail = await must(c.core, 'enrollments:paymentDetails', { enrollmentId: enrollment.id }, adminC);
  expect(detail.items.map((i) => i.paid)).toEqual([100_00, 100_00, 50_00]);

  // Nothing per desk came over: C keeps its own desk code and holds none of A's tokens or outbox.
  const codeOf = (core: Core) => core.store.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = 'deskCode'`)?.value;
  expect(codeOf(c.core)).not.toBe(codeOf(a));
  expect(count(c.core, sql`SELECT count(*) AS n FROM requests`)).toBeLessThan(count(a, sql`SELECT count(*) AS n FROM requests`));

  // C works on: a payment at C reaches A.
  const cashierC = await signIn(c.core, 'cashier1', 'cashier-pass');
  await must(c.core, 'drawer:open', { requestId: rid('drw'), openingFloat: 20_00 }, cashierC);
  const atC = await must(c.core, 'payments:recordManual', { requestId: rid('pay'), enrollmentId: enrollment.id, method: 'cash', amount: 10_00, currency: 'USD' }, cashierC);
  await until(() => count(a, sql`SELECT count(*) AS n FROM payments WHERE id = ${atC.id}`) === 1, 60_000, "C's payment at A");
  await caughtUp(c.core, adminC);
  await caughtUp(a, a.admin);
  const [again, againC] = await Promise.all([must(a, 'office:digest', {}, a.admin), must(c.core, 'office:digest', {}, adminC)]);
  expect(againC.tables).toEqual(again.tables);
}, 180_000);

it('a tampered snapshot chunk is refused with a clear error and nothing is applied; once the hub holds a good one the desk starts from it', async () => {
  const office = await startRelayOffice();
  cleanup.push(() => office.dispose());
  const { a } = await firstDeskWithBooks(office, 1_000_000);
  await caughtUp(a, a.admin);
  const first = await a.services.officeLink.snapshotNow();
  expect(first).not.toBeNull();

  // The relay's copy of the chunk is changed (one character of its ciphertext).
  const ct = (await office.store.journal.getChunk(office.org, first?.snapshot ?? '', 0)) ?? '';
  tamperChunk(office, first?.snapshot ?? '', `${ct.slice(0, 40)}${ct[40] === 'A' ? 'B' : 'A'}${ct.slice(41)}`);
  expect(await office.store.journal.getChunk(office.org, first?.snapshot ?? '', 0)).not.toBe(ct);

  const c = freshDesk({ now: () => new Date('2025-03-15T10:00:00Z') });
  cleanup.push(() => c.dispose());
  await joinFromFirstRun(c.core, office, 'Second window');
  await until(async () => ((await must(c.core, 'office:status', {}, null)).lastPullError ?? '').includes('snapshot'), 60_000, 'the refusal on Status');
  const status = await must(c.core, 'office:status', {}, null);
  expect(status.lastPullError).toMatch(/snapshot was refused: its piece 1 of \d+ does not open with the office key/);
  expect(count(c.core, sql`SELECT count(*) AS n FROM users`)).toBe(0);
  expect(count(c.core, sql`SELECT count(*) AS n FROM payments`)).toBe(0);
  expect(readMembership(c.core.store)).toMatchObject({ cursor: 0, restored: false });

  // A uploads a newer, good snapshot; C starts from it.
  await a.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Choir', price: 20_00, currency: 'USD' } });
  await caughtUp(a, a.admin);
  expect(await a.services.officeLink.snapshotNow()).not.toBeNull();
  await until(() => count(c.core, sql`SELECT count(*) AS n FROM products WHERE name = 'Choir'`) === 1, 90_000, 'desk C from the good snapshot');
  expect(readMembership(c.core.store)?.restored).toBe(true);
}, 180_000);

/** Changes a stored chunk in the relay's own SQLite file, as someone with the relay's disk could (the relay offers no way to). */
function tamperChunk(office: RelayOffice, snapshot: string, ct: string): void {
  const db = new Database(join(office.dataDir, 'relay.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('UPDATE relay_snapshot_chunks SET ct = ? WHERE snapshot_id = ? AND idx = 0').run(ct, snapshot);
  } finally {
    db.close();
  }
}
