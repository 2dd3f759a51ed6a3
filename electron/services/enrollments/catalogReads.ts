import type { ProductView } from '../../../shared/contract/catalog';
import type { PlanRuleView, PlanView } from '../../../shared/contract/plans';
import type { Store } from '../../store/store';
import { listRules } from '../plans/planRulesRepo';
import { getPlan } from '../plans/plansRepo';
import { getProduct } from '../products/productsRepo';

/** The catalog rows an enrollment is checked against: its product, its plan, the auto-detect rules. */
export type CatalogReads = {
  product(id: string): ProductView;
  plan(id: string): PlanView;
  rules(): PlanRuleView[];
};

/** Each read from the store as it is now: one enrollment at a time (the enrollments:create path). */
export const storeReads = (store: Store): CatalogReads => ({
  product: (id) => getProduct(store, id),
  plan: (id) => getPlan(store, id),
  rules: () => listRules(store),
});

/**
 * Each read once, then remembered: for many enrollments made in ONE transaction that writes no
 * product, plan or rule (the SIS import's batch of 1,000 into a few hundred classes). Make a new
 * one per transaction: outside it, an admin may change the catalog.
 */
export function memoReads(store: Store): CatalogReads {
  const products = new Map<string, ProductView>();
  const plans = new Map<string, PlanView>();
  let rules: PlanRuleView[] | null = null;
  return {
    product(id) {
      let p = products.get(id);
      if (!p) products.set(id, (p = getProduct(store, id)));
      return p;
    },
    plan(id) {
      let p = plans.get(id);
      if (!p) plans.set(id, (p = getPlan(store, id)));
      return p;
    },
    rules: () => (rules ??= listRules(store)),
  };
}
