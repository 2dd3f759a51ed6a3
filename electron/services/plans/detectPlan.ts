import type { ProductType } from '../../../shared/contract/catalog';
import type { Detection, DetectionReason, PlanKind, PlanRuleView } from '../../../shared/contract/plans';
import type { ErrorParams } from '../../../shared/errorMessages';
import { englishReason } from '../../../shared/planReason';
import { invalidAs } from '../../core/errors';
import { daysBetween } from '../schedules/calendar';

export type DetectProduct = { type: ProductType; price: number; currency: string; startDate: string | null };
/** The product's active plans, oldest first: the first plan of the rule's kind is the one picked. */
export type DetectPlan = { id: string; name: string; kind: PlanKind };

type Clause = { key: string; params: ErrorParams };

/** Why a rule does or does not hold, one clause per condition (keys the window words; see shared/planReason.ts). */
function evaluate(rule: PlanRuleView, product: DetectProduct, enrollmentDate: string): { holds: boolean; because: Clause[] } {
  const because: Clause[] = [];
  let holds = true;
  const check = (ok: boolean, key: string, params: ErrorParams) => {
    because.push({ key, params: { ...params, ok } });
    if (!ok) holds = false;
  };
  if (rule.productType !== undefined) check(product.type === rule.productType, 'planReason.productType', { type: product.type, want: rule.productType });
  if (rule.currency !== undefined) check(product.currency === rule.currency, 'planReason.currency', { currency: product.currency, want: rule.currency });
  // plans:setRules requires a currency with any price, so the rule's amounts are in rule.currency.
  const price = { amount: product.price, currency: product.currency };
  const ruleAmount = (minor: number) => ({ amount: minor, currency: rule.currency ?? product.currency });
  if (rule.priceAtLeast !== undefined) check(product.price >= rule.priceAtLeast, 'planReason.priceAtLeast', { price, limit: ruleAmount(rule.priceAtLeast) });
  if (rule.priceAtMost !== undefined) check(product.price <= rule.priceAtMost, 'planReason.priceAtMost', { price, limit: ruleAmount(rule.priceAtMost) });
  if (rule.daysUntilStartAtLeast !== undefined || rule.daysUntilStartAtMost !== undefined) {
    if (!product.startDate) {
      because.push({ key: 'planReason.noStartDate', params: {} });
      holds = false;
    } else {
      const days = daysBetween(enrollmentDate, product.startDate);
      if (rule.daysUntilStartAtLeast !== undefined) check(days >= rule.daysUntilStartAtLeast, 'planReason.daysAtLeast', { days, limit: rule.daysUntilStartAtLeast });
      if (rule.daysUntilStartAtMost !== undefined) check(days <= rule.daysUntilStartAtMost, 'planReason.daysAtMost', { days, limit: rule.daysUntilStartAtMost });
    }
  }
  return { holds, because };
}

/** The reason as data and its English sentence (what logs read and what `reason` carries). */
const reasoned = (reasonWords: DetectionReason): Pick<Detection, 'reason' | 'reasonWords'> => ({ reason: englishReason(reasonWords), reasonWords });

/**
 * The first rule (in order) whose conditions all hold and whose plan kind the product
 * offers picks that plan. With no match, a product with a single active plan uses it.
 * Deterministic: same rules, product, plans and date → same answer and same reason.
 */
export function detectPlan(rules: readonly PlanRuleView[], product: DetectProduct, plans: readonly DetectPlan[], enrollmentDate: string): Detection {
  const found = matchRules(rules, product, plans, enrollmentDate);
  if (found.detection) return found.detection;
  throw plans.length === 0 ? invalidAs('planId', 'plan.noActivePlan', {}) : invalidAs('planId', 'plan.noRuleMatched', { count: plans.length });
}

/** The same decision without throwing: null when nothing decides (checked on every enrollment that names its plan). */
export function matchRules(rules: readonly PlanRuleView[], product: DetectProduct, plans: readonly DetectPlan[], enrollmentDate: string): { detection: Detection | null; skipped: Clause[] } {
  const skipped: Clause[] = [];
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    const { holds, because } = evaluate(rule, product, enrollmentDate);
    if (!holds) continue;
    const plan = plans.find((p) => p.kind === rule.planKind);
    if (!plan) {
      skipped.push({ key: 'planReason.skippedNoPlan', params: { position: rule.position, rule: rule.name, planKind: rule.planKind } });
      continue;
    }
    return { skipped, detection: {
      ruleId: rule.id,
      ruleName: rule.name,
      planId: plan.id,
      ...reasoned({ key: 'planReason.byRule', params: { position: rule.position, rule: rule.name, planKind: rule.planKind, plan: plan.name }, conditions: because, skipped: [...skipped] }),
      payerChoiceAllowed: rule.payerChoiceAllowed,
    } };
  }
  const only = plans.length === 1 ? plans[0] : undefined;
  if (only) {
    return { skipped, detection: {
      ruleId: null,
      ruleName: 'single plan',
      planId: only.id,
      ...reasoned({ key: 'planReason.onlyPlan', params: { plan: only.name }, conditions: [], skipped: [...skipped] }),
      payerChoiceAllowed: true,
    } };
  }
  return { detection: null, skipped };
}
