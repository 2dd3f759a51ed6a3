import { z } from 'zod';
import { CurrencyCode, Id, IsoDate, PositiveMinor, RequestId, RequiredText, ShortText } from '../schemas';
import { channel } from './define';

export const ProductType = z.enum(['course', 'program']);
export type ProductType = z.infer<typeof ProductType>;

/** How a cancellation refund is proposed (the cashier issue computes it). */
export const RefundPolicy = z.enum(['prorata', 'full', 'none']);

export const ExternalId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Largest CSV accepted by products:import, in bytes of UTF-8. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const ProductView = z.object({
  id: z.string(),
  externalId: z.string().nullable(),
  type: ProductType,
  name: z.string(),
  price: z.number().int(),
  currency: z.string(),
  active: z.boolean(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  refundPolicy: RefundPolicy,
  autoAssignPaymentPlan: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof ProductView>;

const ProductFields = {
  externalId: ExternalId.nullable().optional(),
  type: ProductType,
  name: RequiredText(200),
  price: PositiveMinor,
  currency: CurrencyCode,
  active: z.boolean().optional(),
  startDate: IsoDate.nullable().optional(),
  endDate: IsoDate.nullable().optional(),
  refundPolicy: RefundPolicy.optional(),
  autoAssignPaymentPlan: z.boolean().optional(),
};

export const ProductInput = z.strictObject(ProductFields);
export const ProductPatch = z.strictObject({
  externalId: ProductFields.externalId,
  type: ProductType.optional(),
  name: RequiredText(200).optional(),
  price: PositiveMinor.optional(),
  currency: CurrencyCode.optional(),
  active: z.boolean().optional(),
  startDate: ProductFields.startDate,
  endDate: ProductFields.endDate,
  refundPolicy: RefundPolicy.optional(),
  autoAssignPaymentPlan: z.boolean().optional(),
});

export const ImportOutcome = z.enum(['created', 'updated', 'unchanged', 'rejected']);
export const ImportRowReport = z.object({
  /** Line number in the file (the header is line 1). */
  line: z.number().int(),
  externalId: z.string().nullable(),
  outcome: ImportOutcome,
  productId: z.string().nullable(),
  /** For a rejected row: the column at fault and why. */
  field: z.string().nullable(),
  reason: z.string().nullable(),
});
export type ImportRowReport = z.infer<typeof ImportRowReport>;

const Paging = {
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(10_000_000).default(0),
};

export const catalogContract = {
  'products:list': channel({
    summary: 'Products, filtered by text, type and active flag.',
    input: z.strictObject({
      query: ShortText(100).optional(),
      type: ProductType.optional(),
      active: z.boolean().optional(),
      ...Paging,
    }),
    output: z.object({ products: z.array(ProductView), total: z.number().int() }),
  }),
  'products:create': channel({
    summary: 'Create a course or program (admin).',
    input: z.strictObject({ requestId: RequestId, product: ProductInput }),
    output: ProductView,
  }),
  'products:update': channel({
    summary: 'Change a product, including deactivating it (admin).',
    input: z.strictObject({ requestId: RequestId, productId: Id, patch: ProductPatch }),
    output: ProductView,
  }),
  'products:import': channel({
    summary: 'Create or update products from CSV text, idempotent by external id (admin).',
    input: z.strictObject({
      requestId: RequestId,
      csv: z.string().min(1, 'is empty').max(MAX_IMPORT_BYTES, { message: `must be at most ${MAX_IMPORT_BYTES} bytes`, abort: true }).refine((s) => new TextEncoder().encode(s).length <= MAX_IMPORT_BYTES, { message: `must be at most ${MAX_IMPORT_BYTES} bytes` }),
    }),
    output: z.object({
      rows: z.array(ImportRowReport),
      counts: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), rejected: z.number().int() }),
    }),
  }),
};
