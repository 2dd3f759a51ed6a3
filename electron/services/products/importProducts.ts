import type { ImportRowReport } from '../../../shared/contract/catalog';
import type { HandlerContext } from '../../core/handlers';
import { parseProductCsv } from './parseProductCsv';
import type { CsvProductValues } from './parseProductCsv';
import { countPlansInOtherCurrency, fieldsOf, findProductByExternalId, insertProduct, updateProduct } from './productsRepo';
import type { ProductFields } from './productsRepo';

const same = (a: ProductFields, b: ProductFields): boolean =>
  a.type === b.type && a.name === b.name && a.price === b.price && a.currency === b.currency && a.startDate === b.startDate && a.endDate === b.endDate;

/**
 * Creates or updates products by external id. Re-importing the same file changes nothing
 * and reports every row `unchanged`; a row that fails only rejects itself.
 */
export function importProducts(csv: string, ctx: HandlerContext): { rows: ImportRowReport[]; counts: Record<ImportRowReport['outcome'], number> } {
  const parsed = parseProductCsv(csv);
  const at = ctx.now();
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const rows = parsed.map((row): ImportRowReport => {
    if (!row.ok) {
      counts.rejected += 1;
      return { line: row.line, externalId: row.externalId, outcome: 'rejected', productId: null, field: row.field, reason: row.reason };
    }
    const v: CsvProductValues = row.values;
    const existing = findProductByExternalId(ctx.store, v.externalId);
    if (!existing) {
      const created = insertProduct(ctx.store, {
        externalId: v.externalId, type: v.type, name: v.name, price: v.price, currency: v.currency,
        active: true, startDate: v.startDate ?? null, endDate: v.endDate ?? null, refundPolicy: 'prorata', autoAssignPaymentPlan: true,
      }, at);
      ctx.audit({ action: 'product.import.create', entityType: 'product', entityId: created.id, after: fieldsOf(created) });
      counts.created += 1;
      return { line: row.line, externalId: v.externalId, outcome: 'created', productId: created.id, field: null, reason: null };
    }
    const before = fieldsOf(existing);
    const next: ProductFields = {
      ...before, type: v.type, name: v.name, price: v.price, currency: v.currency,
      startDate: v.startDate === undefined ? before.startDate : v.startDate,
      endDate: v.endDate === undefined ? before.endDate : v.endDate,
    };
    if (same(before, next)) {
      counts.unchanged += 1;
      return { line: row.line, externalId: v.externalId, outcome: 'unchanged', productId: existing.id, field: null, reason: null };
    }
    const reject = (field: string, reason: string): ImportRowReport => {
      counts.rejected += 1;
      return { line: row.line, externalId: v.externalId, outcome: 'rejected', productId: existing.id, field, reason: `${field} ${reason}` };
    };
    if (next.startDate && next.endDate && next.endDate < next.startDate) return reject('end_date', `${next.endDate} is before the stored start date ${next.startDate}`);
    if (next.currency !== before.currency && countPlansInOtherCurrency(ctx.store, existing.id, next.currency) > 0) {
      return reject('currency', `cannot change from ${before.currency} to ${next.currency}: the product has payment plans in ${before.currency}`);
    }
    const updated = updateProduct(ctx.store, existing.id, next, at);
    ctx.audit({ action: 'product.import.update', entityType: 'product', entityId: existing.id, before, after: fieldsOf(updated) });
    counts.updated += 1;
    return { line: row.line, externalId: v.externalId, outcome: 'updated', productId: existing.id, field: null, reason: null };
  });
  ctx.audit({ action: 'products.import', entityType: 'product_import', entityId: ctx.requestId, after: counts });
  return { rows, counts };
}
