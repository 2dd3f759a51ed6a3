import { fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createCore, DATABASE_FILE } from '../../../../electron/core';
import { sql } from '../../../../electron/store/sql';
import { openStore } from '../../../../electron/store/store';
import { nodeCommandFor } from '../../../../scripts/lib/bundleEntry';
import { makeCore, rid, tempDir } from '../../../support/core';
import { must, OFFICE_PASSPHRASE, startRelayOffice, until } from '../../../support/office/relayDesks';
import { makeCashier } from '../../catalog/fixtures';
import { enroll, openDrawer, payCash } from '../../cashier/fixtures';
import type { RestoreWorkerArgs } from './restoreWorker';

const WORKER = resolve(import.meta.dirname, 'restoreWorker.ts');
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** What the new desk's file holds: the office's books, its restore's progress. */
function look(dataDir: string) {
  const store = openStore({ file: join(dataDir, DATABASE_FILE) });
  try {
    const n = (q: ReturnType<typeof sql>) => store.get<{ n: number }>(q)?.n ?? 0;
    return {
      users: n(sql`SELECT count(*) AS n FROM users`),
      payments: n(sql`SELECT count(*) AS n FROM payments`),
      ledger: n(sql`SELECT count(*) AS n FROM ledger_entries`),
      restored: n(sql`SELECT restored AS n FROM office_membership`),
      cursor: n(sql`SELECT cursor AS n FROM office_membership`),
      piecesFetched: (JSON.parse(store.get<{ p: string }>(sql`SELECT pieces_json AS p FROM office_snapshot_work WHERE direction = 'down'`)?.p ?? '[]') as number[]).length,
    };
  } finally {
    store.close();
  }
}

it('a new desk killed with SIGKILL while it fetches and while it applies the office snapshot resumes, with no half state, to the same books', async () => {
  const office = await startRelayOffice();
  cleanups.push(() => office.dispose());
  const clock = { at: new Date('2025-03-15T10:00:00Z') };
  // Small pieces: the snapshot travels as many chunks.
  const a = await makeCore({ now: () => clock.at, officeSnapshotEvery: 1_000_000, officeSnapshotPieceBytes: 4_000, officeWaitSeconds: 1 });
  cleanups.push(() => a.dispose());
  const desk = Object.assign(a, { cashier: makeCashier(a), clock, setToday: (d: string) => (clock.at = new Date(`${d}T10:00:00Z`)) });
  await openDrawer(desk);
  for (let i = 0; i < 4; i += 1) {
    const { enrollment, items } = await enroll(desk);
    await payCash(desk, enrollment.id, 100_00, { itemIds: [items[0]?.id ?? ''] });
  }
  a.services.officeLink.start();
  await a.ok('office:join', { requestId: rid('join'), relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' });
  await until(async () => {
    const s = await a.ok('office:status', {});
    return s.pending === 0 && s.head !== null && s.cursor >= s.head;
  }, 60_000, 'desk A at the hub');
  const snap = await a.services.officeLink.snapshotNow();
  expect(snap?.chunks).toBeGreaterThan(3);
  const head = (await office.store.journal.getOffice(office.org))?.headCursor ?? 0;

  // Desk C joins at its first start; its link runs only in the child.
  const dataDir = tempDir('bursar-restore-');
  const c = createCore({ dataDir, checkOutput: true, logError: () => {} });
  await must(c, 'office:join', { requestId: rid('join'), relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Second window' }, null);
  c.close();

  const worker = await nodeCommandFor(WORKER, { inlinePackages: true });
  cleanups.push(() => worker.dispose());
  const run = (kill: RestoreWorkerArgs['kill']) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((done) => {
      const [script, ...loader] = [...worker.args].reverse();
      const proc = fork(script as string, [JSON.stringify({ dataDir, kill, head } satisfies RestoreWorkerArgs)], { execArgv: loader.reverse(), stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
      const timer = setTimeout(() => proc.kill('SIGKILL'), 120_000);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        done({ code, signal, stderr });
      });
    });

  // Killed after fetching two chunks: nothing applied; the chunks fetched are kept.
  const first = await run('download');
  expect(first.signal, first.stderr).toBe('SIGKILL');
  const afterDownload = look(dataDir);
  expect(afterDownload).toMatchObject({ users: 0, payments: 0, ledger: 0, restored: 0, cursor: 0 });
  expect(afterDownload.piecesFetched).toBeGreaterThanOrEqual(2);

  // Killed inside the transaction that applies it: still nothing applied, every chunk fetched.
  const second = await run('apply');
  expect(second.signal, second.stderr).toBe('SIGKILL');
  expect(look(dataDir)).toMatchObject({ users: 0, payments: 0, ledger: 0, restored: 0, cursor: 0, piecesFetched: snap?.chunks });

  // Run on: the restore completes, then the tail.
  const third = await run('none');
  expect(third.code, third.stderr).toBe(0);
  const done = look(dataDir);
  expect(done).toMatchObject({ restored: 1, payments: 4, piecesFetched: 0 });
  expect(done.cursor).toBeGreaterThanOrEqual(head);

  const again = createCore({ dataDir, checkOutput: true, logError: () => {} });
  cleanups.push(() => again.close());
  const adminC = again.sessionFor(again.store.get<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`)?.id ?? '');
  await a.ok('office:syncNow', {});
  const [digestA, digestC] = await Promise.all([must(a, 'office:digest', {}, a.admin), must(again, 'office:digest', {}, adminC)]);
  expect(digestC.derived).toEqual({ ok: true, problems: [] });
  expect(digestC.tables).toEqual(digestA.tables);
  expect(await must(again, 'ledger:verify', {}, adminC)).toMatchObject({ ok: true });
  expect(await must(again, 'audit:verify', {}, adminC)).toMatchObject({ ok: true });
}, 300_000);
