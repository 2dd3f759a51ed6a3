import { createCore } from '../../electron/core';
import type { Core, Session } from '../../electron/core';
import type { Host } from './fixtures';

/** A second core on the running desk's store, acting as its admin. */
export function seedCore(host: Host, now?: () => Date): { core: Core; admin: Session } {
  const core = createCore({ dataDir: host.dataDir, ...(now ? { now } : {}) });
  const row = core.store.raw.prepare(`SELECT id, username, display_name FROM users WHERE role = 'admin'`).get() as { id: string; username: string; display_name: string } | undefined;
  if (!row) {
    core.close();
    throw new Error('seed: the desk has no admin yet (set one up first)');
  }
  return { core, admin: core.sessionFor(row.id) };
}

export const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/**
 * Puts a course, a plan, a payer and an enrollment in the running desk's store through a
 * second core on the same SQLite file.
 */
export async function seedEnrollment(host: Host, paidByTransfer = 0): Promise<void> {
  const { core, admin } = seedCore(host);
  try {
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

/**
 * Like `seedEnrollment`, with a late fee: a payer enrolled 40 days ago on a plan that charges
 * 15.00 after 5 grace days, the fee posted for the first (overdue) item, and the item and its
 * fee paid by transfer (115.00). The course starts far ahead, so the policy refunds in full.
 */
const DAY = 86_400_000;

/**
 * `student` (by default 'Lee Late') enrolled 40 days ago in 'Forklift 201', three monthly
 * 100.00 items, on a plan charging 15.00 after 5 grace days (made once, found after).
 */
async function enrollLeeLate(core: Core, admin: Session, student = 'Lee Late') {
  const product = must(await core.invoke('products:create', { requestId: 'seed-fee-product', product: { type: 'course', name: 'Forklift 201', price: 300_00, currency: 'USD', startDate: '2999-01-01', endDate: '2999-06-30' } }, admin));
  const plan = must(await core.invoke('plans:create', { requestId: 'seed-fee-plan', plan: { productId: product.id, name: 'Monthly with fee', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } }, lateFee: { amount: 15_00, graceDays: 5 } } }, admin));
  const payer = must(await core.invoke('payers:create', { requestId: `seed-fee-payer-${student.replace(/\W+/g, '-')}`, payer: { name: student } }, admin));
  return must(await core.invoke('enrollments:create', { requestId: `seed-fee-enroll-${student.replace(/\W+/g, '-')}`, payerId: payer.id, productId: product.id, planId: plan.id }, admin));
}

/**
 * Like `seedPaidLateFee` with no fee posted: today the first item is 40 days late and the
 * second about 10, both past the 5 grace days; the third is not due yet.
 */
export async function seedOverdueWithLateFeeRule(host: Host, student = 'Lee Late'): Promise<void> {
  const { core, admin } = seedCore(host, () => new Date(Date.now() - 40 * DAY));
  try {
    await enrollLeeLate(core, admin, student);
  } finally {
    core.close();
  }
}

export async function seedPaidLateFee(host: Host): Promise<void> {
  const clock = { at: new Date(Date.now() - 40 * DAY) };
  const { core, admin } = seedCore(host, () => clock.at);
  try {
    const enrollment = await enrollLeeLate(core, admin);
    clock.at = new Date(clock.at.getTime() + 10 * DAY);
    must(await core.invoke('schedules:postLateFee', { requestId: 'seed-fee-post', itemId: enrollment.items[0]?.id ?? '', reason: 'Ten days late' }, admin));
    must(await core.invoke('payments:recordManual', { requestId: 'seed-fee-pay', enrollmentId: enrollment.enrollment.id, method: 'bank_transfer', amount: 115_00, currency: 'USD', reference: 'TRF-FEE' }, admin));
  } finally {
    core.close();
  }
}

/**
 * A second payer on the same course as `seedEnrollment`'s Dana: 'Dana Other' (student id
 * S1002), so a search for "dana" finds two payers. Needs `seedEnrollment` first.
 */
export async function seedSecondPayer(host: Host): Promise<void> {
  const { core, admin } = seedCore(host);
  try {
    const product = core.store.raw.prepare(`SELECT id FROM products WHERE name = 'Welding 101'`).get() as { id: string };
    const plan = core.store.raw.prepare(`SELECT id FROM payment_plans WHERE product_id = ?`).get(product.id) as { id: string };
    const payer = must(await core.invoke('payers:create', { requestId: 'seed-payer-2', payer: { name: 'Dana Other', email: 'other@example.org', phone: '555-0202' } }, admin));
    must(await core.invoke('enrollments:create', { requestId: 'seed-enroll-2', payerId: payer.id, productId: product.id, planId: plan.id }, admin));
  } finally {
    core.close();
  }
}
