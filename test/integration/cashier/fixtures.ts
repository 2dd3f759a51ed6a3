import type { InputOf } from '../../../shared/contract';
import type { PlanTerms } from '../../../shared/contract/plans';
import type { Session } from '../../../electron/core';
import { rid } from '../../support/core';
import { createPayer, createPlan, createProduct, makeCashier, makeCatalogCore, threeMonthly } from '../catalog/fixtures';
import type { CatalogCore } from '../catalog/fixtures';

export type CashierCore = CatalogCore & { cashier: Session };

/** A real core on a temp file with a movable clock, an admin and a cashier. */
export async function makeCashierCore(today = '2025-03-15'): Promise<CashierCore> {
  const core = await makeCatalogCore(today);
  return Object.assign(core, { cashier: makeCashier(core) });
}

type ProductOver = Partial<InputOf<'products:create'>['product']>;

/** A product, a plan and an enrollment; by default 3 monthly installments of 100.00 USD. */
export async function enroll(core: CashierCore, opts: { product?: ProductOver; terms?: PlanTerms; planOver?: Partial<InputOf<'plans:create'>['plan']>; payerId?: string } = {}) {
  const product = await createProduct(core, { price: 300_00, ...opts.product });
  const plan = await createPlan(core, product.id, opts.terms ?? threeMonthly, opts.planOver ?? {});
  const payerId = opts.payerId ?? (await createPayer(core)).id;
  const result = await core.ok('enrollments:create', { requestId: rid('enr'), payerId, productId: product.id, planId: plan.id });
  return { product, plan, payerId, enrollment: result.enrollment, items: result.items };
}

export async function openDrawer(core: CashierCore, openingFloat = 100_00, session: Session = core.cashier) {
  return core.ok('drawer:open', { requestId: rid('drw'), openingFloat }, session);
}

export async function payCash(core: CashierCore, enrollmentId: string, amount: number, extra: Partial<InputOf<'payments:recordManual'>> = {}) {
  return core.ok('payments:recordManual', { requestId: rid('pay'), enrollmentId, method: 'cash', amount, currency: 'USD', ...extra }, core.cashier);
}

export async function verify(core: CashierCore) {
  return core.ok('ledger:verify', {});
}

export function rows<T>(core: CashierCore, query: string, ...params: unknown[]): T[] {
  return core.store.raw.prepare(query).all(...params) as T[];
}

const MONEY_TABLES = ['payments', 'receipts', 'ledger_entries', 'refunds', 'outbox', 'drawer_sessions', 'drawer_moves', 'deposits', 'desk_counters', 'cancellations', 'schedule_items', 'enrollments', 'audit_log', 'requests'] as const;

/** Every row of the money tables, to prove "nothing half-written". */
export function moneySnapshot(core: CashierCore, except: readonly (typeof MONEY_TABLES)[number][] = []): string {
  return JSON.stringify(MONEY_TABLES.filter((t) => !except.includes(t)).map((t) => core.store.raw.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

export { pdfText } from '../../support/pdfText';
