import type { ProductType } from '../../../shared/contract/catalog';
import type { Detection, PlanKind, PlanRuleView } from '../../../shared/contract/plans';
import { minorDigits, minorToDecimalString } from '../../../shared/money';
import { invalidAs } from '../../core/errors';
import { daysBetween } from '../schedules/calendar';

export type DetectProduct = { type: ProductType; price: number; currency: string; startDate: string | null };
/** The product's active plans, oldest first: the first plan of the rule's kind is the one picked. */
export type DetectPlan = { id: string; name: string; kind: PlanKind };

/** An amount as a person reads it in a reason ("1500.00 USD"), never as raw minor units. */
const amountText = (minor: number, currency: string): string => `${minorToDecimalString(minor, minorDigits(currency))} ${currency}`;

/** Why a rule does or does not hold, one clause per condition. */
function evaluate(rule: PlanRuleView, product: DetectProduct, enrollmentDate: string): { holds: boolean; because: string[] } {
  const because: string[] = [];
  let holds = true;
  const check = (ok: boolean, clause: string) => {
    because.push(clause);
    if (!ok) holds = false;
  };
  if (rule.productType !== undefined) check(product.type === rule.productType, `product type is ${product.type}${product.type === rule.productType ? '' : `, not ${rule.productType}`}`);
  if (rule.currency !== undefined) check(product.currency === rule.currency, `currency is ${product.currency}${product.currency === rule.currency ? '' : `, not ${rule.currency}`}`);
  // plans:setRules requires a currency with any price, so the rule's amounts are in rule.currency.
  const price = amountText(product.price, product.currency);
  const ruleAmount = (minor: number) => amountText(minor, rule.currency ?? product.currency);
  if (rule.priceAtLeast !== undefined) check(product.price >= rule.priceAtLeast, `price ${price} ${product.price >= rule.priceAtLeast ? '≥' : '<'} ${ruleAmount(rule.priceAtLeast)}`);
  if (rule.priceAtMost !== undefined) check(product.price <= rule.priceAtMost, `price ${price} ${product.price <= rule.priceAtMost ? '≤' : '>'} ${ruleAmount(rule.priceAtMost)}`);
  if (rule.daysUntilStartAtLeast !== undefined || rule.daysUntilStartAtMost !== undefined) {
    if (!product.startDate) {
      check(false, 'the product has no start date');
    } else {
      const days = daysBetween(enrollmentDate, product.startDate);
      if (rule.daysUntilStartAtLeast !== undefined) check(days >= rule.daysUntilStartAtLeast, `${days} days until start ${days >= rule.daysUntilStartAtLeast ? '≥' : '<'} ${rule.daysUntilStartAtLeast}`);
      if (rule.daysUntilStartAtMost !== undefined) check(days <= rule.daysUntilStartAtMost, `${days} days until start ${days <= rule.daysUntilStartAtMost ? '≤' : '>'} ${rule.daysUntilStartAtMost}`);
    }
  }
  return { holds, because };
}

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
export function matchRules(rules: readonly PlanRuleView[], product: DetectProduct, plans: readonly DetectPlan[], enrollmentDate: string): { detection: Detection | null; skipped: string[] } {
  const skipped: string[] = [];
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    const { holds, because } = evaluate(rule, product, enrollmentDate);
    if (!holds) continue;
    const plan = plans.find((p) => p.kind === rule.planKind);
    const conditions = because.length > 0 ? because.join(', ') : 'no conditions';
    if (!plan) {
      skipped.push(`rule ${rule.position} "${rule.name}" matched but the product has no active ${rule.planKind} plan`);
      continue;
    }
    return { skipped, detection: {
      ruleId: rule.id,
      ruleName: rule.name,
      planId: plan.id,
      reason: `Rule ${rule.position} "${rule.name}" matched (${conditions}) → ${rule.planKind} plan "${plan.name}"${skipped.length ? `; earlier: ${skipped.join('; ')}` : ''}`,
      payerChoiceAllowed: rule.payerChoiceAllowed,
    } };
  }
  const only = plans.length === 1 ? plans[0] : undefined;
  if (only) {
    return { skipped, detection: {
      ruleId: null,
      ruleName: 'single plan',
      planId: only.id,
      reason: `No rule matched; the product's only active plan "${only.name}" is used${skipped.length ? ` (${skipped.join('; ')})` : ''}`,
      payerChoiceAllowed: true,
    } };
  }
  return { detection: null, skipped };
}
