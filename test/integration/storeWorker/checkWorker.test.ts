import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/store/migrations';
import { pendingMigrations } from '../../../electron/store/pendingMigrations';
import { openStore } from '../../../electron/store/store';
import type { WorkerReply } from '../../../electron/store/worker/storeWorker';
import { createStoreWorker } from '../../../electron/store/worker/storeWorkerClient';
import type { CheckResults } from '../../../electron/store/worker/storeChecks';
import { enroll, makeCashierCore, openDrawer, payCash } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';

/** The latest change time of any file under `dir`. */
const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((max, e) => Math.max(max, e.isDirectory() ? newestSource(join(e.parentPath, e.name)) : statSync(join(e.parentPath, e.name)).mtimeMs), 0);

let core: CashierCore | null = null;
afterEach(() => {
  core?.dispose();
  core = null;
});

async function deskWithPayments(): Promise<{ core: CashierCore; enrollmentId: string }> {
  const c = await makeCashierCore();
  core = c;
  const { enrollment } = await enroll(c);
  await openDrawer(c);
  for (const amount of [40_00, 60_00, 25_00]) await payCash(c, enrollment.id, amount);
  return { core: c, enrollmentId: enrollment.id };
}

describe('whole-store checks run off the desk’s thread', () => {
  it('a payment taken while ledger:verify and audit:verify run is answered before them, and both still prove the books', async () => {
    const { core: c, enrollmentId } = await deskWithPayments();
    const order: string[] = [];
    const track = <T>(name: string, p: Promise<T>) => p.then((v) => {
      order.push(name);
      return v;
    });
    const ledger = track('ledger:verify', c.ok('ledger:verify', {}));
    const audit = track('audit:verify', c.ok('audit:verify', {}));
    const payment = track('payments:recordManual', payCash(c, enrollmentId, 10_00));
    const [l, a, p] = await Promise.all([ledger, audit, payment]);
    // Before, both checks ran to the end on the desk's thread before the payment was even read.
    expect(order[0]).toBe('payments:recordManual');
    expect(p.amount).toBe(10_00);
    expect(l.ok).toBe(true);
    expect(l.violations).toEqual([]);
    expect(l.checked.payments).toBeGreaterThanOrEqual(3);
    expect(a.ok).toBe(true);
    expect(a.checked).toBeGreaterThan(5);
    // A check after the payment sees it.
    expect((await c.ok('ledger:verify', {})).checked.payments).toBe(4);
  });

  it('the checks read what the desk committed and name what was edited outside the app', async () => {
    const { core: c, enrollmentId } = await deskWithPayments();
    c.store.raw.prepare('UPDATE schedule_items SET paid_amount = paid_amount + 1 WHERE enrollment_id = ? AND paid_amount > 0').run(enrollmentId);
    const l = await c.ok('ledger:verify', {});
    expect(l.ok).toBe(false);
    expect(l.violations.map((v) => v.check)).toContain('item');
    const seq = (c.store.raw.prepare(`SELECT seq FROM audit_log WHERE action = 'payment.record' ORDER BY seq LIMIT 1`).get() as { seq: number }).seq;
    c.store.raw.exec('DROP TRIGGER audit_log_no_update');
    c.store.raw.prepare(`UPDATE audit_log SET actor_name = 'someone else' WHERE seq = ?`).run(seq);
    const a = await c.ok('audit:verify', {});
    expect(a.firstBroken?.seq).toBe(seq);
  });

  it('a runner reports a file that is not a database as a failed check, and keeps working after', async () => {
    const { core: c } = await deskWithPayments();
    const runner = createStoreWorker();
    try {
      const bogus = join(c.dataDir, 'not-a-database.sqlite');
      (await import('node:fs')).writeFileSync(bogus, 'this is not SQLite '.repeat(400));
      await expect(runner.check(bogus, ['integrity_check'])).rejects.toThrow(/not a database/);
      const results = await runner.check(c.store.file, ['quick_check', 'ledger', 'summaries']);
      expect(results.quick_check).toBe('ok');
      expect(results.ledger?.ok).toBe(true);
      expect(results.summaries).toEqual([]);
    } finally {
      await runner.close();
    }
  });

  // The desktop app loads the bundled worker (out/main/storeWorker.js), not the sources: run
  // that very file under plain Node against a real store. `npm test` builds it first; a
  // bundle older than the sources (vitest run alone after an edit) is not what ships.
  const built = resolve(import.meta.dirname, '../../../out/main/storeWorker.js');
  it.skipIf(!existsSync(built) || statSync(built).mtimeMs < newestSource(resolve(import.meta.dirname, '../../../electron')))('the bundled store worker runs the checks and upgrades an older store step by step', async () => {
    const { core: c } = await deskWithPayments();
    const worker = new Worker(built);
    try {
      const older = join(c.dataDir, 'older.sqlite');
      openStore({ file: older, migrations: migrations.slice(0, 10) }).close();
      const upgrade = await new Promise<WorkerReply[]>((res, rej) => {
        const replies: WorkerReply[] = [];
        const onMessage = (r: WorkerReply) => {
          replies.push(r);
          if (r.done) {
            worker.off('message', onMessage);
            res(replies);
          }
        };
        worker.on('message', onMessage);
        worker.once('error', rej);
        worker.postMessage({ id: 6, kind: 'upgrade', file: older });
      });
      expect(upgrade.map((r) => (r.done ? (r.ok ? 'done' : r.message) : `${r.step.step}/${r.step.of} ${r.step.name}`))).toEqual([
        ...migrations.slice(10).map((m, i, rest) => `${i + 1}/${rest.length} ${m.name}`),
        'done',
      ]);
      expect(pendingMigrations(older)).toEqual([]);

      const reply = await new Promise<{ id: number; done: boolean; ok: boolean; results: CheckResults }>((res, rej) => {
        worker.once('message', res);
        worker.once('error', rej);
        worker.postMessage({ id: 7, kind: 'checks', request: { file: c.store.file, checks: ['quick_check', 'audit', 'ledger'] } });
      });
      expect(reply.id).toBe(7);
      expect(reply.done).toBe(true);
      expect(reply.ok).toBe(true);
      expect(reply.results.quick_check).toBe('ok');
      expect(reply.results.audit?.ok).toBe(true);
      expect(reply.results.ledger?.checked.payments).toBe(3);
    } finally {
      await worker.terminate();
    }
  });
});
