import type { Host } from './fixtures';
import { seedCore } from './seedEnrollment';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

/** Payers whose names need Latin Extended, Vietnamese, Chinese and Arabic glyphs, each with a student id. */
export const SCRIPT_PAYERS = [
  { name: 'Łukasz Kowalski', studentId: 'S2001' },
  { name: 'Nguyễn Văn An', studentId: 'S2002' },
  { name: '王芳', studentId: 'S2003' },
  { name: 'محمد', studentId: 'S2004' },
] as const;

/** One course (600.00: a 100.00 deposit and 5 monthly installments of 100.00) and an enrollment for each payer. */
export async function seedScriptPayers(host: Host): Promise<void> {
  const { core, admin } = seedCore(host);
  try {
    const product = must(await core.invoke('products:create', { requestId: 'doc-product-1', product: { type: 'course', name: 'Bookkeeping', price: 600_00, currency: 'USD' } }, admin));
    const plan = must(await core.invoke('plans:create', { requestId: 'doc-plan-1', plan: { productId: product.id, name: 'Deposit and five months', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 100_00 }, count: 5, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } } }, admin));
    for (const [i, p] of SCRIPT_PAYERS.entries()) {
      const payer = must(await core.invoke('payers:create', { requestId: `doc-payer-${i}`, payer: { name: p.name, externalId: p.studentId } }, admin));
      must(await core.invoke('enrollments:create', { requestId: `doc-enroll-${i}`, payerId: payer.id, productId: product.id, planId: plan.id }, admin));
    }
  } finally {
    core.close();
  }
}
