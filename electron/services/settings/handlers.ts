import { defineHandlers } from '../../core/handlers';
import { readSettings, writeSettings } from './settingsRepo';

export const settingsHandlers = defineHandlers({
  'settings:get': {
    kind: 'query',
    access: 'staff',
    run: (_input, { store }) => readSettings(store),
  },
  'settings:update': {
    kind: 'mutation',
    access: 'admin',
    run: ({ patch }, ctx) => {
      const before = readSettings(ctx.store);
      writeSettings(ctx.store, patch, ctx.now());
      const after = readSettings(ctx.store);
      const { updatedAt: _b, ...beforeValues } = before;
      const { updatedAt: _a, ...afterValues } = after;
      ctx.audit({ action: 'settings.update', entityType: 'settings', entityId: 'office', before: beforeValues, after: afterValues });
      return after;
    },
  },
});
