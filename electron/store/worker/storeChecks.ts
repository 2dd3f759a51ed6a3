import Database from 'better-sqlite3';
import { verifyAudit } from '../../services/audit/auditLog';
import type { AuditVerification } from '../../services/audit/auditLog';
import { verifyLedger } from '../../services/ledger/verifyLedger';
import type { VerifyResult } from '../../services/ledger/verifyLedger';
import { verifyReportSummaries } from '../../services/reports/verifySummaries';
import { openStore } from '../store';

/**
 * Whole-store checks that read every row (seconds on a big store). They run in the check
 * worker on a connection of their own, so the desk keeps answering while they run.
 *  - `quick_check` / `integrity_check`: SQLite's page checks ('ok' or what failed);
 *  - `audit`, `ledger`, `summaries`: `audit:verify`, `ledger:verify` and the report-summary
 *    proofs, all read inside one read transaction: one snapshot, whatever the desk writes meanwhile.
 */
export type CheckName = 'quick_check' | 'integrity_check' | 'audit' | 'ledger' | 'summaries';

export type CheckResults = {
  quick_check?: string;
  integrity_check?: string;
  audit?: AuditVerification;
  ledger?: VerifyResult;
  summaries?: string[];
};

export type CheckRequest = { file: string; checks: readonly CheckName[]; nativeBinding?: string | undefined };

const pageChecks = ['quick_check', 'integrity_check'] as const;

export function runChecks({ file, checks, nativeBinding }: CheckRequest): CheckResults {
  const results: CheckResults = {};
  for (const name of pageChecks) {
    if (!checks.includes(name)) continue;
    // A raw connection: the page check must run on a file that may not even be a Bursar store.
    const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
    try {
      results[name] = String(db.pragma(name, { simple: true }));
    } finally {
      db.close();
    }
  }
  const rowChecks = checks.filter((c) => c === 'audit' || c === 'ledger' || c === 'summaries');
  if (rowChecks.length === 0) return results;
  const store = openStore({ file, readonly: true, integrityCheck: 'never', ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    store.raw.exec('BEGIN');
    try {
      if (rowChecks.includes('audit')) results.audit = verifyAudit(store);
      if (rowChecks.includes('ledger')) results.ledger = verifyLedger(store);
      if (rowChecks.includes('summaries')) results.summaries = verifyReportSummaries(store);
    } finally {
      store.raw.exec('COMMIT');
    }
  } finally {
    store.close();
  }
  return results;
}
