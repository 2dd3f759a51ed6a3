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
      // Kept as the runtime spells it (`australia/sydney` is Australia/Sydney), so one zone is one value.
      const timeZone = patch.timeZone === undefined ? undefined : new Intl.DateTimeFormat('en-US', { timeZone: patch.timeZone }).resolvedOptions().timeZone;
      writeSettings(ctx.store, { ...patch, ...(timeZone === undefined ? {} : { timeZone }) }, ctx.now());
      const after = readSettings(ctx.store);
      const { updatedAt: _b, ...beforeValues } = before;
      const { updatedAt: _a, ...afterValues } = after;
      ctx.audit({ action: 'settings.update', entityType: 'settings', entityId: 'office', before: beforeValues, after: afterValues });
      return after;
    },
  },
});
