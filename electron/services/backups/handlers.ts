import { defineHandlers } from '../../core/handlers';
import { readSettings } from '../settings/settingsRepo';

export const backupsHandlers = defineHandlers({
  'backups:list': {
    kind: 'query',
    access: 'admin',
    run: (_input, { store, services }) => {
      const { backupKeepDaily, backupKeepWeekly } = readSettings(store);
      return { folder: services.backups.folder, backups: services.backups.list(), keepDaily: backupKeepDaily, keepWeekly: backupKeepWeekly, lastAutomatic: services.backups.lastAutomatic() };
    },
  },
  'backups:create': {
    kind: 'action',
    access: 'admin',
    run: async (_input, ctx) => {
      const made = await ctx.services.backups.create('manual');
      ctx.audit({ action: 'backup.create', entityType: 'backup', entityId: made.name, after: made });
      return made;
    },
  },
  'backups:restore': {
    kind: 'action',
    access: 'admin',
    run: async (input, ctx) => {
      const result = await ctx.services.backups.restore(input.name);
      // Written into the restored store, so its own trail says when and by whom it was restored.
      ctx.audit({ action: 'backup.restore', entityType: 'backup', entityId: input.name, after: result });
      return result;
    },
  },
});
