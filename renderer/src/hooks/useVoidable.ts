import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/contract';
import { getApi } from '../api/bridge';
import { invoke } from '../api/invoke';

export type Voidable = OutputOf<'payments:voidable'>['payments'][number];

/**
 * The core's answer, per payment, to "can this still be voided?": the screens offer the Void
 * button only where the void would be accepted, and say in words how to correct the rest.
 * Asked again on every change notice (a refund or a closed drawer changes the answer).
 */
export function useVoidable(paymentIds: readonly string[]): ReadonlyMap<string, Voidable> {
  const key = paymentIds.join(',');
  const [answers, setAnswers] = useState<ReadonlyMap<string, Voidable>>(new Map());
  useEffect(() => {
    const ids = key === '' ? [] : key.split(',');
    if (ids.length === 0) return setAnswers(new Map());
    let stale = false;
    const load = () =>
      void invoke('payments:voidable', { paymentIds: ids.slice(0, 200) }).then((r) => {
        if (!stale && r.ok) setAnswers(new Map(r.value.payments.map((p) => [p.paymentId, p])));
      });
    load();
    const off = getApi().onChange(load);
    return () => {
      stale = true;
      off();
    };
  }, [key]);
  return answers;
}
