import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readMembership } from '../../../electron/office/transport/membership';
import { lastRestoreSplit } from '../../../electron/office/transport/snapshots';
import type { RestoreSplit } from '../../../electron/office/transport/snapshots';
import { sql } from '../../../electron/store/sql';
import { freshDesk, joinFromFirstRun, must, OFFICE_PASSPHRASE, startRelayOffice, until } from '../../../test/support/office/relayDesks';
import { benchStoreDir, copyStore, openBenchCore } from '../fixture';
import type { BenchSuite } from '../types';

const HOUR = 3_600_000;

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The restore's split in one line per part, so where the join's time goes stays measured. */
function splitLines(s: RestoreSplit, seconds: number): string[] {
  const inserts = Object.entries(s.insertMs).sort((a, b) => b[1] - a[1]);
  const insertMs = inserts.reduce((a, [, ms]) => a + ms, 0);
  const downloadMs = s.totalMs - s.applyMs;
  return [
    `officeJoin split: restore ${sec(s.totalMs)} wall, ${sec(s.cpuMs)} process CPU (the relay in this process included); join handshake + tail ${sec(seconds * 1000 - s.totalMs)}`,
    `  download ${sec(downloadMs)}: ${s.chunks} chunks, ${(s.sealedBytes / 1e6).toFixed(1)} MB sealed; waited for chunks ${sec(s.waitMs)}, staged (file + work row) ${sec(s.stageMs)}; overlapping, summed per chunk: hub answers ${sec(s.fetchMs)}, open (AES-GCM) ${sec(s.openMs)}, gunzip ${sec(s.gunzipMs)}`,
    `  applying transaction ${sec(s.applyMs)}: file read ${sec(s.readMs)}, JSON.parse ${sec(s.parseMs)}, inserts ${sec(insertMs)}, derived tables by GROUP BY ${sec(s.derivedMs)}, indexes built after the rows ${sec(s.indexMs)}, then foreign keys and commit ${sec(s.commitMs)}; rest (decode, loop) ${sec(s.applyMs - s.readMs - s.parseMs - insertMs - s.derivedMs - s.indexMs - s.commitMs)}`,
    `  derived tables by GROUP BY: ${Object.entries(s.derivedBy).map(([g, ms]) => `${g} ${sec(ms)}`).join(', ')}`,
    `  the WAL copied into the store after the commit, in the store worker beside the tail: ${s.checkpointMs === null ? 'still running when the join was done' : sec(s.checkpointMs)}`,
    `  inserts: ${inserts.slice(0, 8).map(([t, ms]) => `${t} ${sec(ms)} (${s.rowsBy[t] ?? 0} rows)`).join(', ')}`,
  ];
}

/**
 * Issue 13: a new desk joins the 100k-enrollment / 1M-payment office from its snapshot and
 * the journal tail, ≤ 5 min. Desk A (a copy of the bench store) joins a real relay (SQLite, in
 * this process) as the office's first desk: its books are far too large for one seed entry, so
 * they go up as the office's first snapshot; then a tail of entries at A. Timed: a fresh desk's
 * `office:join` until it holds the office's books and the hub's head (download, open, apply in
 * one transaction, then the tail). `--quick` runs it on the quick store.
 */
export const officeJoinSuite: BenchSuite = {
  name: 'officeJoin',
  async prepare(ctx) {
    const dir = join(ctx.workDir, 'office-join-a');
    // Joining writes to the store: a copy of its own, so the other suites' store stays out of any office.
    mkdirSync(dir, { recursive: true });
    // From --store itself when given (copied, never written): one 5 GB copy instead of two.
    copyStore(ctx.storeDir ?? (await benchStoreDir(ctx)), dir);
    const office = await startRelayOffice('bench-join');
    const { core: a, admin } = await openBenchCore(dir);
    const desks: { dispose(): void }[] = [];
    const done = async () => {
      for (const d of desks) d.dispose();
      a.close();
      await office.dispose();
    };
    try {
      a.services.officeLink.start();
      let t = Date.now();
      await must(a, 'office:join', { requestId: 'bench-join-a', relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName: 'Front desk' }, admin);
      ctx.log(`officeJoin: desk A joined, its books cut into a seed snapshot in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      t = Date.now();
      await until(() => readMembership(a.store)?.seedPending === false, 2 * HOUR, "desk A's seed snapshot at the hub");
      const snap = await office.store.journal.latestSnapshot(office.org);
      ctx.log(`officeJoin: seed snapshot uploaded in ${((Date.now() - t) / 1000).toFixed(1)} s (${snap?.chunks} chunks, ${((snap?.bytes ?? 0) / 1e6).toFixed(1)} MB)`);
      // The tail: work at A after the snapshot, which a new desk pulls as entries.
      for (let i = 0; i < 200; i += 1) {
        await must(a, 'products:create', { requestId: `bench-join-prd-${i}`, product: { type: 'course', name: `Tail course ${i}`, price: 10_00 + i, currency: 'USD' } }, admin);
      }
      await until(() => a.services.office.unsentCount() === 0, HOUR, "desk A's tail at the hub");
      return {
        cases: [
          {
            kind: 'sampled',
            name: 'officeJoin: a new desk joins the office from its snapshot and the journal tail',
            source: 'issue 13',
            unit: 's',
            targets: [{ kind: 'maxValue', value: 300 }],
            notes: 'one join per run (the full store is 1M payments); the tail is 200 entries',
            async sample() {
              const c = freshDesk({ officeWaitSeconds: 1 });
              desks.push(c);
              const head = (await office.store.journal.getOffice(office.org))?.headCursor ?? 0;
              const t0 = Date.now();
              await joinFromFirstRun(c.core, office, 'New desk');
              await until(() => {
                const m = readMembership(c.core.store);
                return m !== null && m.restored && m.cursor >= head && c.core.store.get(sql`SELECT 1 AS one FROM products WHERE name = 'Tail course 199'`) !== undefined;
              }, 2 * HOUR, 'the new desk to hold the office');
              const seconds = (Date.now() - t0) / 1000;
              const n = c.core.store.get<{ n: number }>(sql`SELECT count(*) AS n FROM payments`)?.n ?? 0;
              ctx.log(`officeJoin: the new desk holds ${n} payments after ${seconds.toFixed(1)} s`);
              const split = lastRestoreSplit(c.core.store.file);
              if (split) for (const line of splitLines(split, seconds)) ctx.log(line);
              return [seconds];
            },
          },
        ],
        cleanup: done,
      };
    } catch (e) {
      await done();
      throw e;
    }
  },
};
