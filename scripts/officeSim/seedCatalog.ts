import type { Core, Session } from '../../electron/core';

/** The first desk's books before it seeds the office: three courses (one with a late fee), a plan each, six payers, six enrollments. */
export async function seedCatalog(core: Core, admin: Session): Promise<void> {
  const must = async <T>(channel: string, input: unknown): Promise<T> => {
    const r = await core.invoke(channel, input, admin);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as T;
  };
  const courses: { productId: string; planId: string }[] = [];
  for (const [k, name] of ['Welding', 'Pottery'].entries()) {
    const product = await must<{ id: string }>('products:create', { requestId: `sim-product-${k}`, product: { type: 'course', name, price: 300_00, currency: 'USD' } });
    const plan = await must<{ id: string }>('plans:create', {
      requestId: `sim-plan-${k}`,
      plan: { productId: product.id, name: 'Three monthly', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } } },
    });
    courses.push({ productId: product.id, planId: plan.id });
  }
  // A course with a late fee: once a due date is moved into the past (the planner's schedule
  // edits do that now and then), the desks post its fees (an admin's, or the plan's rule run at
  // several desks at once).
  const late = await must<{ id: string }>('products:create', { requestId: 'sim-product-late', product: { type: 'course', name: 'Evening classes', price: 300_00, currency: 'USD' } });
  const latePlan = await must<{ id: string }>('plans:create', {
    requestId: 'sim-plan-late',
    plan: { productId: late.id, name: 'Three monthly, late fee', terms: { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } }, lateFee: { amount: 15_00, graceDays: 5 } },
  });
  courses.push({ productId: late.id, planId: latePlan.id });
  for (let k = 0; k < 6; k++) {
    const payer = await must<{ id: string }>('payers:create', { requestId: `sim-payer-${k}`, payer: { name: `Student ${k + 1}`, externalId: `S${1000 + k}` } });
    const course = courses[k % 3];
    if (!course) continue;
    await must('enrollments:create', { requestId: `sim-enr-${k}`, payerId: payer.id, productId: course.productId, planId: course.planId });
  }
}
