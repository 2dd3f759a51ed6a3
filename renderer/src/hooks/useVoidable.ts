import type { OutputOf } from '../../../shared/contract';
import { windowWords } from '../api/invoke';
import { useChannelQuery } from '../query/useChannelQuery';

export type Voidable = OutputOf<'payments:voidable'>['payments'][number];

/**
 * The core's answer, per payment, to "can this still be voided?": the screens offer the Void
 * button only where the void would be accepted, and say in words how to correct the rest.
 * Read again on every change notice (a refund or a closed drawer changes the answer). While
 * unknown or refused, no Void is offered (the list's own read shows its errors).
 */
const NONE: ReadonlyMap<string, Voidable> = new Map();
/**
 * Module-level, so the map is built once per answer, not once per render. The reason is worded
 * here from its key in the window's language (the core's `reason` is English); a change of
 * language remounts the screens, so their queries select again.
 */
const byPayment = (v: OutputOf<'payments:voidable'>): ReadonlyMap<string, Voidable> =>
  new Map(v.payments.map((p) => [p.paymentId, { ...p, reason: p.reason === null ? null : windowWords(p.key, p.params, p.reason) }]));

export function useVoidable(paymentIds: readonly string[]): ReadonlyMap<string, Voidable> {
  const ids = paymentIds.slice(0, 200);
  const query = useChannelQuery('payments:voidable', { paymentIds: ids }, {
    enabled: ids.length > 0,
    select: byPayment,
  });
  return ids.length > 0 ? (query.data ?? NONE) : NONE;
}
