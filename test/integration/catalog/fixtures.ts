import type { InputOf } from '../../../shared/contract';
import type { PlanTerms } from '../../../shared/contract/plans';
import type { Session } from '../../../electron/core';
import { hashSecret } from '../../../electron/services/auth/passwords';
import { insertUser } from '../../../electron/services/auth/usersRepo';
import { makeCore, rid } from '../../support/core';
import type { TestCore } from '../../support/core';

/** A core whose clock the test moves. */
export type CatalogCore = TestCore & { clock: { at: Date }; setToday(date: string): void };

export async function makeCatalogCore(today = '2025-03-15'): Promise<CatalogCore> {
  const clock = { at: new Date(`${today}T10:00:00Z`) };
  const core = await makeCore({ now: () => clock.at });
  return Object.assign(core, { clock, setToday: (date: string) => (clock.at = new Date(`${date}T10:00:00Z`)) });
}

/** users:create belongs to the cashier issue; until then a cashier is inserted directly. */
export function makeCashier(core: TestCore, username = 'cashier1'): Session {
  const user = insertUser(core.store, { username, displayName: 'Front Desk', role: 'cashier', passwordHash: hashSecret('cashier-pass') }, new Date());
  return core.sessionFor(user.id);
}

type ProductInput = InputOf<'products:create'>['product'];

export async function createProduct(core: TestCore, over: Partial<ProductInput> = {}) {
  return core.ok('products:create', { requestId: rid('prd'), product: { type: 'course', name: 'Welding 101', price: 1_200_00, currency: 'USD', ...over } });
}

export const threeMonthly: Extract<PlanTerms, { kind: 'installments' }> = { kind: 'installments', deposit: { kind: 'amount', amount: 0 }, count: 3, interval: 'monthly', firstDue: { rule: 'enrollment_date' } };
export const payInFull: PlanTerms = { kind: 'full', firstDue: { rule: 'enrollment_date' } };

export async function createPlan(core: TestCore, productId: string, terms: PlanTerms = threeMonthly, over: Partial<InputOf<'plans:create'>['plan']> = {}) {
  return core.ok('plans:create', { requestId: rid('pln'), plan: { productId, name: `${terms.kind} plan`, terms, ...over } });
}

let payerCounter = 0;
export async function createPayer(core: TestCore, over: Partial<InputOf<'payers:create'>['payer']> = {}) {
  payerCounter += 1;
  return core.ok('payers:create', { requestId: rid('pyr'), payer: { name: `Student ${payerCounter}`, email: `student${payerCounter}@example.org`, ...over } });
}

const TABLES = ['products', 'payment_plans', 'plan_rules', 'payers', 'enrollments', 'schedule_items', 'audit_log', 'requests'] as const;

/** Every row of the tables this domain writes (plus audit and requests), to prove "nothing written". */
export function snapshot(core: TestCore): string {
  return JSON.stringify(TABLES.map((t) => core.store.raw.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

export function count(core: TestCore, table: (typeof TABLES)[number], where = '1 = 1'): number {
  return (core.store.raw.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
}

export function auditRows(core: TestCore, action: string): { entity_id: string | null; before_json: string | null; after_json: string | null; actor_name: string }[] {
  return core.store.raw.prepare('SELECT entity_id, before_json, after_json, actor_name FROM audit_log WHERE action = ? ORDER BY seq').all(action) as never;
}

/**
 * Ada, Ben and Cy enrolled today in 'Welding' (300.00): items due today and on the same day of
 * the next two months, 100.00 each; Ada's and Ben's plan charges 15.00 after 5 grace days, Cy's none.
 */
export async function seedLateFeeStudents(core: TestCore) {
  const product = await createProduct(core, { name: 'Welding', price: 300_00 });
  const withFee = await createPlan(core, product.id, threeMonthly, { name: 'Monthly with fee', lateFee: { amount: 15_00, graceDays: 5 } });
  const noFee = await createPlan(core, product.id, threeMonthly, { name: 'Monthly' });
  const enroll = async (planId: string, name: string) => core.ok('enrollments:create', { requestId: rid(), payerId: (await createPayer(core, { name })).id, productId: product.id, planId });
  return { a: await enroll(withFee.id, 'Ada'), b: await enroll(withFee.id, 'Ben'), c: await enroll(noFee.id, 'Cy') };
}
