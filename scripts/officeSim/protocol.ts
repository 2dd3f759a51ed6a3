/**
 * What the office simulator (`runOfficeSim.ts`) and one desk process (`deskProcess.ts`) say
 * to each other over the child's IPC channel. Every request carries an id; the desk answers
 * each with the same id. A desk killed with SIGKILL answers nothing: the simulator resends
 * the very same mutation (same request id, same input) once the desk is back.
 */

export type Role = 'admin' | 'cashier';

/** One mutation as the desk will invoke it. */
export type PlannedOp = { channel: string; input: { requestId: string } & Record<string, unknown>; as: Role; kind: string };

export type DeskRequest =
  | { t: 'setupFirst'; relayUrl: string; joinCode: string; passphrase: string; deskName: string; deskCode: string }
  | { t: 'joinLater'; relayUrl: string; joinCode: string; passphrase: string; deskName: string; deskCode: string }
  | { t: 'plan'; seed: number; deskTag: string; opNo: number; without?: string[] }
  | { t: 'invoke'; op: PlannedOp }
  | { t: 'sync' }
  | { t: 'check'; acked: AckedOp[] }
  | { t: 'close' };

export type AckedOp = { desk: string; kind: string; channel: string; requestId: string; id: string | null };

export type OpOutcome = { ok: true; id: string | null } | { ok: false; code: string; message: string };

export type SyncOutcome = { pending: number | null; cursor: number; pushed: number; received: number; online: boolean; stopped: string | null; lastPullError: string | null; lastPushError: string | null };

export type DeskCheck = {
  deskId: string | null;
  tables: { table: string; rows: number; digest: string }[];
  derivedOk: boolean;
  derivedProblems: string[];
  ledgerOk: boolean;
  ledgerViolations: number;
  auditOk: boolean;
  auditChecked: number;
  /** Per desk code: receipt numbers 1..n with no gap and no repeat. */
  receiptSeries: { deskCode: string; count: number; gapFree: boolean }[];
  /** Acknowledged mutations this desk does not hold, or holds more than once. */
  missing: string[];
  doubled: string[];
  conflicts: Record<string, number>;
  payments: number;
};

export type DeskReply = { id: number } & ({ ok: true; value: unknown } | { ok: false; error: string });
