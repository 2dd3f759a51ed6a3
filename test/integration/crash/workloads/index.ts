import { paymentsWorkload } from '../../../support/crash/paymentsWorkload';
import { settingsWorkload } from './settings';
import type { CrashWorkload } from './types';

/**
 * REGISTRATION POINT — every crash workload, by name. The worker interleaves the chosen
 * ones round-robin. Add a file per workload (see types.ts for the contract) and a line here:
 *   payments (issue 4, registered), refunds through the outbox (issues 4/5). Webhook applies
 *   (issue 6) have their own kill test: deskApply.test.ts (the sync worker is not a channel).
 */
export const crashWorkloads: Record<string, CrashWorkload> = {
  [settingsWorkload.name]: settingsWorkload,
  [paymentsWorkload.name]: paymentsWorkload satisfies CrashWorkload,
};

export const defaultWorkloads = (): string[] => Object.keys(crashWorkloads);
