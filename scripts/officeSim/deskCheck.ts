import type { Core, Session } from '../../electron/core';
import { CHECKED_KINDS } from './opKinds';
import type { AckedOp, DeskCheck } from './protocol';

/** Invariants 1, 2 and 4 of issue 13 as this desk sees them; the simulator compares desks. */
export async function checkDesk(core: Core, admin: Session, acked: AckedOp[]): Promise<DeskCheck> {
  const must = async <T>(channel: string): Promise<T> => {
    const r = await core.invoke(channel, {}, admin);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as T;
  };
  const digest = await must<{ deskId: string | null; tables: DeskCheck['tables']; derived: { ok: boolean; problems: string[] } }>('office:digest');
  const ledger = await must<{ ok: boolean; violations: unknown[] }>('ledger:verify');
  const audit = await must<{ ok: boolean; checked: number }>('audit:verify');
  const db = core.store.raw;

  const series = db.prepare(`SELECT desk_code AS deskCode, count(*) AS count, count(DISTINCT seq) AS distinctSeq, max(seq) AS maxSeq, min(seq) AS minSeq FROM receipts GROUP BY desk_code ORDER BY desk_code`).all() as {
    deskCode: string;
    count: number;
    distinctSeq: number;
    maxSeq: number;
    minSeq: number;
  }[];

  const missing: string[] = [];
  const doubled: string[] = [];
  for (const op of acked) {
    const query = CHECKED_KINDS[op.kind]?.presence;
    if (!query || !op.id) continue;
    const { n } = db.prepare(query).get(op.id) as { n: number };
    if (n === 0) missing.push(`${op.kind} ${op.id} (${op.requestId} at ${op.desk})`);
    if (n > 1) doubled.push(`${op.kind} ${op.id} (${op.requestId} at ${op.desk})`);
  }
  // A request id makes at most one payment anywhere: a replay after a kill must not pay twice.
  const twice = db.prepare(`SELECT request_id AS requestId, count(*) AS n FROM payments WHERE request_id IS NOT NULL GROUP BY request_id HAVING n > 1`).all() as { requestId: string; n: number }[];
  for (const t of twice) doubled.push(`payment request ${t.requestId} × ${t.n}`);

  const conflicts = Object.fromEntries((db.prepare(`SELECT kind, count(*) AS n FROM office_conflicts GROUP BY kind ORDER BY kind`).all() as { kind: string; n: number }[]).map((r) => [r.kind, r.n]));
  const { n: payments } = db.prepare(`SELECT count(*) AS n FROM payments`).get() as { n: number };

  return {
    deskId: digest.deskId,
    tables: digest.tables,
    derivedOk: digest.derived.ok,
    derivedProblems: digest.derived.problems.slice(0, 10),
    ledgerOk: ledger.ok,
    ledgerViolations: ledger.violations.length,
    auditOk: audit.ok,
    auditChecked: audit.checked,
    receiptSeries: series.map((s) => ({ deskCode: s.deskCode, count: s.count, gapFree: s.distinctSeq === s.count && s.minSeq === 1 && s.maxSeq === s.count })),
    missing,
    doubled,
    conflicts,
    payments,
  };
}
