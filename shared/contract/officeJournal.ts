import { z } from 'zod';
import { Empty } from '../schemas';
import { channel } from './define';

export const OfficeConflictView = z.object({
  id: z.string(),
  kind: z.enum(['same_item_paid', 'duplicate_enrollment', 'payment_on_cancelled_enrollment', 'refunds_exceed_payment', 'duplicate_value', 'plan_rules_replaced']),
  entityType: z.string(),
  entityId: z.string(),
  detail: z.unknown(),
  resolvedAt: z.string().nullable(),
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
};
