import { conflict, invalid } from '../../core/errors';
import type { Store } from '../../store/store';
import type { ProductFields } from './productsRepo';
import { countPlansInOtherCurrency, findProductByExternalId } from './productsRepo';

/** Checks that span fields or rows; `prefix` names the input object (`product`, `patch`). */
export function checkProductFields(store: Store, fields: ProductFields, prefix: string, selfId: string | null): void {
  if (fields.startDate && fields.endDate && fields.endDate < fields.startDate) {
    throw invalid(`${prefix}.endDate`, `${fields.endDate} is before the start date ${fields.startDate}`);
  }
  if (fields.externalId) {
    const other = findProductByExternalId(store, fields.externalId);
    if (other && other.id !== selfId) throw conflict(`Another product already has external id ${fields.externalId}`, { productId: other.id, field: `${prefix}.externalId` });
  }
  if (selfId && countPlansInOtherCurrency(store, selfId, fields.currency) > 0) {
    throw invalid(`${prefix}.currency`, `cannot change to ${fields.currency}: the product has payment plans in another currency`);
  }
}
