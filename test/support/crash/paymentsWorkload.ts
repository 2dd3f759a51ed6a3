import type { Core, Session } from '../../../electron/core';
import { verifyLedger } from '../../../electron/services/ledger/verifyLedger';
import { findPaymentByRequestId } from '../../../electron/services/payments/paymentsRepo';
import { insertItems } from '../../../electron/services/schedules/scheduleItemsRepo';
import { sql } from '../../../electron/store/sql';
import type { Store } from '../../../electron/store/store';

/**
 * A crash workload for the proof harness (branch `harness`, test/integration/crash):
 * structurally its `CrashWorkload`, so registering it there is one line:
 *   `[paymentsWorkload.name]: paymentsWorkload` in workloads/index.ts.
 *
 * Setup makes enrollments with fixed ids (`crash-enr-0..9`, a bulk path through the
 * schedule repo with the same invariants) so that `step(i)` stays a pure function of `i`,
 * and opens the drawer. Steps are manual payments by cash, check, transfer and terminal.
 */
type Step = { requestId: string; channel: string; input: unknown };
type Ack = { workload: string; i: number; requestId: string; channel: string };

const PREFIX = 'crash-pay-';
const ENROLLMENTS = 10;
const METHODS = ['cash', 'check', 'bank_transfer', 'card_terminal'] as const;
const enrollmentOf = (i: number) => `crash-enr-${i % ENROLLMENTS}`;
const amountOf = (i: number) => 10_00 + ((i * 3_7) % 50_00);

export const paymentsWorkload = {
  name: 'payments',

  async setup(core: Core, admin: Session): Promise<void> {
    const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const product = must(await core.invoke('products:create', { requestId: 'crash-setup-product', product: { type: 'course', name: 'Crash course', price: 1_000_00, currency: 'USD' } }, admin));
    const plan = must(await core.invoke('plans:create', { requestId: 'crash-setup-plan', plan: { productId: product.id, name: 'Full', terms: { kind: 'full', firstDue: { rule: 'enrollment_date' } } } }, admin));
    const at = new Date();
    const ts = at.toISOString();
    for (let k = 0; k < ENROLLMENTS; k++) {
      const payer = must(await core.invoke('payers:create', { requestId: `crash-setup-payer-${k}`, payer: { name: `Crash payer ${k}` } }, admin));
      const id = enrollmentOf(k);
      core.store.transaction(() => {
        core.store.run(sql`INSERT INTO enrollments (id, payer_id, product_id, plan_id, status, currency, enrolled_on, list_price, discount_amount, total_amount, created_at, updated_at)
          VALUES (${id}, ${payer.id}, ${product.id}, ${plan.id}, 'active', 'USD', ${ts.slice(0, 10)}, 1000000, 0, 1000000, ${ts}, ${ts})`);
        insertItems(core.store, { enrollmentId: id, productId: product.id, payerId: payer.id, currency: 'USD' }, [{ seq: 1, kind: 'full', dueDate: ts.slice(0, 10), amount: 1_000_00 * 10 }], at);
      });
    }
    must(await core.invoke('drawer:open', { requestId: 'crash-setup-drawer', openingFloat: 100_00 }, admin));
  },

  step(i: number): Step {
    const method = METHODS[i % METHODS.length] ?? 'cash';
    const amount = amountOf(i);
    const requestId = `${PREFIX}${i}`;
    return {
      requestId,
      channel: 'payments:recordManual',
      input: {
        requestId, enrollmentId: enrollmentOf(i), method, amount, currency: 'USD',
        ...(method === 'cash' ? { tendered: amount + 5_00 } : {}),
        ...(method === 'check' ? { check: { number: `C${i}` } } : {}),
        ...(method === 'bank_transfer' || method === 'card_terminal' ? { reference: `R${i}` } : {}),
      },
    };
  },

  /** Every acknowledged payment is stored once and whole; everything committed is whole; the books balance. */
  verify(store: Store, acknowledged: readonly Ack[]): string[] {
    const problems: string[] = [];
    for (const ack of acknowledged) {
      if (ack.workload !== 'payments') continue;
      const n = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM payments WHERE request_id = ${ack.requestId}`)?.n ?? 0;
      if (n !== 1) problems.push(`payment ${ack.requestId} was acknowledged but is stored ${n} times`);
    }
    const committed = store.all<{ request_id: string }>(sql`SELECT request_id FROM payments WHERE request_id LIKE ${`${PREFIX}%`}`);
    for (const { request_id: requestId } of committed) {
      const i = Number(requestId.slice(PREFIX.length));
      const p = findPaymentByRequestId(store, requestId);
      if (!p) continue;
      if (p.amount !== amountOf(i) || p.enrollmentId !== enrollmentOf(i)) problems.push(`payment ${requestId} holds ${p.amount} on ${p.enrollmentId}, not its request`);
      const allocated = p.allocations.reduce((s, a) => s + a.amount, 0);
      if (allocated + p.creditCreated !== p.amount + p.creditApplied) problems.push(`payment ${requestId} allocates ${allocated} + credit ${p.creditCreated} of ${p.amount}`);
    }
    const ledger = verifyLedger(store);
    for (const v of ledger.violations) problems.push(`ledger:verify ${v.check} ${v.entityType} ${v.entityId ?? ''}: ${v.message}`);
    return problems;
  },
};
