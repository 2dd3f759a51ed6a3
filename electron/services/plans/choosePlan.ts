import type { ProductView } from '../../../shared/contract/catalog';
import type { Detection, PlanView } from '../../../shared/contract/plans';
import { invalid } from '../../core/errors';
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
    if (!product.autoAssignPaymentPlan) throw invalid('planId', 'is required: this product does not assign a plan automatically');
    const detection = detectPlan(reads.rules(), product, activePlans(), enrollmentDate);
    return { plan: reads.plan(detection.planId), detection };
  }
  const plan = reads.plan(planId);
  if (plan.productId !== product.id) throw invalid('planId', `the plan “${plan.name}” belongs to another product`);
  if (!plan.active) throw invalid('planId', `the plan “${plan.name}” is inactive`);
  if (plan.currency !== product.currency) throw invalid('planId', `is in ${plan.currency} but the product is priced in ${product.currency}`);
  const rules = product.autoAssignPaymentPlan ? reads.rules() : [];
  if (rules.length > 0) {
    // A rule that matches and forbids choice binds even when a plan is named; no match leaves the choice free.
    const { detection } = matchRules(rules, product, activePlans(), enrollmentDate);
    if (detection && detection.ruleId !== null && !detection.payerChoiceAllowed && detection.planId !== plan.id) {
      throw invalid('planId', `is not allowed: ${detection.reason}, and that rule does not let the payer choose`);
    }
  }
  return { plan, detection: null };
}
