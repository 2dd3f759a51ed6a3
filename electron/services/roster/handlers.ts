import { defineHandlers } from '../../core/handlers';
import type { HandlerContext } from '../../core/handlers';
import { AppError, refuseAs } from '../../core/errors';
import { newId } from '../../store/ids';
import type { Store } from '../../store/store';
import type { RosterMode, RosterProblem, RosterReport } from '../../../shared/contract/roster';
import { BundleProblem, openBundle } from './bundle';
import type { Bundle } from './bundle';
import { Cancelled, runRoster } from './rosterRun';
import { finishImport, insertImport, listFlagged, listImports, readMapping, writeMapping } from './rosterRepo';

type Progress = { phase: 'checking' | 'applying' | 'done' | 'cancelled'; bytesDone: number; bytesTotal: number; rows: number; cancel: boolean };

/** Imports under way, by request id: the screen polls `roster:progress` and may `roster:cancel`. */
const running = new Map<string, Progress>();
/** One import at a time per store: two would race on the same sourcedIds. */
const busy = new WeakSet<Store>();

const emptyReport = (mode: RosterMode, digest: string, p: BundleProblem): RosterReport => ({
  version: null,
  digest,
  mode,
  counts: { products: { new: 0, changed: 0, unchanged: 0, remove: 0 }, payers: { new: 0, changed: 0, unchanged: 0, remove: 0 }, enrollments: { new: 0, changed: 0, unchanged: 0, remove: 0 } },
  ignored: 0,
  kept: [],
  problems: [{ file: p.file, line: p.line, field: p.field, message: p.message, key: p.key, params: p.params as RosterProblem['params'] }],
  problemCount: 1,
});

async function withBundle<T>(path: string, mode: RosterMode, fn: (bundle: Bundle) => Promise<T>, onProblem: (r: RosterReport) => T): Promise<T> {
  let bundle: Bundle;
  try {
    bundle = await openBundle(path);
  } catch (e) {
    if (e instanceof BundleProblem) return onProblem(emptyReport(mode, '', e));
    throw e;
  }
  try {
    return await fn(bundle);
  } finally {
    bundle.close();
  }
}

/** Every problem at once, as fields `file:line:field`, so the screen and a test can name them. */
function refuse(report: RosterReport): AppError {
  const first = report.problems[0];
  const where = first ? `${first.file}${first.line > 0 ? ` line ${first.line}` : ''}, ${first.field}: ${first.message}` : '';
  const fields = Object.fromEntries(report.problems.map((p) => [`${p.file}:${p.line}:${p.field}`, p.message]));
  // Each problem's words by key, so the window shows them in its language.
  const fieldKeys = Object.fromEntries(report.problems.flatMap((p) => (p.key ? [[`${p.file}:${p.line}:${p.field}`, { key: p.key, params: p.params ?? {} }]] : [])));
  return new AppError('VALIDATION', `The bundle has ${report.problemCount} problem${report.problemCount === 1 ? '' : 's'}; nothing was imported. ${where}`, {
    fields,
    fieldKeys,
    details: { problems: report.problemCount },
    key: 'roster.bundleProblems',
    params: { count: report.problemCount },
  });
}

