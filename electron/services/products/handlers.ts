import { defineHandlers } from '../../core/handlers';
import { importProducts } from './importProducts';
import { checkProductFields } from './productRules';
import { fieldsOf, getProduct, insertProduct, listProducts, updateProduct } from './productsRepo';
import type { ProductFields } from './productsRepo';

export const productsHandlers = defineHandlers({
  'products:list': {
    kind: 'query',
    access: 'staff',
    run: (input, { store }) => listProducts(store, input),
  },
  'products:create': {
    kind: 'mutation',
    access: 'admin',
    run: ({ product: p }, ctx) => {
      const fields: ProductFields = {
        externalId: p.externalId ?? null,
        type: p.type,
        name: p.name,
        price: p.price,
        currency: p.currency,
        active: p.active ?? true,
        startDate: p.startDate ?? null,
        endDate: p.endDate ?? null,
        refundPolicy: p.refundPolicy ?? 'prorata',
        autoAssignPaymentPlan: p.autoAssignPaymentPlan ?? true,
      };
      checkProductFields(ctx.store, fields, 'product', null);
      const created = insertProduct(ctx.store, fields, ctx.now());
      ctx.audit({ action: 'product.create', entityType: 'product', entityId: created.id, after: fieldsOf(created) });
      return created;
    },
  },
  'products:update': {
    kind: 'mutation',
    access: 'admin',
    run: ({ productId, patch }, ctx) => {
      const existing = getProduct(ctx.store, productId);
      const before = fieldsOf(existing);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<ProductFields>;
      const next: ProductFields = { ...before, ...defined };
      checkProductFields(ctx.store, next, 'patch', productId);
      const updated = updateProduct(ctx.store, productId, next, ctx.now());
      ctx.audit({ action: 'product.update', entityType: 'product', entityId: productId, before, after: fieldsOf(updated) });
      return updated;
    },
  },
  'products:import': {
    kind: 'mutation',
    access: 'admin',
    run: ({ csv }, ctx) => importProducts(csv, ctx),
  },
});
