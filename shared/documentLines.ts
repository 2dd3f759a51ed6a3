import { z } from 'zod';

/**
 * What a line of a receipt, a statement or a Z report is, as data (a kind and its numbers),
 * never as English: the window words it from its catalog in the office's language, and the core
 * words the documents it prints from the same catalog in the office's locale. Nothing stored is
 * reworded: the lines are derived from the schedule items and ledger rows when shown or printed.
 */
export const ItemLine = z.object({
  kind: z.enum(['full', 'deposit', 'installment', 'period', 'late_fee', 'item']),
  /** The installment's or period's number (installments counted among the enrollment's installments); the item's seq for `item`. */
  n: z.number().int(),
  /** How many installments the enrollment has (0 for other kinds). */
  of: z.number().int(),
  /** On a receipt: whether this payment settled the item or paid part of it; null where nothing is paid (a statement's charge). */
  paid: z.enum(['settled', 'part']).nullable(),
});
export type ItemLine = z.infer<typeof ItemLine>;

/** A catalog's words for an id (`t` in the window; `catalogWords` in the core). */
export type Words = (id: string, values?: Record<string, string | number>) => string;

/** "Installment 2 of 5", "Deposit (part payment)", "Paid in full", "Cuota 2 de 5". */
export function itemLineWords(l: ItemLine, w: Words): string {
  if (l.kind === 'full' && l.paid === 'settled') return w('line.paidInFull');
  const label = w(`line.${l.kind}`, { n: l.n, of: l.of });
  return l.paid === 'part' ? w('line.partPayment', { label }) : label;
}

/** What a statement line is: the product, and the item charged or the method paid or refunded by. */
export const StatementLine = z.object({
  product: z.string(),
  item: ItemLine.nullable(),
  /** The payment's or refund's method (`credit`: a refund moved to credit on account). */
  method: z.string().nullable(),
});
export type StatementLine = z.infer<typeof StatementLine>;

/** "Piano lessons: Installment 1 of 3", "Piano lessons: Bank transfer", "Piano lessons: refund (Cash)". */
export function statementLineWords(kind: 'charge' | 'payment' | 'refund', l: StatementLine, w: Words): string {
  const method = l.method ? w(`method.${l.method}`) : '';
  if (kind === 'charge') return w('statementLine.charge', { product: l.product, item: l.item ? itemLineWords(l.item, w) : '' });
  if (kind === 'payment') return w('statementLine.payment', { product: l.product, method });
  return l.method === 'credit' ? w('statementLine.toCredit', { product: l.product }) : w('statementLine.refund', { product: l.product, method });
}

/** The kinds of drawer movement the Z report and the Drawer screen list, in counting order. */
export const DRAWER_LINE_KINDS = ['drawer_open', 'payment', 'void', 'refund', 'paid_in', 'paid_out'] as const;

/** "Cash payments", "Pagos en efectivo"; a kind of row this list does not know is "Other adjustments". */
export const drawerLineWords = (kind: string, w: Words): string => w(`drawerLine.${(DRAWER_LINE_KINDS as readonly string[]).includes(kind) ? kind : 'other'}`);
