import { defineHandlers } from '../../core/handlers';
import { countUsers } from '../auth/usersRepo';

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
      setupRequired: countUsers(store) === 0,
    }),
  },
});
