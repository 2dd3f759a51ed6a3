import { newId } from '../../store/ids';
import type { z } from 'zod';
import type { ProductType } from '../../../shared/contract/catalog';
import type { PlanKind, PlanRuleInput, PlanRuleView } from '../../../shared/contract/plans';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

type RuleRow = {
  id: string;
  position: number;
  name: string;
  product_type: ProductType | null;
  currency: string | null;
  price_at_least: number | null;
  price_at_most: number | null;
  days_until_start_at_least: number | null;
  days_until_start_at_most: number | null;
  plan_kind: PlanKind;
  payer_choice_allowed: number;
};

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

function toView(r: RuleRow): PlanRuleView {
  const view: PlanRuleView = { id: r.id, position: r.position, name: r.name, planKind: r.plan_kind, payerChoiceAllowed: r.payer_choice_allowed === 1 };
  const conditions = {
    productType: opt(r.product_type),
    currency: opt(r.currency),
    priceAtLeast: opt(r.price_at_least),
    priceAtMost: opt(r.price_at_most),
    daysUntilStartAtLeast: opt(r.days_until_start_at_least),
    daysUntilStartAtMost: opt(r.days_until_start_at_most),
  };
  // Omit conditions that are not set, so a rule reads back exactly as it was written.
  for (const [k, v] of Object.entries(conditions)) if (v !== undefined) Object.assign(view, { [k]: v });
  return view;
}

export function listRules(store: Store): PlanRuleView[] {
  return store.all<RuleRow>(sql`SELECT * FROM plan_rules ORDER BY position`).map(toView);
}

/** Replaces the whole ordered list; positions are 1..n in the given order. */
export function replaceRules(store: Store, rules: readonly z.output<typeof PlanRuleInput>[], at: Date): PlanRuleView[] {
  store.run(sql`DELETE FROM plan_rules`);
  rules.forEach((r, i) => {
    store.run(sql`INSERT INTO plan_rules (id, position, name, product_type, currency, price_at_least, price_at_most, days_until_start_at_least, days_until_start_at_most, plan_kind, payer_choice_allowed, created_at)
      VALUES (${newId('rul')}, ${i + 1}, ${r.name}, ${r.productType ?? null}, ${r.currency ?? null}, ${r.priceAtLeast ?? null}, ${r.priceAtMost ?? null},
        ${r.daysUntilStartAtLeast ?? null}, ${r.daysUntilStartAtMost ?? null}, ${r.planKind}, ${r.payerChoiceAllowed}, ${at.toISOString()})`);
  });
  return listRules(store);
}
