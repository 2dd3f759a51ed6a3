import { createCore } from '../../electron/core';
import type { Session } from '../../electron/core';
import type { Host } from './fixtures';

/**
 * Puts a course, a plan, a payer and an enrollment in the running desk's store through a
 * second core on the same SQLite file.
 */
export async function seedEnrollment(host: Host, paidByTransfer = 0): Promise<void> {
  const core = createCore({ dataDir: host.dataDir });
  try {
    const row = core.store.raw.prepare(`SELECT id, username, display_name FROM users WHERE role = 'admin'`).get() as { id: string; username: string; display_name: string };
    const admin: Session = { userId: row.id, username: row.username, displayName: row.display_name, role: 'admin' };
    const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
      if (!r.ok) throw new Error(r.error.message);
      return r.value;
    };
    const product = must(await core.invoke('products:create', { requestId: 'seed-product-1', product: { type: 'course', name: 'Welding 101', price: 300_00, currency: 'USD', startDate: '2999-01-01', endDate: '2999-06-30' } }, admin));
    const plan = must(await core.invoke('plans:create', { requestId: 'seed-plan-1', plan: { productId: product.id, name: 'Three months', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }, admin));
    const payer = must(await core.invoke('payers:create', { requestId: 'seed-payer-1', payer: { name: 'Dana Student', email: 'dana@example.org', phone: '555-0101' } }, admin));
    const enrollment = must(await core.invoke('enrollments:create', { requestId: 'seed-enroll-1', payerId: payer.id, productId: product.id, planId: plan.id }, admin));
    if (paidByTransfer > 0) {
      must(await core.invoke('payments:recordManual', { requestId: 'seed-pay-1', enrollmentId: enrollment.enrollment.id, method: 'bank_transfer', amount: paidByTransfer, currency: 'USD', reference: 'TRF-1' }, admin));
    }
  } finally {
    core.close();
  }
}
