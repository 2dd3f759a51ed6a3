import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_FILE } from '../../../electron/core';
import { cleanCloseMarker } from '../../../electron/store/cleanClose';
import { verifyAudit } from '../../../electron/services/audit/auditLog';
import { bareInsertBaseline } from '../baselines/bareInsert';
import { tableScanBaseline } from '../baselines/tableScan';
import { benchStoreDir, openBenchCore } from '../fixture';
import { disposeOpenProbe, runOpenProbe } from '../probes/runProbe';
import type { ProbeFigures } from '../probes/runProbe';
import type { BenchSuite } from '../types';

/** Bytes of the rows one mutation wrote: its requests row, its audit entries and the rows it changed. */
function rowBytesOf(db: import('better-sqlite3').Database, requestId: string): number[] {
  const req = db.prepare(`SELECT length(request_id) + length(channel) + length(input_hash) + length(result_json) + coalesce(length(actor_id), 0) + length(created_at) AS n
    FROM requests WHERE request_id = ?`).get(requestId) as { n: number } | undefined;
  const audits = db.prepare(`SELECT length(at) + coalesce(length(actor_id), 0) + length(actor_name) + length(action) + length(entity_type) + coalesce(length(entity_id), 0)
      + coalesce(length(request_id), 0) + coalesce(length(before_json), 0) + coalesce(length(after_json), 0) + length(prev_hash) + length(hash) + 8 AS n
    FROM audit_log WHERE request_id = ?`).all(requestId) as { n: number }[];
  if (!req) throw new Error(`no requests row for ${requestId}`);
  return [req.n, ...audits.map((a) => a.n)];
}

/** What exists since the foundation: a recorded mutation, the first queries, opening the store, memory. */
export const foundationSuite: BenchSuite = {
  name: 'foundation',
  async prepare(ctx) {
    const n = (quick: number, full: number) => (ctx.quick ? quick : full);
    const dataDir = await benchStoreDir(ctx);
    let { core, admin } = await openBenchCore(dataDir);
    // Fresh processes open the store while nothing else holds it (the bench's own core is
    // closed meanwhile), alternately after a clean close (the previous probe's) and after a
    // crash (its clean-close note removed). Run once, when the first open case is sampled.
    let probes: Promise<(ProbeFigures & { how: string })[]> | null = null;
    const probeAll = () => {
      probes ??= (async () => {
        core.close();
        const out: (ProbeFigures & { how: string })[] = [];
        for (let i = 0; i < n(2, 5) * 2; i++) {
          if (i % 2 === 0) rmSync(cleanCloseMarker(join(dataDir, DATABASE_FILE)), { force: true });
          out.push(await runOpenProbe(dataDir));
        }
        ({ core, admin } = await openBenchCore(dataDir));
        return out;
      })();
      return probes;
    };
    const openMs = async (checked: boolean) => (await probeAll()).filter((p) => p.integrityChecked === checked).map((p) => p.openMs);

    // One real update to learn the row sizes the baseline must write. settings:update
    // upserts one settings row (~60 B) besides its requests and audit rows.
    const probeId = `bench-probe-${Date.now()}`;
    const first = await core.invoke('settings:update', { requestId: probeId, patch: { officeName: 'Bench Office 0' } }, admin);
    if (!first.ok) throw new Error(`settings:update failed: ${first.error.message}`);
    const rowBytes = [...rowBytesOf(core.store.raw, probeId), 60];
    const runTag = Date.now().toString(36);

    return {
      cases: [
        {
          kind: 'timed',
          name: 'settings:update via invoke (idempotency + audit + FULL sync)',
          source: 'issue 4 rule for recorded mutations',
          iterations: n(200, 2_000),
          run: (i) => core.invoke('settings:update', { requestId: `bench-${runTag}-${i}`, patch: { officeName: `Bench Office ${i}` } }, admin),
          baseline: bareInsertBaseline({ name: `bare insert ${rowBytes.length} rows (${rowBytes.join('+')} B), WAL FULL, 1 txn`, dir: ctx.workDir, rowBytes, iterations: n(200, 2_000) }),
          targets: [{ kind: 'ratioMax', max: 2 }],
        },
        { kind: 'timed', name: 'app:info via invoke', iterations: n(500, 5_000), run: () => core.invoke('app:info', {}, admin) },
        { kind: 'timed', name: 'settings:get via invoke', iterations: n(500, 5_000), run: () => core.invoke('settings:get', {}, admin) },
        {
          kind: 'sampled',
          name: 'store open in a fresh process after a clean close (createCore to ready)',
          unit: 'ms',
          sample: () => openMs(false),
          notes: 'history and schema checked; quick_check skipped: the file is as the last close left it',
        },
        {
          kind: 'sampled',
          name: 'store open in a fresh process after a crash (quick_check of every page)',
          unit: 'ms',
          sample: () => openMs(true),
          notes: 'page cache is warm after seeding; a first start after boot is slower',
        },
        {
          kind: 'sampled',
          name: 'core RSS after open + first queries (fresh process)',
          source: 'issue 7',
          unit: 'MB',
          sample: async () => (await probeAll()).map((p) => p.rssAfterQueriesMb),
          notes: 'bundled probe in plain node (no TypeScript loader); after app:info, settings:get and dashboard:stats',
          targets: [{ kind: 'maxValue', value: 150 }],
        },
        {
          kind: 'timed',
          name: 'audit chain verify (verifyAudit) over the whole log',
          iterations: n(3, 5),
          warmup: 1,
          run: () => verifyAudit(core.store),
          baseline: tableScanBaseline({ file: join(dataDir, DATABASE_FILE), table: 'audit_log', iterations: n(3, 5) }),
          notes: 'hashes every entry; no target in the issues',
        },
      ],
      cleanup: async () => {
        core.close();
        await disposeOpenProbe();
      },
    };
  },
};
