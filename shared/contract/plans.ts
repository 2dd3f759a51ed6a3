import { z } from 'zod';
import { CurrencyCode, Id, IsoDate, KeyedWordsSchema, NonNegativeMinor, PositiveMinor, RequestId, RequiredText, WordParams } from '../schemas';
import { ProductType } from './catalog';
import { channel } from './define';

export const PlanKind = z.enum(['full', 'installments', 'subscription']);
export type PlanKind = z.infer<typeof PlanKind>;
export const PlanInterval = z.enum(['weekly', 'biweekly', 'monthly']);
export type PlanInterval = z.infer<typeof PlanInterval>;

/** Percentages are integer basis points (1250 = 12.5 %), so no float ever touches money. */
export const BASIS_POINTS_PER_WHOLE = 10_000;

export const Deposit = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('amount'), amount: NonNegativeMinor }),
  z.strictObject({ kind: z.literal('percent'), basisPoints: z.number().int('must be whole basis points').min(0, 'must not be negative').max(9_999, 'must be below 10000 (100 %)') }),
]);
export type Deposit = z.infer<typeof Deposit>;

/** When the first item of a schedule falls due. A date already past at enrollment means "on enrollment". */
export const FirstDue = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('enrollment_date') }),
  z.strictObject({ rule: z.literal('fixed_date'), date: IsoDate }),
  z.strictObject({ rule: z.literal('product_start') }),
  z.strictObject({ rule: z.literal('days_after_enrollment'), days: z.number().int('must be whole days').min(0, 'must not be negative').max(366, 'must be at most 366') }),
]);
export type FirstDue = z.infer<typeof FirstDue>;

export const MAX_ITEMS = 120;
const Count = z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_ITEMS, `must be at most ${MAX_ITEMS}`);

export const FullTerms = z.strictObject({ kind: z.literal('full'), firstDue: FirstDue });
/**
 * A deposit due on the first-due date, then `count` installments every `interval` (the
 * first one interval after the deposit, or on the first-due date when there is no
 * deposit), or on explicit `dueDates`.
 */
export const InstallmentTerms = z.strictObject({
  kind: z.literal('installments'),
  deposit: Deposit,
  firstDue: FirstDue,
  count: Count.optional(),
  interval: PlanInterval.optional(),
  dueDates: z.array(IsoDate).min(1, 'must list at least 1 date').max(MAX_ITEMS, `must list at most ${MAX_ITEMS} dates`).optional(),
});
/** `periodAmount` null means the product price; `count` null means open-ended (a rolling horizon is generated). */
export const SubscriptionTerms = z.strictObject({
  kind: z.literal('subscription'),
  firstDue: FirstDue,
  interval: PlanInterval,
  periodAmount: PositiveMinor.nullable(),
  count: Count.nullable(),
});
export const PlanTerms = z.discriminatedUnion('kind', [FullTerms, InstallmentTerms, SubscriptionTerms]);
export type PlanTerms = z.infer<typeof PlanTerms>;

export const LateFee = z.strictObject({
  amount: PositiveMinor,
  graceDays: z.number().int('must be whole days').min(0, 'must not be negative').max(365, 'must be at most 365'),
});
export type LateFee = z.infer<typeof LateFee>;

export const Discount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('percent'), basisPoints: z.number().int('must be whole basis points').min(1, 'must be at least 1').max(BASIS_POINTS_PER_WHOLE, 'must be at most 10000 (100 %)'), reason: RequiredText(200) }),
  z.strictObject({ kind: z.literal('fixed'), amount: PositiveMinor, reason: RequiredText(200) }),
]);
export type Discount = z.infer<typeof Discount>;

export const PlanView = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  currency: z.string(),
  active: z.boolean(),
  terms: PlanTerms,
  lateFee: LateFee.nullable(),
  depositRefundable: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlanView = z.infer<typeof PlanView>;

export const ItemKind = z.enum(['full', 'deposit', 'installment', 'period']);
export type ItemKind = z.infer<typeof ItemKind>;

export const GeneratedItem = z.object({ seq: z.number().int(), kind: ItemKind, dueDate: z.string(), amount: z.number().int() });

/**
 * Why the auto-detect rules chose a plan, as keys and parameters (shared/errorMessages.ts
 * `planReason.*`) the window words in the office's language: the sentence (`byRule` or
 * `onlyPlan`, with the rule's position and name, the plan's kind and name), one clause per
 * condition checked, and the earlier rules that matched but had no plan of their kind.
 * shared/planReason.ts puts them together; an enrollment stores this as JSON.
 */
