import { canonicalJson } from '../../core/canonicalJson';
import { statements } from './journalContext';
import type { Origins } from './journalContext';
import type { JournalContext } from './journalContext';
import { derivedId } from './sameItemPaid';

/**
 * Conflicts that need an admin rather than an adjustment, flagged when an entry takes its
 * place in the office order. "Concurrent" is decided by the order alone: an entry with a
 * cursor after `seen` of another was unknown to that other's desk when it was written.
 * The flag's id derives from what it is about, so every desk flags the same case once.
 *
 * - duplicate_enrollment: the same payer enrolled in the same product at two desks; both
 *   enrollments are kept (the admin cancels one through the usual flow).
 * - duplicate_subscription: a Stripe subscription for one enrollment set up at two desks at
 *   once; both are real at Stripe, both rows stand, the later in office order is flagged (the
 *   admin cancels one). The live-subscription index is a plain one since migration 0029.
 * - double_cancellation: one enrollment cancelled at two desks. Both cancellations stand with
 *   their refunds (money may have left twice; refundExcess.ts charges the payer what was
 *   released beyond what was paid); the later in office order is flagged.
 * (A payment for an enrollment cancelled meanwhile is flagged by cancelledEnrollment.ts,
 * which also moves its money to credit.)
 */
export function createFlagRules(ctx: JournalContext) {
  const stmt = statements(ctx.db);
  const flag = (kind: string, entityType: string, entityId: string, detail: unknown, entryId: string, ...about: string[]) =>
    stmt(`INSERT INTO office_conflicts (id, kind, entity_type, entity_id, detail_json, entry_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
      .run(derivedId('cf', kind, ...about), kind, entityType, entityId, canonicalJson(detail), entryId);


  /** `origins`: the rows this entry originated (journalContext.ts `indexEntryRows`). */
  function evaluate(entryId: string, cursor: number, seen: number, origins: Origins): number {
    let flagged = 0;
    for (const enrollmentId of origins.get('enrollments') ?? []) {
      const others = stmt(`SELECT o.id FROM enrollments e JOIN enrollments o ON o.payer_id = e.payer_id AND o.product_id = e.product_id AND o.id <> e.id
        JOIN office_row_origin r ON r.tbl = 'enrollments' AND r.pk = o.id JOIN office_entries oe ON oe.id = r.entry_id
        WHERE e.id = ? AND oe.cursor > ? AND oe.cursor < ? ORDER BY o.id`).all(enrollmentId, seen, cursor) as { id: string }[];
      for (const o of others) {
        const pair = [enrollmentId, o.id].sort();
        flag('duplicate_enrollment', 'enrollment', pair[0] ?? enrollmentId, { enrollmentIds: pair }, entryId, ...pair);
        flagged += 1;
      }
    }
    for (const cancellationId of origins.get('cancellations') ?? []) {
      const earlier = stmt(`SELECT o.id, c.enrollment_id AS enrollmentId FROM cancellations c JOIN cancellations o ON o.enrollment_id = c.enrollment_id AND o.id <> c.id
        JOIN office_row_origin r ON r.tbl = 'cancellations' AND r.pk = o.id JOIN office_entries oe ON oe.id = r.entry_id
        WHERE c.id = ? AND oe.cursor < ? ORDER BY o.id`).all(cancellationId, cursor) as { id: string; enrollmentId: string }[];
      for (const o of earlier) {
        flag('double_cancellation', 'enrollment', o.enrollmentId, { cancellationIds: [o.id, cancellationId] }, entryId, o.id, cancellationId);
        flagged += 1;
      }
    }
    // A Stripe subscription for one enrollment set up at two desks, neither knowing of the other's
    // (both are real at Stripe and bill the payer): both rows stand, the later is flagged.
    for (const subscriptionId of origins.get('stripe_subscriptions') ?? []) {
      const others = stmt(`SELECT o.id, s.enrollment_id AS enrollmentId FROM stripe_subscriptions s JOIN stripe_subscriptions o ON o.enrollment_id = s.enrollment_id AND o.id <> s.id
        JOIN office_row_origin r ON r.tbl = 'stripe_subscriptions' AND r.pk = o.id JOIN office_entries oe ON oe.id = r.entry_id
        WHERE s.id = ? AND oe.cursor > ? AND oe.cursor < ? ORDER BY o.id`).all(subscriptionId, seen, cursor) as { id: string; enrollmentId: string }[];
      for (const o of others) {
        const pair = [subscriptionId, o.id].sort();
        flag('duplicate_subscription', 'enrollment', o.enrollmentId, { subscriptionIds: pair }, entryId, ...pair);
        flagged += 1;
      }
    }
    // Two desks replaced the plan rules without knowing of each other: the later list won (applyOps.ts).
    for (const replaced of origins.get('plan_rules.replace') ?? []) {
      const others = stmt(`SELECT r.entry_id AS id FROM office_row_origin r JOIN office_entries oe ON oe.id = r.entry_id
        WHERE r.tbl = 'plan_rules.replace' AND oe.cursor > ? AND oe.cursor < ? ORDER BY oe.cursor`).all(seen, cursor) as { id: string }[];
      for (const o of others) {
        flag('plan_rules_replaced', 'plan_rules', replaced, { keptList: 'later' }, entryId, o.id, replaced);
        flagged += 1;
      }
    }
    return flagged;
  }

  return { evaluate };
}
