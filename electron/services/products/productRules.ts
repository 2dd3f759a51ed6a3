import { invalidAs, refuseAs } from '../../core/errors';
import type { Store } from '../../store/store';
import type { ProductFields } from './productsRepo';
import { countPlansInOtherCurrency, findProductByExternalId } from './productsRepo';
import { dayParam } from '../../../shared/errorMessages';

/** Checks that span fields or rows; `prefix` names the input object (`product`, `patch`). */
export function checkProductFields(store: Store, fields: ProductFields, prefix: string, selfId: string | null): void {
  if (fields.startDate && fields.endDate && fields.endDate < fields.startDate) {
    throw invalidAs(`${prefix}.endDate`, 'product.endBeforeStart', { end: dayParam(fields.endDate), start: dayParam(fields.startDate) });
  }
  if (fields.externalId) {
    const other = findProductByExternalId(store, fields.externalId);
    if (other && other.id !== selfId) throw refuseAs('CONFLICT', 'product.externalIdTaken', { externalId: fields.externalId }, { productId: other.id, field: `${prefix}.externalId` });
  }
  if (selfId && countPlansInOtherCurrency(store, selfId, fields.currency) > 0) {
    throw invalidAs(`${prefix}.currency`, 'product.currencyHasPlans', { currency: fields.currency });
  }
}
