import { newId } from '../../store/ids';
import type { ProductType, ProductView } from '../../../shared/contract/catalog';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import { notFound } from '../../core/errors';

type ProductRow = {
  id: string;
  external_id: string | null;
  type: ProductType;
  name: string;
  price: number;
  currency: string;
  active: number;
  start_date: string | null;
  end_date: string | null;
  refund_policy: ProductView['refundPolicy'];
  auto_assign_payment_plan: number;
  created_at: string;
  updated_at: string;
};

/** The fields a person (or a CSV row) sets on a product. */
export type ProductFields = {
  externalId: string | null;
  type: ProductType;
  name: string;
  price: number;
  currency: string;
  active: boolean;
  startDate: string | null;
  endDate: string | null;
  refundPolicy: ProductView['refundPolicy'];
  autoAssignPaymentPlan: boolean;
};

const toView = (r: ProductRow): ProductView => ({
  id: r.id,
  externalId: r.external_id,
  type: r.type,
  name: r.name,
  price: r.price,
  currency: r.currency,
  active: r.active === 1,
  startDate: r.start_date,
  endDate: r.end_date,
  refundPolicy: r.refund_policy,
  autoAssignPaymentPlan: r.auto_assign_payment_plan === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const fieldsOf = (p: ProductView): ProductFields => ({
  externalId: p.externalId,
  type: p.type,
  name: p.name,
  price: p.price,
  currency: p.currency,
  active: p.active,
  startDate: p.startDate,
  endDate: p.endDate,
  refundPolicy: p.refundPolicy,
  autoAssignPaymentPlan: p.autoAssignPaymentPlan,
});

export function findProduct(store: Store, id: string): ProductView | undefined {
  const row = store.get<ProductRow>(sql`SELECT * FROM products WHERE id = ${id}`);
  return row && toView(row);
}

export function getProduct(store: Store, id: string): ProductView {
  const product = findProduct(store, id);
  if (!product) throw notFound('Product', id);
  return product;
}

export function findProductByExternalId(store: Store, externalId: string): ProductView | undefined {
  const row = store.get<ProductRow>(sql`SELECT * FROM products WHERE external_id = ${externalId}`);
  return row && toView(row);
}

export function insertProduct(store: Store, fields: ProductFields, at: Date): ProductView {
  const id = newId('prd');
  const ts = at.toISOString();
  store.run(sql`INSERT INTO products (id, external_id, type, name, price, currency, active, start_date, end_date, refund_policy, auto_assign_payment_plan, created_at, updated_at)
    VALUES (${id}, ${fields.externalId}, ${fields.type}, ${fields.name}, ${fields.price}, ${fields.currency}, ${fields.active}, ${fields.startDate}, ${fields.endDate}, ${fields.refundPolicy}, ${fields.autoAssignPaymentPlan}, ${ts}, ${ts})`);
  return getProduct(store, id);
}

export function updateProduct(store: Store, id: string, fields: ProductFields, at: Date): ProductView {
  store.run(sql`UPDATE products SET external_id = ${fields.externalId}, type = ${fields.type}, name = ${fields.name}, price = ${fields.price},
    currency = ${fields.currency}, active = ${fields.active}, start_date = ${fields.startDate}, end_date = ${fields.endDate},
    refund_policy = ${fields.refundPolicy}, auto_assign_payment_plan = ${fields.autoAssignPaymentPlan}, updated_at = ${at.toISOString()}
    WHERE id = ${id}`);
  return getProduct(store, id);
}

export function listProducts(store: Store, filter: { query?: string | undefined; type?: ProductType | undefined; active?: boolean | undefined; limit: number; offset: number }): { products: ProductView[]; total: number } {
  const where: SqlQuery[] = [];
  if (filter.query) {
    const q = filter.query.toLowerCase();
    where.push(sql`(instr(lower(name), ${q}) > 0 OR instr(lower(coalesce(external_id, '')), ${q}) > 0)`);
  }
  if (filter.type) where.push(sql`type = ${filter.type}`);
  if (filter.active !== undefined) where.push(sql`active = ${filter.active}`);
  const clause = sql.join(where, ' AND ', '1 = 1');
  const rows = store.all<ProductRow>(sql`SELECT * FROM products WHERE ${clause} ORDER BY name COLLATE NOCASE, id LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  const total = store.get<{ n: number }>(sql`SELECT count(*) AS n FROM products WHERE ${clause}`)?.n ?? 0;
  return { products: rows.map(toView), total };
}

export function countPlansInOtherCurrency(store: Store, productId: string, currency: string): number {
  return store.get<{ n: number }>(sql`SELECT count(*) AS n FROM payment_plans WHERE product_id = ${productId} AND currency <> ${currency}`)?.n ?? 0;
}