async function importBundle(input: { requestId: string; path: string; mode: RosterMode }, ctx: HandlerContext) {
  const { store } = ctx;
  if (busy.has(store)) throw refuseAs('CONFLICT', 'roster.busy', {});
  busy.add(store);
  const progress: Progress = { phase: 'checking', bytesDone: 0, bytesTotal: 0, rows: 0, cancel: false };
  running.set(input.requestId, progress);
  try {
    return await withBundle(input.path, input.mode, async (bundle) => {
      const mapping = readMapping(store);
      progress.bytesTotal = bundle.totalBytes * 2;
      const base = { store, mapping, mode: input.mode, onBytes: (n: number) => (progress.bytesDone += n), onRows: (n: number) => (progress.rows = n), cancelled: () => progress.cancel };
      const check = await runRoster(bundle, { ...base, write: null });
      if (check.report.problemCount > 0) throw refuse(check.report);
      if (progress.cancel) throw refuseAs('CONFLICT', 'roster.cancelled', {});
      // Nothing differs from the store: a re-import of the same bundle needs no second pass.
      const nothingToDo = check.pending === 0;
      progress.phase = 'applying';
      const importId = newId('rim');
      const actorName = ctx.session?.username ?? 'system';
      store.transaction(() => {
        insertImport(store, { id: importId, requestId: input.requestId, mode: input.mode, sourceName: bundle.name, digest: bundle.digest, actorId: ctx.session?.userId ?? null, actorName }, ctx.now());
        ctx.audit({ action: 'roster.import.start', entityType: 'roster_import', entityId: importId, after: { importId, mode: input.mode, source: bundle.name, digest: bundle.digest, mapping } });
      });
      try {
        const result = nothingToDo ? check : await runRoster(bundle, { ...base, write: { ctx, importId } });
        store.transaction(() => {
          finishImport(store, importId, 'done', result.report.counts, ctx.now());
          ctx.audit({ action: 'roster.import.finish', entityType: 'roster_import', entityId: importId, after: { importId, state: 'done', counts: result.report.counts, applied: result.applied, problems: result.report.problemCount } });
        });
        progress.phase = 'done';
        ctx.services.notify('roster:import');
        return { importId, state: 'done' as const, report: result.report, applied: result.applied };
      } catch (e) {
        const state = e instanceof Cancelled ? 'cancelled' : 'failed';
        store.transaction(() => {
          finishImport(store, importId, state, null, ctx.now());
          ctx.audit({ action: `roster.import.${state === 'cancelled' ? 'cancel' : 'fail'}`, entityType: 'roster_import', entityId: importId, after: { importId, state } });
        });
        ctx.services.notify('roster:import');
        if (e instanceof Cancelled) {
          progress.phase = 'cancelled';
          return { importId, state: 'cancelled' as const, report: check.report, applied: 0 };
        }
        throw e;
      }
    }, (report) => {
      throw refuse(report);
    });
  } finally {
    busy.delete(store);
    running.delete(input.requestId);
  }
}

export const rosterHandlers = defineHandlers({
  'roster:mapping': {
    kind: 'query',
    access: 'admin',
    run: (_input, { store }) => readMapping(store),
  },
  'roster:saveMapping': {
    kind: 'mutation',
    access: 'admin',
    run: ({ mapping }, ctx) => {
      const before = readMapping(ctx.store);
      writeMapping(ctx.store, mapping, ctx.now());
      ctx.audit({ action: 'roster.mapping.save', entityType: 'roster_mapping', entityId: '1', before, after: mapping });
      return mapping;
    },
  },
  'roster:preview': {
    kind: 'query',
    access: 'admin',
    run: ({ path, mode }, { store }) =>
      withBundle(path, mode, async (bundle) => {
        const result = await runRoster(bundle, { store, mapping: readMapping(store), mode, write: null, onBytes: () => undefined, onRows: () => undefined, cancelled: () => false });
        return result.report;
      }, (report) => report),
  },
  'roster:import': {
    kind: 'action',
    access: 'admin',
    run: (input, ctx) => importBundle(input, ctx),
  },
  'roster:progress': {
    kind: 'query',
    access: 'admin',
    run: ({ requestId }) => {
      const p = running.get(requestId);
      return p ? { phase: p.phase, bytesDone: p.bytesDone, bytesTotal: p.bytesTotal, rows: p.rows } : null;
    },
  },
  'roster:cancel': {
    kind: 'mutation',
    access: 'admin',
    run: ({ importRequestId }, ctx) => {
      const p = running.get(importRequestId);
      if (!p || p.phase === 'done') return { cancelled: false };
      p.cancel = true;
      ctx.audit({ action: 'roster.import.cancelRequested', entityType: 'roster_import', entityId: importRequestId, after: { importRequestId } });
      return { cancelled: true };
    },
  },
  'roster:history': {
    kind: 'query',
    access: 'admin',
    run: ({ limit }, { store }) => ({ imports: listImports(store, limit) }),
  },
  'roster:flagged': {
    kind: 'query',
    access: 'admin',
    run: ({ limit }, { store }) => ({ enrollments: listFlagged(store, limit) }),
  },
});
