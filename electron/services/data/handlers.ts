import { join } from 'node:path';
import { defineHandlers } from '../../core/handlers';
import { checkExportFolder, exportAllTables, removeExport } from './exportAll';

export const dataHandlers = defineHandlers({
  'data:exportAll': {
    kind: 'action',
    access: 'admin',
    run: async (input, ctx) => {
      const folder = input.folder ?? join(ctx.services.dataDir, 'exports');
      checkExportFolder(folder);
      const target = join(folder, `bursar-export-${ctx.now().toISOString().replace(/[:.]/g, '-')}`);
      ctx.audit({ action: 'data.exportAll', entityType: 'export', entityId: target, after: { folder: target, bom: input.bom } });
      return ctx.services.jobs.start(
        'data:exportAll',
        ctx.session?.userId ?? null,
        async (control) => {
          await exportAllTables(ctx.store.file, target, input.bom, control, ctx.services.nativeBinding);
          return { output: target, message: 'Every table was written as CSV.' };
        },
        () => removeExport(target),
      );
    },
  },
  'jobs:status': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => ctx.services.jobs.status(input.jobId, ctx.session?.userId ?? null),
  },
  'jobs:cancel': {
    kind: 'query',
    access: 'staff',
    run: (input, ctx) => ctx.services.jobs.cancel(input.jobId, ctx.session?.userId ?? null),
  },
});
