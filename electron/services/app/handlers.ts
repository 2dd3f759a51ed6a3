import { defineHandlers } from '../../core/handlers';
import { setupRequired } from '../auth/setupState';

export const appHandlers = defineHandlers({
  'app:info': {
    kind: 'query',
    access: 'public',
    run: (_input, { store, services }) => ({
      version: services.version,
      dataDir: services.dataDir,
      databaseFile: store.file,
      schemaVersion: store.schemaVersion,
      stripeConfigured: services.stripeConfig() !== null,
      relayConfigured: services.relayConfig() !== null,
      setupRequired: setupRequired(store),
    }),
  },
});
