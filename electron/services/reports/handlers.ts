import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { invalidAs, refuseAs } from '../../core/errors';
import { defineHandlers } from '../../core/handlers';
import { checkExportFolder } from '../data/exportAll';
import { officeDate } from '../settings/officeDate';
import { agingReport } from './aging';
import { dashboardStats } from './dashboard';
import { depositsReport, drawerSessionsReport } from './drawerReports';
import { exportFileName, runReportTable } from './runReport';
import { tableCsv, writeTableCsv } from './exportReport';
import { productPerformance } from './productPerformance';
import { revenueReport } from './revenue';
import { statusBreakdown } from './statusBreakdown';
import { checkTableAccess, tableExportFileName, writeTableExport } from './tableExport';

/** Larger files stay in their folder: passing them through the window would hold them in memory twice. */
const MAX_WINDOW_DOWNLOAD_BYTES = 200 * 1024 * 1024;
const EXPORT_JOBS = new Set(['reports:export', 'reports:exportTable']);

export const reportsHandlers = defineHandlers({
  'reports:revenue': { kind: 'query', access: 'admin', run: (input, { store }) => revenueReport(store, input) },
  'reports:statusBreakdown': { kind: 'query', access: 'admin', run: (input, { store, now }) => statusBreakdown(store, input, officeDate(store, now())) },
  'reports:productPerformance': { kind: 'query', access: 'admin', run: (input, { store }) => productPerformance(store, input) },
  'reports:aging': { kind: 'query', access: 'admin', run: (input, { store, now }) => agingReport(store, input, officeDate(store, now())) },
  'reports:drawerSessions': { kind: 'query', access: 'admin', run: (input, { store }) => drawerSessionsReport(store, input) },
  'reports:deposits': { kind: 'query', access: 'admin', run: (input, { store }) => depositsReport(store, input) },
  'dashboard:stats': { kind: 'query', access: 'staff', run: (_input, { store, services, now }) => dashboardStats(store, services, officeDate(store, now())) },
  'reports:export': {
    // Without a folder the CSV goes back to the window, which saves it as a download (the
    // same in Electron and the browser host, and nothing is left on the desk's disk); with a
    // folder a job writes the file with progress and cancel, for exports too big to pass around.
    kind: 'action',
    access: 'admin',
    run: async (input, ctx) => {
      const at = ctx.now();
      const fileName = exportFileName(input.request, at);
      const folder = input.folder ?? (input.job ? join(ctx.services.dataDir, 'exports') : null);
      if (folder) checkExportFolder(folder);
      // Computed before any file exists: bad filters are refused with nothing written.
      const table = runReportTable(ctx.store, input.request, officeDate(ctx.store, at));
      if (!folder) return { kind: 'text' as const, fileName, csv: tableCsv(table, input.bom), rows: table.rows.length };
      const file = join(folder, fileName);
      ctx.audit({ action: 'reports.export', entityType: 'export', entityId: file, after: { report: input.request.report, rows: table.rows.length } });
      const job = ctx.services.jobs.start(
        'reports:export',
        ctx.session?.userId ?? null,
        async (control) => {
          await writeTableCsv(table, file, input.bom, control);
          return { output: file, message: `${table.rows.length} rows written.` };
        },
        () => rmSync(file, { force: true }),
      );
      return { kind: 'job' as const, fileName, job };
    },
  },
  'reports:exportTable': {
    // Always a job, whatever the size: a table screen can hold 400k rows, and the job gives the
    // window progress and cancel; the window then downloads the finished file (reports:exportFile).
    kind: 'action',
    access: 'staff',
    run: async (input, ctx) => {
      checkTableAccess(input.request, ctx);
      const folder = input.folder ?? join(ctx.services.dataDir, 'exports');
      checkExportFolder(folder);
      const fileName = tableExportFileName(input.request, ctx.now());
      const file = join(folder, fileName);
      ctx.audit({ action: 'reports.exportTable', entityType: 'export', entityId: file, after: { table: input.request.table, filters: input.request.filters } });
      const job = ctx.services.jobs.start(
        'reports:exportTable',
        ctx.session?.userId ?? null,
        async (control) => {
          const rows = await writeTableExport(input.request, ctx, file, input.bom, control);
          return { output: file, message: `${rows} rows written.` };
        },
        () => rmSync(file, { force: true }),
      );
      return { fileName, job };
    },
  },
  'reports:exportFile': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => {
      const job = ctx.services.jobs.status(input.jobId, ctx.session?.userId ?? null);
      if (!EXPORT_JOBS.has(job.kind)) throw invalidAs('jobId', 'export.notOneFile', {});
      if (job.state !== 'done' || !job.output) throw refuseAs('CONFLICT', 'export.notDone', { state: job.state });
      if (statSync(job.output).size > MAX_WINDOW_DOWNLOAD_BYTES) throw refuseAs('CONFLICT', 'export.tooLarge', { path: job.output });
      return { fileName: basename(job.output), csv: readFileSync(job.output, 'utf8') };
    },
  },
});
