import type { PlanTerms } from '../../../shared/contract/plans';
import type { ProductView } from '../../../shared/contract/catalog';
import { invalidAs, underField } from '../../core/errors';
import { generateSchedule } from '../schedules/generateSchedule';

/**
 * Refuses terms that could never produce a valid schedule for this product at its list
 * price (deposit ≥ price, more installments than minor units, product_start with no start
 * date, explicit dates before the deposit). Discounts are checked again at enrollment.
 */
export function checkPlanForProduct(product: ProductView, terms: PlanTerms, prefix: string): void {
  underField(prefix, () => checkTermsForProduct(product, terms));
}

/** The same check with the fields named from `terms` (`terms.count`): what plans:preview reports for draft terms. */
export function checkTermsForProduct(product: ProductView, terms: PlanTerms): void {
  // An enrollment date earlier than any plan date, so only the terms themselves can fail.
  generateSchedule({ price: product.price, terms, discount: null, enrollmentDate: '0001-01-01', productStart: product.startDate, currency: product.currency });
}

export function checkPlanCurrency(product: ProductView, currency: string | undefined, field: string): string {
  if (currency !== undefined && currency !== product.currency) throw invalidAs(field, 'plan.currencyNotProduct', { currency, productCurrency: product.currency });
  return product.currency;
}
