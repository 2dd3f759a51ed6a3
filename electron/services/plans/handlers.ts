import { defineHandlers } from '../../core/handlers';
import { invalidAs } from '../../core/errors';
import { getProduct } from '../products/productsRepo';
import { officeDate } from '../settings/officeDate';
import { generateSchedule } from '../schedules/generateSchedule';
import { choosePlan } from './choosePlan';
import { checkPlanCurrency, checkPlanForProduct, checkTermsForProduct } from './planRules';
import { listRules, replaceRules } from './planRulesRepo';
import { getPlan, insertPlan, listPlans, updatePlan } from './plansRepo';
import type { PlanFields } from './plansRepo';

const fieldsOf = (p: PlanFields) => ({ name: p.name, currency: p.currency, terms: p.terms, lateFee: p.lateFee, depositRefundable: p.depositRefundable, active: p.active });

export const plansHandlers = defineHandlers({
  'plans:list': {
    kind: 'query',
    access: 'staff',
    run: ({ productId, includeInactive }, { store }) => {
      if (productId) getProduct(store, productId);
      return { plans: listPlans(store, productId, includeInactive ?? false) };
    },
  },
  'plans:create': {
    kind: 'mutation',
    access: 'admin',
    run: ({ plan: input }, ctx) => {
      const product = getProduct(ctx.store, input.productId);
      const currency = checkPlanCurrency(product, input.currency, 'plan.currency');
      checkPlanForProduct(product, input.terms, 'plan');
      const fields: PlanFields = {
        name: input.name,
        currency,
        terms: input.terms,
        lateFee: input.lateFee ?? null,
        depositRefundable: input.depositRefundable ?? true,
        active: input.active ?? true,
      };
      const plan = insertPlan(ctx.store, product.id, fields, ctx.now());
      ctx.audit({ action: 'plan.create', entityType: 'payment_plan', entityId: plan.id, after: { productId: product.id, ...fieldsOf(plan) } });
      return plan;
    },
  },
  'plans:update': {
    kind: 'mutation',
    access: 'admin',
    run: ({ planId, patch }, ctx) => {
      const existing = getPlan(ctx.store, planId);
      const product = getProduct(ctx.store, existing.productId);
      const next: PlanFields = {
        name: patch.name ?? existing.name,
        currency: existing.currency,
        terms: patch.terms ?? existing.terms,
        lateFee: patch.lateFee === undefined ? existing.lateFee : patch.lateFee,
        depositRefundable: patch.depositRefundable ?? existing.depositRefundable,
        active: patch.active ?? existing.active,
      };
      if (patch.terms) checkPlanForProduct(product, patch.terms, 'patch');
      const updated = updatePlan(ctx.store, planId, next, ctx.now());
      ctx.audit({ action: 'plan.update', entityType: 'payment_plan', entityId: planId, before: fieldsOf(existing), after: fieldsOf(updated) });
      return updated;
    },
  },
  'plans:preview': {
    kind: 'query',
    access: 'staff',
    run: (input, { store, now }) => {
      const product = getProduct(store, input.productId);
      const enrollmentDate = input.enrollmentDate ?? officeDate(store, now());
      const discount = input.discount ?? null;
      if (input.terms !== undefined) {
        if (input.planId !== undefined) throw invalidAs('terms', 'plan.termsAndPlan', {});
        // The very check plans:create makes, then the very generator an enrollment uses, so a
        // draft previews exactly what saving it and enrolling would produce.
        checkTermsForProduct(product, input.terms);
        const schedule = generateSchedule({ price: product.price, terms: input.terms, discount, enrollmentDate, productStart: product.startDate, currency: product.currency });
        return { plan: null, detection: null, currency: product.currency, ...schedule };
      }
      const { plan, detection } = choosePlan(store, product, input.planId, enrollmentDate);
      const schedule = generateSchedule({ price: product.price, terms: plan.terms, discount, enrollmentDate, productStart: product.startDate, currency: product.currency });
      return { plan, detection, currency: product.currency, ...schedule };
    },
  },
  'plans:rules': {
    kind: 'query',
    access: 'staff',
    run: (_input, { store }) => ({ rules: listRules(store) }),
  },
  'plans:setRules': {
    kind: 'mutation',
    access: 'admin',
    run: ({ rules }, ctx) => {
      rules.forEach((r, i) => {
        if ((r.priceAtLeast !== undefined || r.priceAtMost !== undefined) && r.currency === undefined) {
          throw invalidAs(`rules.${i}.currency`, 'plan.ruleNeedsCurrency', {});
        }
        if (r.priceAtLeast !== undefined && r.priceAtMost !== undefined && r.priceAtLeast > r.priceAtMost) throw invalidAs(`rules.${i}.priceAtMost`, 'plan.rulePriceRange', {});
        if (r.daysUntilStartAtLeast !== undefined && r.daysUntilStartAtMost !== undefined && r.daysUntilStartAtLeast > r.daysUntilStartAtMost) {
          throw invalidAs(`rules.${i}.daysUntilStartAtMost`, 'plan.ruleDaysRange', {});
        }
      });
      const before = listRules(ctx.store);
      const after = replaceRules(ctx.store, rules, ctx.now());
      ctx.audit({ action: 'plan_rules.replace', entityType: 'plan_rules', entityId: null, before, after });
      return { rules: after };
    },
  },
});
