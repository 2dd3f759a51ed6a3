import { createPeriodicJob } from '../../core/periodicJob';
import type { PeriodicJob } from '../../core/periodicJob';
import type { Store } from '../../store/store';
import { appendAudit } from '../audit/auditLog';
import type { AuditEntryInput } from '../audit/auditLog';
import { readSetting } from '../settings/settingsRepo';
import { postDueLateFees } from './postDueLateFees';

/** Who the audit names for fees the desk posts by itself. */
export const LATE_FEE_RULE_ACTOR = { id: null, name: 'late-fee rule' };

export type LateFeeJob = PeriodicJob<{ posted: number }>;

/**
 * With "post late fees automatically" on (Settings), applies the plans' late-fee rule: every
 * fee due today is posted, a batch per transaction, each audited by the rule with its reason,
 * and the screens are told. Off (the default), it does nothing: an admin posts fees.
 */
export function createLateFeeJob(options: { store: Store; now: () => Date; logError: (message: string, error: unknown) => void; onChanged: () => void }): LateFeeJob {
  const { store, now } = options;
  const ctx = { store, now, audit: (entry: AuditEntryInput) => appendAudit(store, now(), LATE_FEE_RULE_ACTOR, null, entry) };
  return createPeriodicJob('late fees', async () => {
    let posted = 0;
    for (let more = true; more; ) {
      // Off the caller's turn (the core's start, a settings save) and between batches: the desk answers meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      if (!readSetting(store, 'lateFeesAutomatic')) break;
      const batch = store.transaction(() => postDueLateFees(ctx));
      posted += batch.posted.length;
      more = batch.more;
    }
    if (posted > 0) options.onChanged();
    return { posted };
  }, 60 * 60_000, options.logError);
}
