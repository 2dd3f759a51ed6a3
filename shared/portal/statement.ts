import { z } from 'zod';

/**
 * What a sealed payer page holds once opened: the payer's statement as the desk saw it when it
 * published. Amounts are integer minor units of `currency`; the page formats them in `locale`.
 * Dates are the office's calendar days (YYYY-MM-DD); `publishedAt` is an instant, shown in
 * `timeZone`. The page renders only these fields, as text: nothing in a statement is markup.
 */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Minor = z.number().int().min(-1_000_000_000_000).max(1_000_000_000_000);
const Text = z.string().max(300);

export const StatementItemStatus = z.enum(['due', 'overdue', 'partly_paid', 'paid', 'paused', 'waived']);

export const StatementItem = z.strictObject({
  label: Text,
  dueDate: Day,
  amount: Minor,
  paid: Minor,
  status: StatementItemStatus,
});

export const StatementEnrollment = z.strictObject({
  student: Text,
  product: Text,
  status: z.enum(['active', 'cancelled', 'completed']),
  items: z.array(StatementItem).max(500),
});

export const StatementMovement = z.strictObject({
  date: Day,
  kind: z.enum(['payment', 'refund']),
  receipt: Text.nullable(),
  method: Text,
  amount: Minor,
});

/** A Pay button: a Stripe-hosted page that stays valid while the desk is offline. */
export const StatementPayLink = z.strictObject({
  amount: Minor,
  url: z.string().url().max(2000),
});

export const PayerStatement = z.strictObject({
  v: z.literal(1),
  office: z.strictObject({ name: Text, address: Text.nullable(), email: Text.nullable(), phone: Text.nullable() }),
  payer: z.strictObject({ name: Text }),
  currency: z.string().regex(/^[A-Z]{3}$/),
  locale: z.string().min(2).max(35),
  timeZone: z.string().min(1).max(64),
  publishedAt: z.string().datetime(),
  enrollments: z.array(StatementEnrollment).max(200),
  movements: z.array(StatementMovement).max(2000),
  credit: Minor,
  balance: Minor,
  pay: z.strictObject({ next: StatementPayLink.extend({ dueDate: Day }).nullable(), balance: StatementPayLink.nullable() }),
});
export type PayerStatement = z.infer<typeof PayerStatement>;
