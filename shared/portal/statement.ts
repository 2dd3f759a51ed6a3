import * as z from 'zod/mini';

/**
 * What a sealed payer page holds once opened: the payer's statement as the desk saw it when it
 * published. Amounts are integer minor units of `currency`; the page formats them in `locale`.
 * Dates are the office's calendar days (YYYY-MM-DD); `publishedAt` is an instant, shown in
 * `timeZone`. The page renders only these fields, as text: nothing in a statement is markup.
 *
 * zod's mini build: the payer's browser downloads this schema with the page (17 KB, against
 * 450 KB for the full build), and the desk checks what it publishes with the same one.
 */
const Day = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const Minor = z.number().check(z.int(), z.minimum(-1_000_000_000_000), z.maximum(1_000_000_000_000));
const Text = z.string().check(z.maxLength(300));
const Opt = <T extends z.ZodMiniType>(t: T) => z.nullable(t);

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
  items: z.array(StatementItem).check(z.maxLength(500)),
});

export const StatementMovement = z.strictObject({
  date: Day,
  kind: z.enum(['payment', 'refund']),
  receipt: Opt(Text),
  method: Text,
  amount: Minor,
});

/** A Pay button: a Stripe-hosted page that stays valid while the desk is offline. */
const PayUrl = z.url().check(z.maxLength(2000));

export const PayerStatement = z.strictObject({
  v: z.literal(1),
  office: z.strictObject({ name: Text, address: Opt(Text), email: Opt(Text), phone: Opt(Text) }),
  payer: z.strictObject({ name: Text }),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  locale: z.string().check(z.minLength(2), z.maxLength(35)),
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
  publishedAt: z.iso.datetime(),
  enrollments: z.array(StatementEnrollment).check(z.maxLength(200)),
  movements: z.array(StatementMovement).check(z.maxLength(2000)),
  credit: Minor,
  balance: Minor,
  pay: z.strictObject({
    next: Opt(z.strictObject({ amount: Minor, url: PayUrl, dueDate: Day })),
    balance: Opt(z.strictObject({ amount: Minor, url: PayUrl })),
  }),
});
export type PayerStatement = z.infer<typeof PayerStatement>;
