import type { ProductView } from '../../../shared/contract/catalog';
import type { Detection, PlanView } from '../../../shared/contract/plans';
import { invalidAs } from '../../core/errors';
import type { Store } from '../../store/store';
import { detectPlan, matchRules } from './detectPlan';
import { storeReads } from '../enrollments/catalogReads';
import type { CatalogReads } from '../enrollments/catalogReads';
import { listPlans } from './plansRepo';

/**
 * The plan an enrollment uses: the one given (which must belong to the product, be active
 * and share its currency), or the one the auto-detect rules pick.
 */
export function choosePlan(store: Store, product: ProductView, planId: string | undefined, enrollmentDate: string, reads: Pick<CatalogReads, 'plan' | 'rules'> = storeReads(store)): { plan: PlanView; detection: Detection | null } {
  const activePlans = () => listPlans(store, product.id, false).map((p) => ({ id: p.id, name: p.name, kind: p.terms.kind }));
  if (planId === undefined) {
    if (!product.autoAssignPaymentPlan) throw invalidAs('planId', 'plan.required', {});
    const detection = detectPlan(reads.rules(), product, activePlans(), enrollmentDate);
    return { plan: reads.plan(detection.planId), detection };
  }
  const plan = reads.plan(planId);
  if (plan.productId !== product.id) throw invalidAs('planId', 'plan.otherProduct', { plan: plan.name });
  if (!plan.active) throw invalidAs('planId', 'plan.inactive', { plan: plan.name });
  if (plan.currency !== product.currency) throw invalidAs('planId', 'plan.currencyNotProduct', { currency: plan.currency, productCurrency: product.currency });
  const rules = product.autoAssignPaymentPlan ? reads.rules() : [];
  if (rules.length > 0) {
    // A rule that matches and forbids choice binds even when a plan is named; no match leaves the choice free.
    const { detection } = matchRules(rules, product, activePlans(), enrollmentDate);
    if (detection && detection.ruleId !== null && !detection.payerChoiceAllowed && detection.planId !== plan.id) {
      throw invalidAs('planId', 'plan.notAllowed', { rule: detection.ruleName });
    }
  }
  return { plan, detection: null };
}
