import type Database from 'better-sqlite3';
import { createRng } from '../seed/prng';
import type { Rng } from '../seed/prng';
import type { PlannedOp } from './protocol';

/** One of `xs`, or undefined when there is none (a desk may not hold any yet). */
const pick = <T>(rnd: Rng, xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : rnd.pick(xs));

const ids = (db: Database.Database, query: string, ...params: unknown[]): string[] => (db.prepare(query).all(...params) as { id: string }[]).map((r) => r.id);

/**
 * One random mutation for this desk, chosen from what its own books hold now (a desk only acts
 * on what it knows, as a cashier would). Every kind the office merges is in the mix, including
 * the deliberate conflicts: the first open item of an enrollment paid at two desks, the same
 * payer enrolled twice in one course, a payment for an enrollment another desk cancelled,
 * refunds of one payment at two desks, the same price or setting edited at two desks, late
 * fees posted for one item at two desks.
 * Business refusals (an item already settled, a void after a refund) are part of the game.
 */
export function planOp(db: Database.Database, seed: number, deskTag: string, opNo: number): PlannedOp | null {
  const rnd = createRng(seed);
  const requestId = `sim-${deskTag}-${opNo}`;
  const roll = rnd.next();
  const activeEnrollments = ids(db, `SELECT id FROM enrollments WHERE status = 'active' ORDER BY id`);
  const anyEnrollments = ids(db, `SELECT id FROM enrollments ORDER BY id`);
  const payers = ids(db, `SELECT id FROM payers ORDER BY id`);
  const products = ids(db, `SELECT id FROM products ORDER BY id`);
  // Settings hold JSON values: the desk code is the string inside (a bare comparison never matched, so no void was ever planned).
  const deskCode = (db.prepare(`SELECT value ->> '$' AS code FROM settings WHERE key = 'deskCode'`).get() as { code: string | null } | undefined)?.code ?? '';

  if (roll < 0.4) {
    // A payment; most on active enrollments, a few on any (a cancelled one refuses here, or races the cancel at another desk).
    const enrollmentId = rnd.next() < 0.9 ? pick(rnd, activeEnrollments) : pick(rnd, anyEnrollments);
    if (!enrollmentId) return null;
    const method = pick(rnd, ['cash', 'cash', 'check', 'bank_transfer'] as const) ?? 'cash';
    const amount = rnd.int(5, 150) * 100;
    const firstOpen = ids(db, `SELECT id FROM schedule_items WHERE enrollment_id = ? AND state = 'open' AND paid_amount < amount ORDER BY seq LIMIT 1`, enrollmentId)[0];
    const input = {
      requestId,
      enrollmentId,
      method,
      amount,
      currency: 'USD',
      ...(method === 'cash' ? { tendered: amount } : {}),
      ...(method === 'check' ? { check: { number: String(rnd.int(1000, 9999)) } } : {}),
      ...(method === 'bank_transfer' ? { reference: `T${rnd.int(10000, 99999)}` } : {}),
      ...(firstOpen && rnd.next() < 0.5 ? { itemIds: [firstOpen] } : {}),
    };
    return { kind: 'payment', channel: 'payments:recordManual', input, as: 'cashier' };
  }
  if (roll < 0.47) {
    // A void of this desk's own payment in its open drawer session.
    const own = ids(
      db,
      `SELECT p.id FROM payments p JOIN drawer_sessions s ON s.id = p.session_id
        WHERE p.status = 'completed' AND s.status = 'open' AND s.desk_code = ? ORDER BY p.id`,
      deskCode,
    );
    const paymentId = pick(rnd, own);
    return paymentId ? { kind: 'void', channel: 'payments:void', input: { requestId, paymentId, reason: 'Keyed twice' }, as: 'admin' } : null;
  }
  if (roll < 0.53) {
    // A refund of part of a payment, by bank transfer (no drawer needed).
    const paid = db
      .prepare(`SELECT p.id, p.enrollment_id AS enrollmentId, p.amount FROM payments p WHERE p.status = 'completed' AND p.enrollment_id IS NOT NULL ORDER BY p.id`)
      .all() as { id: string; enrollmentId: string; amount: number }[];
    const p = pick(rnd, paid);
    if (!p) return null;
    const amount = Math.max(100, Math.floor((p.amount * rnd.int(20, 90)) / 100 / 100) * 100);
    return {
      kind: 'refund',
      channel: 'refunds:create',
      input: { requestId, from: { kind: 'enrollment', enrollmentId: p.enrollmentId }, amount, reason: 'Course shortened', split: [{ method: 'bank_transfer', amount, paymentId: p.id, reference: `RF${opNo}` }] },
      as: 'admin',
    };
  }
  if (roll < 0.56) {
    const enrollmentId = pick(rnd, activeEnrollments);
    return enrollmentId ? { kind: 'cancel', channel: 'enrollments:cancel', input: { requestId, enrollmentId, reason: 'Moved away', toCredit: true }, as: 'admin' } : null;
  }
  if (roll < 0.66) {
    // Few payers and two courses: the same payer enrolled in the same course at two desks happens.
    const payerId = pick(rnd, payers);
    const productId = pick(rnd, products);
    const planId = productId ? ids(db, `SELECT id FROM payment_plans WHERE product_id = ? ORDER BY id LIMIT 1`, productId)[0] : undefined;
    if (!payerId || !productId || !planId) return null;
    return { kind: 'enrollment', channel: 'enrollments:create', input: { requestId, payerId, productId, planId }, as: 'admin' };
  }
  if (roll < 0.7) {
    return { kind: 'payer', channel: 'payers:create', input: { requestId, payer: { name: `Student ${deskTag}-${opNo}`, email: `s${opNo}.${deskTag.toLowerCase()}@example.org` } }, as: 'cashier' };
  }
  if (roll < 0.77) {
    const itemId = pick(rnd, ids(db, `SELECT id FROM schedule_items WHERE state = 'open' AND paid_amount = 0 ORDER BY id`));
    if (!itemId) return null;
    // Now and then back into the past (the date it was really due), which makes it overdue.
    const dueDate = `${rnd.next() < 0.3 ? 2024 : 2027}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
    return { kind: 'schedule', channel: 'schedules:adjust', input: { requestId, itemId, dueDate, reason: 'Payer asked for another date' }, as: 'admin' };
  }
  if (roll < 0.83) {
    const productId = pick(rnd, products);
    return productId ? { kind: 'price', channel: 'products:update', input: { requestId, productId, patch: { price: rnd.int(200, 400) * 100 } }, as: 'admin' } : null;
  }
  if (roll < 0.86) {
    const planId = pick(rnd, ids(db, `SELECT id FROM payment_plans ORDER BY id`));
    return planId ? { kind: 'plan', channel: 'plans:update', input: { requestId, planId, patch: { name: `Three monthly (${deskTag}${opNo})` } }, as: 'admin' } : null;
  }
  if (roll < 0.88) {
    // A late fee: an admin's on one overdue item, or the plan's rule (several desks may run it at once).
    if (rnd.next() < 0.5) return { kind: 'lateFee', channel: 'schedules:postDueLateFees', input: { requestId }, as: 'admin' };
    const itemId = pick(rnd, ids(db, `SELECT i.id FROM schedule_items i JOIN enrollments e ON e.id = i.enrollment_id AND e.status = 'active'
      WHERE i.kind <> 'late_fee' AND i.state = 'open' AND i.paid_amount < i.amount AND i.due_date < '2025-01-01' ORDER BY i.id`));
    return itemId ? { kind: 'lateFee', channel: 'schedules:postLateFee', input: { requestId, itemId, reason: 'Paid late' }, as: 'admin' } : null;
  }
  if (roll < 0.9) {
    return { kind: 'setting', channel: 'settings:update', input: { requestId, patch: { officeName: `Lincoln Office ${rnd.int(1, 9)}` } }, as: 'admin' };
  }
  if (roll < 0.92) {
    const userId = ids(db, `SELECT id FROM users WHERE username LIKE 'clerk%' ORDER BY id`);
    const target = pick(rnd, userId);
    if (target && rnd.next() < 0.6) return { kind: 'user', channel: 'users:update', input: { requestId, userId: target, role: pick(rnd, ['admin', 'cashier'] as const) }, as: 'admin' };
    return { kind: 'user', channel: 'users:create', input: { requestId, username: `clerk.${deskTag.toLowerCase()}${opNo}`, displayName: `Clerk ${deskTag}${opNo}`, role: 'cashier', password: 'office-sim-pass' }, as: 'admin' };
  }
  return { kind: 'drawer', channel: 'drawer:move', input: { requestId, kind: rnd.next() < 0.5 ? 'paid_in' : 'paid_out', amount: rnd.int(1, 20) * 100, reason: 'Change from the bank' }, as: 'cashier' };
}
