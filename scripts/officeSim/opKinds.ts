/**
 * The kinds of mutation whose rows the simulator counts on every desk (invariant 1: present
 * once, never twice): per kind, the id its answer names and the query that finds that id's row.
 * One table, read by the desk process (the id of an answer) and by the check (its presence).
 */
type Answer = Record<string, unknown>;
type CheckedKind = { idOf: (answer: Answer) => unknown; presence: string };

export const CHECKED_KINDS: Readonly<Record<string, CheckedKind>> = {
  // payments:recordManual and payments:void answer the payment (PaymentView).
  payment: { idOf: (a) => a.id, presence: `SELECT count(*) AS n FROM payments WHERE id = ?` },
  void: { idOf: (a) => a.id, presence: `SELECT count(*) AS n FROM payments WHERE id = ? AND status = 'voided'` },
  // enrollments:create answers the enrollment with its items.
  enrollment: { idOf: (a) => (a.enrollment as Answer | undefined)?.id, presence: `SELECT count(*) AS n FROM enrollments WHERE id = ?` },
  payer: { idOf: (a) => a.id, presence: `SELECT count(*) AS n FROM payers WHERE id = ?` },
  cancel: { idOf: (a) => a.cancellationId, presence: `SELECT count(*) AS n FROM cancellations WHERE id = ?` },
  // refunds:create answers the operation (one refund row per split line).
  refund: { idOf: (a) => a.operationId, presence: `SELECT count(DISTINCT operation_id) AS n FROM refunds WHERE operation_id = ?` },
};

/** The id an acknowledged mutation of `kind` made, or null for a kind the check does not count. */
export function idOf(kind: string, answer: unknown): string | null {
  const k = CHECKED_KINDS[kind];
  if (!k || !answer || typeof answer !== 'object') return null;
  const id = k.idOf(answer as Answer);
  return typeof id === 'string' ? id : null;
}
