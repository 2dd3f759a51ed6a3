import type { OfficeConflictKind } from '../../../shared/contract/officeJournal';
import type { OutputOf } from '../../../shared/contract';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

type ConflictRow = { id: string; kind: OfficeConflictKind; entity_type: string; entity_id: string; detail_json: string; resolved_at: string | null; note: string | null; by_name: string | null };
type Words = { payerName: string | null; productName: string | null; amount: number | null; currency: string | null; value: string | null; renamedTo: string | null };
export type ConflictView = OutputOf<'office:resolveConflict'>;

const NONE: Words = { payerName: null, productName: null, amount: null, currency: null, value: null, renamedTo: null };

/** Whose money, which product, how much: read from the rows the conflict names, so the screen needs no ids. */
function wordsOf(store: Store, kind: OfficeConflictKind, entityType: string, entityId: string, detail: Record<string, unknown>): Words {
  const ofEnrollment = (enrollmentId: string) => store.get<{ payerName: string; productName: string; currency: string }>(sql`SELECT p.name AS payerName, pr.name AS productName, e.currency
    FROM enrollments e JOIN payers p ON p.id = e.payer_id JOIN products pr ON pr.id = e.product_id WHERE e.id = ${enrollmentId}`);
  const ofPayment = (paymentId: string) => store.get<{ enrollmentId: string }>(sql`SELECT enrollment_id AS enrollmentId FROM payments WHERE id = ${paymentId}`)?.enrollmentId;
  const num = (v: unknown) => (typeof v === 'number' ? v : null);
  switch (kind) {
    case 'same_item_paid': {
      const e = store.get<{ enrollmentId: string }>(sql`SELECT enrollment_id AS enrollmentId FROM schedule_items WHERE id = ${entityId}`);
      const w = e ? ofEnrollment(e.enrollmentId) : undefined;
      return { ...NONE, payerName: w?.payerName ?? null, productName: w?.productName ?? null, amount: num(detail.excess), currency: w?.currency ?? null };
    }
    case 'duplicate_enrollment':
    case 'double_cancellation':
    case 'duplicate_subscription': {
      const w = ofEnrollment(entityId);
      return { ...NONE, payerName: w?.payerName ?? null, productName: w?.productName ?? null, currency: w?.currency ?? null };
    }
    case 'payment_on_cancelled_enrollment':
    case 'refunds_exceed_payment': {
      const enrollmentId = entityType === 'payment' ? ofPayment(entityId) : store.get<{ id: string }>(sql`SELECT enrollment_id AS id FROM schedule_items WHERE id = ${entityId}`)?.id;
      const w = enrollmentId ? ofEnrollment(enrollmentId) : undefined;
      return { ...NONE, payerName: w?.payerName ?? null, productName: w?.productName ?? null, amount: num(kind === 'refunds_exceed_payment' ? detail.owed : detail.toCredit), currency: w?.currency ?? (typeof detail.currency === 'string' ? detail.currency : null) };
    }
    case 'duplicate_value': {
      const value = typeof detail.value === 'string' ? detail.value : null;
      const renamedTo = typeof detail.renamedTo === 'string' ? detail.renamedTo : null;
      const payerName = entityType === 'payers' ? (store.get<{ name: string }>(sql`SELECT name FROM payers WHERE id = ${entityId}`)?.name ?? null) : entityType === 'users' ? (store.get<{ name: string }>(sql`SELECT display_name AS name FROM users WHERE id = ${entityId}`)?.name ?? null) : null;
      const productName = entityType === 'products' ? (store.get<{ name: string }>(sql`SELECT name FROM products WHERE id = ${entityId}`)?.name ?? null) : null;
      return { ...NONE, payerName, productName, value, renamedTo };
    }
    default:
      return NONE;
  }
}

function viewOf(store: Store, r: ConflictRow): ConflictView {
  const detail = JSON.parse(r.detail_json) as Record<string, unknown>;
  return {
    id: r.id, kind: r.kind, entityType: r.entity_type, entityId: r.entity_id, detail, resolvedAt: r.resolved_at,
    ...wordsOf(store, r.kind, r.entity_type, r.entity_id, detail),
    resolution: r.resolved_at && r.note !== null ? { note: r.note, by: r.by_name, at: r.resolved_at } : null,
  };
}

/** A conflict's first resolution (two desks may each resolve it; both notes stay in the office's books). */
const SELECT = sql`SELECT c.id, c.kind, c.entity_type, c.entity_id, c.detail_json, r.resolved_at, r.note, u.display_name AS by_name
  FROM office_conflicts c
  LEFT JOIN office_resolutions r ON r.id = (SELECT id FROM office_resolutions WHERE conflict_id = c.id ORDER BY resolved_at, id LIMIT 1)
  LEFT JOIN users u ON u.id = r.resolved_by`;

export function listConflicts(store: Store, open: boolean): ConflictView[] {
  return store.all<ConflictRow>(sql`${SELECT} ${open ? sql`WHERE r.id IS NULL` : sql``} ORDER BY c.rowid DESC LIMIT 500`).map((r) => viewOf(store, r));
}

export function getConflict(store: Store, id: string): ConflictView | null {
  const r = store.get<ConflictRow>(sql`${SELECT} WHERE c.id = ${id}`);
  return r ? viewOf(store, r) : null;
}
