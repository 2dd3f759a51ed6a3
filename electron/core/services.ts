import { join } from 'node:path';
import { createLoginThrottle } from '../services/auth/loginThrottle';
import type { LoginThrottle } from '../services/auth/loginThrottle';
import { createBackupService } from '../services/backups/backupService';
import type { BackupService, StoreVerifier } from '../services/backups/backupService';
import type { Store } from '../store/store';
import { createJobs } from './jobs';
import type { Jobs } from './jobs';

/** Long-lived collaborators the handlers share; each domain adds its own here. */
export type Services = {
  readonly dataDir: string;
  readonly version: string;
  readonly stripeConfigured: () => boolean;
  readonly relayConfigured: () => boolean;
  readonly loginThrottle: LoginThrottle;
  readonly backups: BackupService;
  /** Whole-store invariant checks (ledger, …) run before a backup may be restored. */
  readonly verifiers: StoreVerifier[];
  readonly jobs: Jobs;
  readonly nativeBinding: string | undefined;
};

export type ServiceOptions = { dataDir: string; version: string; now: () => Date; nativeBinding?: string; logError: (message: string, error: unknown) => void };

export function createServices(store: Store, options: ServiceOptions): Services {
  const verifiers: StoreVerifier[] = [];
  return {
    dataDir: options.dataDir,
    version: options.version,
    stripeConfigured: () => false,
    relayConfigured: () => false,
    loginThrottle: createLoginThrottle(),
    backups: createBackupService(store, {
      folder: join(options.dataDir, 'backups'),
      now: options.now,
      verifiers: () => verifiers,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    }),
    verifiers,
    jobs: createJobs(options.logError),
    nativeBinding: options.nativeBinding,
  };
}