export const DetectionReason = z.object({
  key: z.enum(['planReason.byRule', 'planReason.onlyPlan']),
  params: WordParams,
  conditions: z.array(KeyedWordsSchema),
  skipped: z.array(KeyedWordsSchema),
});
export type DetectionReason = z.infer<typeof DetectionReason>;

/** Which auto-detect rule chose the plan, and why, in words a person can check. */
export const Detection = z.object({
  ruleId: z.string().nullable(),
  ruleName: z.string(),
  planId: z.string(),
  /** The reason in English (logs, exports); the window words `reasonWords`. */
  reason: z.string(),
  reasonWords: DetectionReason,
  payerChoiceAllowed: z.boolean(),
});
export type Detection = z.infer<typeof Detection>;

export const PlanRuleInput = z.strictObject({
  name: RequiredText(120),
  /** Conditions; an omitted one always holds. */
  productType: ProductType.optional(),
  currency: CurrencyCode.optional(),
  priceAtLeast: PositiveMinor.optional(),
  priceAtMost: PositiveMinor.optional(),
  daysUntilStartAtLeast: z.number().int().min(-3660).max(3660).optional(),
  daysUntilStartAtMost: z.number().int().min(-3660).max(3660).optional(),
  /** The kind of plan this rule picks among the product's active plans. */
  planKind: PlanKind,
  /** Whether a payer may still choose another plan of the product. */
  payerChoiceAllowed: z.boolean(),
});
export const PlanRuleView = PlanRuleInput.extend({ id: z.string(), position: z.number().int() });
export type PlanRuleView = z.infer<typeof PlanRuleView>;

const PlanCreate = z.strictObject({
  productId: Id,
  name: RequiredText(120),
  /** Optional; when given it must be the product's currency. */
  currency: CurrencyCode.optional(),
  terms: PlanTerms,
  lateFee: LateFee.nullable().optional(),
  depositRefundable: z.boolean().optional(),
  active: z.boolean().optional(),
});

export const PreviewOutput = z.object({
  /** The saved plan previewed (given or detected); null when draft `terms` were previewed. */
  plan: PlanView.nullable(),
  detection: Detection.nullable(),
  currency: z.string(),
  listPrice: z.number().int(),
  discountAmount: z.number().int(),
  total: z.number().int(),
  openEnded: z.boolean(),
  items: z.array(GeneratedItem),
  requiresImmediatePayment: z.boolean(),
});

export const plansContract = {
  'plans:list': channel({
    summary: "A product's payment plans (or all plans).",
    input: z.strictObject({ productId: Id.optional(), includeInactive: z.boolean().optional() }),
    output: z.object({ plans: z.array(PlanView) }),
  }),
  'plans:create': channel({
    summary: 'Attach a payment plan to a product (admin).',
    input: z.strictObject({ requestId: RequestId, plan: PlanCreate }),
    output: PlanView,
  }),
  'plans:update': channel({
    summary: 'Change a plan; schedules already generated keep their items (admin).',
    input: z.strictObject({
      requestId: RequestId,
      planId: Id,
      patch: z.strictObject({
        name: RequiredText(120).optional(),
        terms: PlanTerms.optional(),
        lateFee: LateFee.nullable().optional(),
        depositRefundable: z.boolean().optional(),
        active: z.boolean().optional(),
      }),
    }),
    output: PlanView,
  }),
  'plans:preview': channel({
    summary: 'The schedule a plan (given, detected, or draft terms not yet saved) would produce for a product, date and discount; writes nothing.',
    input: z.strictObject({
      productId: Id,
      /** A saved plan; with neither planId nor terms the auto-detect rules pick one. */
      planId: Id.optional(),
      /** Draft terms, checked exactly as plans:create checks them (errors name `terms.…`); not with planId. */
      terms: PlanTerms.optional(),
      enrollmentDate: IsoDate.optional(),
      discount: Discount.nullable().optional(),
    }),
    output: PreviewOutput,
  }),
  'plans:rules': channel({
    summary: 'The ordered auto-detect rules.',
    input: z.strictObject({}),
    output: z.object({ rules: z.array(PlanRuleView) }),
  }),
  'plans:setRules': channel({
    summary: 'Replace the ordered auto-detect rules (admin); the first rule that matches wins.',
    input: z.strictObject({ requestId: RequestId, rules: z.array(PlanRuleInput).max(100, 'must be at most 100 rules') }),
    output: z.object({ rules: z.array(PlanRuleView) }),
  }),
};

