import type { InputOf, OutputOf } from '../../../../shared/contract';
import { officeMoney } from '../../hooks/useMoney';
import { t } from '../../i18n';

export type RuleInput = InputOf<'plans:setRules'>['rules'][number];
export type RuleView = OutputOf<'plans:rules'>['rules'][number];
export type RuleField = keyof RuleInput;

/** A rule as typed in the editor; `key` keeps a row's identity (focus, React keys) while rules move. */
export type RuleDraft = {
  key: number;
  name: string;
  productType: '' | 'course' | 'program';
  currency: string;
  priceAtLeast: string;
  priceAtMost: string;
  daysUntilStartAtLeast: string;
  daysUntilStartAtMost: string;
  planKind: 'full' | 'installments' | 'subscription';
  payerChoiceAllowed: boolean;
};

let nextKey = 1;
export const newRuleKey = (): number => nextKey++;

export const emptyRuleDraft = (): RuleDraft => ({
  key: newRuleKey(),
  name: '',
  productType: '',
  currency: '',
  priceAtLeast: '',
  priceAtMost: '',
  daysUntilStartAtLeast: '',
  daysUntilStartAtMost: '',
  planKind: 'installments',
  payerChoiceAllowed: true,
});

/** Read when shown (getters), so they are in the window's language of the moment. */
export const PLAN_KIND_LABELS: Record<RuleDraft['planKind'], string> = {
  get full() { return t('rule.planKind.full'); },
  get installments() { return t('rule.planKind.installments'); },
  get subscription() { return t('rule.planKind.subscription'); },
};

/** The labels the editor shows, so the core's field errors read in the screen's words. */
export const FIELD_LABELS: Record<RuleField, string> = {
  get name() { return t('rule.field.name'); },
  get productType() { return t('rule.field.productType'); },
  get currency() { return t('rule.field.currency'); },
  get priceAtLeast() { return t('rule.field.priceAtLeast'); },
  get priceAtMost() { return t('rule.field.priceAtMost'); },
  get daysUntilStartAtLeast() { return t('rule.field.daysUntilStartAtLeast'); },
  get daysUntilStartAtMost() { return t('rule.field.daysUntilStartAtMost'); },
  get planKind() { return t('rule.field.planKind'); },
  get payerChoiceAllowed() { return t('rule.field.payerChoiceAllowed'); },
};

const isCurrencyCode = (c: string): boolean => /^[A-Z]{3}$/.test(c);

export function ruleToDraft(r: RuleView): RuleDraft {
  const money = (amount: number | undefined) => (amount === undefined || !r.currency ? '' : officeMoney().toInput(amount, r.currency));
  const days = (n: number | undefined) => (n === undefined ? '' : String(n));
  return {
    key: newRuleKey(),
    name: r.name,
    productType: r.productType ?? '',
    currency: r.currency ?? '',
    priceAtLeast: money(r.priceAtLeast),
    priceAtMost: money(r.priceAtMost),
    daysUntilStartAtLeast: days(r.daysUntilStartAtLeast),
    daysUntilStartAtMost: days(r.daysUntilStartAtMost),
    planKind: r.planKind,
    payerChoiceAllowed: r.payerChoiceAllowed,
  };
}

/**
 * The draft as the contract's rule, or what cannot be read in it (per field). Only typing
 * is checked here; the rules themselves (a price needs its currency, at least ≤ at most)
 * are the core's, and its field errors are shown on the same fields.
 */
export function draftToRule(d: RuleDraft, defaultCurrency: string): { rule: RuleInput; errors: null } | { rule: null; errors: Partial<Record<RuleField, string>> } {
  const errors: Partial<Record<RuleField, string>> = {};
  const currency = d.currency.trim().toUpperCase();
  if (currency && !isCurrencyCode(currency)) errors.currency = t('rule.error.currency');
  // Without a currency the amount is read in the office currency; the core then asks for the currency.
  const moneyIn = isCurrencyCode(currency) ? currency : defaultCurrency;
  const rule: RuleInput = { name: d.name.trim(), planKind: d.planKind, payerChoiceAllowed: d.payerChoiceAllowed };
  if (d.productType) rule.productType = d.productType;
  if (currency) rule.currency = currency;
  for (const field of ['priceAtLeast', 'priceAtMost'] as const) {
    const text = d[field].trim();
    if (!text) continue;
    const amount = officeMoney().parse(text, moneyIn);
    if (amount === null || amount <= 0) errors[field] = t('rule.error.amount');
    else rule[field] = amount;
  }
  for (const field of ['daysUntilStartAtLeast', 'daysUntilStartAtMost'] as const) {
    const text = d[field].trim();
    if (!text) continue;
    if (!/^-?\d{1,4}$/.test(text)) errors[field] = t('rule.error.days');
    else rule[field] = Number(text);
  }
  if (!rule.name) errors.name = t('rule.error.required');
  return Object.keys(errors).length > 0 ? { rule: null, errors } : { rule, errors: null };
}

/** One line a person can check: the conditions, then the plan the rule picks. */
export function describeRule(d: RuleDraft, money: (amount: number, currency: string) => string, defaultCurrency: string): string {
  const conditions: string[] = [];
  if (d.productType) conditions.push(t('rule.describe.productType', { type: d.productType }));
  if (d.currency.trim()) conditions.push(t('rule.describe.currency', { currency: d.currency.trim().toUpperCase() }));
  const moneyIn = isCurrencyCode(d.currency.trim().toUpperCase()) ? d.currency.trim().toUpperCase() : defaultCurrency;
  const price = (text: string) => {
    const amount = officeMoney().parse(text, moneyIn);
    return amount === null ? text : money(amount, moneyIn);
  };
  if (d.priceAtLeast.trim()) conditions.push(t('rule.describe.priceAtLeast', { price: price(d.priceAtLeast) }));
  if (d.priceAtMost.trim()) conditions.push(t('rule.describe.priceAtMost', { price: price(d.priceAtMost) }));
  if (d.daysUntilStartAtLeast.trim()) conditions.push(t('rule.describe.daysAtLeast', { days: d.daysUntilStartAtLeast.trim() }));
  if (d.daysUntilStartAtMost.trim()) conditions.push(t('rule.describe.daysAtMost', { days: d.daysUntilStartAtMost.trim() }));
  const when = conditions.length > 0 ? t('rule.describe.when', { conditions: conditions.join(', ') }) : t('rule.describe.always');
  return t('rule.describe.line', { when, plan: PLAN_KIND_LABELS[d.planKind], payerChoice: d.payerChoiceAllowed });
}
