import { z } from 'zod';
import { Empty, IsoDateTime, ShortText } from '../schemas';
import { channel } from './define';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  /** The desk's own work (no signed-in user: late fees, Stripe, the desk itself), so a person who happens to be called `system` is never shown as the desk. */
  bySystem: z.boolean(),
  overrideBy: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const auditContract = {
  'audit:list': channel({
    summary: 'The audit trail, newest first, filtered (admin).',
    input: z.strictObject({
      entityType: ShortText(40).optional(),
      entityId: ShortText(64).optional(),
      actor: ShortText(40).optional(),
      action: ShortText(60).optional(),
      from: IsoDateTime.optional(),
      to: IsoDateTime.optional(),
      beforeSeq: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    output: z.object({ entries: z.array(AuditEntry), nextBeforeSeq: z.number().int().nullable() }),
  }),
  'audit:verify': channel({
    summary: 'Re-walks the hash chain and names the first broken entry (admin).',
    input: Empty,
    output: z.object({ ok: z.boolean(), checked: z.number().int(), firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable() }),
  }),
};
