import { settingsWorkload } from './settings';
import type { CrashWorkload } from './types';

/**
 * REGISTRATION POINT — every crash workload, by name. The worker interleaves the chosen
 * ones round-robin. Add a file per workload (see types.ts for the contract) and a line here:
 *   payments (issue 4), refunds through the outbox (issues 4/5), webhook applies (issue 6).
 */
export const crashWorkloads: Record<string, CrashWorkload> = {
  [settingsWorkload.name]: settingsWorkload,
};

export const defaultWorkloads = (): string[] => Object.keys(crashWorkloads);
