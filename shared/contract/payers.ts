import { z } from 'zod';
import { Id, RequestId, RequiredText } from '../schemas';
import { ExternalId } from './catalog';
import { channel } from './define';

export const Email = z.string().trim().toLowerCase().max(200, 'must be at most 200 characters').pipe(z.email('is not an email address'));
export const Phone = z.string().trim().min(3, 'must be at least 3 characters').max(40, { message: 'must be at most 40 characters', abort: true }).regex(/^\+?[0-9 ()./-]+$/, 'may contain only digits, spaces and + ( ) . / -').refine((p) => p.replace(/\D/g, '').length >= 3, { message: 'must contain at least 3 digits' });

export const PayerView = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  externalId: z.string().nullable(),
  /** The payer asked for no email: no receipts, statements or reminders are mailed. */
  mailOptOut: z.boolean(),
  createdAt: z.string(),
});
export type PayerView = z.infer<typeof PayerView>;

export const payersContract = {
  'payers:search': channel({
    summary: 'Find payers by name, email, phone or external id (prefix first, then contains).',
    input: z.strictObject({
      query: z.string().trim().max(100, 'must be at most 100 characters'),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: z.object({ payers: z.array(PayerView) }),
  }),
  'payers:create': channel({
    summary: 'Register a payer (student).',
    input: z.strictObject({
      requestId: RequestId,
      payer: z.strictObject({
        name: RequiredText(200),
        email: Email.nullable().optional(),
        phone: Phone.nullable().optional(),
        externalId: ExternalId.nullable().optional(),
        mailOptOut: z.boolean().optional(),
      }),
    }),
    output: PayerView,
  }),
  'payers:update': channel({
    summary: "Change a payer's name, email, phone or mail opt-out.",
    input: z.strictObject({
      requestId: RequestId,
      payerId: Id,
      patch: z.strictObject({
        name: RequiredText(200).optional(),
        email: Email.nullable().optional(),
        phone: Phone.nullable().optional(),
        mailOptOut: z.boolean().optional(),
      }),
    }),
    output: PayerView,
  }),
};
