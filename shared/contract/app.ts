import { z } from 'zod';
import { Empty } from '../schemas';
import { channel } from './define';

export const appContract = {
  'app:info': channel({
    summary: 'Version, data folder, schema version and what is configured.',
    input: Empty,
    output: z.object({
      version: z.string(),
      dataDir: z.string(),
      databaseFile: z.string(),
      schemaVersion: z.number().int(),
      stripeConfigured: z.boolean(),
      relayConfigured: z.boolean(),
      setupRequired: z.boolean(),
    }),
  }),
};
