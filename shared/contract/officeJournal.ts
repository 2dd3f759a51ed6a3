import { z } from 'zod';
import { Empty, Id, RequestId, RequiredText } from '../schemas';
import { channel } from './define';

export const OfficeConflictView = z.object({
  id: z.string(),
  kind: z.enum(['same_item_paid', 'duplicate_enrollment', 'payment_on_cancelled_enrollment', 'refunds_exceed_payment', 'duplicate_value', 'plan_rules_replaced', 'double_cancellation', 'duplicate_subscription']),
  entityType: z.string(),
  entityId: z.string(),
  detail: z.unknown(),
  resolvedAt: z.string().nullable(),
  /** What the case is about, for words on screen (no ids): whose money, which product, how much. */
  payerName: z.string().nullable(),
  productName: z.string().nullable(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  /** For a value made twice: the value, and what the later row now holds. */
  value: z.string().nullable(),
  renamedTo: z.string().nullable(),
  resolution: z.object({ note: z.string(), by: z.string().nullable(), at: z.string() }).nullable(),
});

export type OfficeConflictKind = z.infer<typeof OfficeConflictView>['kind'];

export const officeJournalContract = {
  'office:digest': channel({
    summary: "A canonical digest of each office table, equal on every desk once converged, and whether derived tables equal their GROUP BY (admin).",
    input: Empty,
    output: z.object({
      deskId: z.string().nullable(),
      tables: z.array(z.object({ table: z.string(), rows: z.number().int(), digest: z.string() })),
      derived: z.object({ ok: z.boolean(), problems: z.array(z.string()) }),
    }),
  }),
  'office:conflicts': channel({
    summary: 'Conflicts between desks that the office order resolved or that need an admin, newest first (admin).',
    input: z.strictObject({ open: z.boolean().default(true) }),
    output: z.object({ conflicts: z.array(OfficeConflictView) }),
  }),
  'office:resolveConflict': channel({
    summary: 'Mark a flagged conflict resolved with a note, after the usual flows set it right (admin). Every desk of the office sees it resolved.',
    input: z.strictObject({ requestId: RequestId, conflictId: Id, note: RequiredText(1000) }),
    output: OfficeConflictView,
  }),
};
