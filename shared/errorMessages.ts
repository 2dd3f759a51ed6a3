import { formatMoney } from './money';

/**
 * What a refusal says, by a stable key and its parameters. The core builds an error's
 * `message` from here (money in en-US until a window formats it); the window builds it again
 * in the office's locale (`renderErrorMessage`), so an amount reads "$1,000.00" or
 * "1.000,00 €", never "100000 minor units". Parameters are amounts with their currency and
 * labels a person knows (a payer's name, a receipt number), never record ids or channel
 * names. This table is English; a message catalog of another language takes the same keys
 * and parameters.
 */
export type MoneyParam = { amount: number; currency: string };
export type ErrorParam = string | number | boolean | MoneyParam;
export type ErrorParams = Record<string, ErrorParam>;

/**
 * How a message's values are written. `words`, when given, is a message catalog of the window's
 * language (`error.<key>` in renderer/src/i18n): it gets the parameters with amounts already
 * formatted and returns the sentence, or undefined to fall back to this English table.
 */
export type ErrorFormat = {
  money(m: MoneyParam): string;
  number(n: number): string;
  words?: (key: ErrorKey, params: Record<string, string | number | boolean>) => string | undefined;
};

const isMoney = (v: unknown): v is MoneyParam =>
  !!v && typeof v === 'object' && typeof (v as MoneyParam).amount === 'number' && Number.isSafeInteger((v as MoneyParam).amount) && typeof (v as MoneyParam).currency === 'string';

type Money = MoneyParam;
const entries = {
  // Amounts
  'drawer.paidOutOverCash': (p: { cash: Money }, f: ErrorFormat) => `the drawer should hold only ${f.money(p.cash)}`,
  'drawer.overShortNeedsNote': (p: { difference: Money; short: boolean }, f: ErrorFormat) =>
    `the drawer is ${p.short ? 'short' : 'over'} by ${f.money(p.difference)}; say why`,
  'drawer.denominationsDisagree': (p: { sum: Money; counted: Money }, f: ErrorFormat) => `add up to ${f.money(p.sum)}, not the counted ${f.money(p.counted)}`,
  'drawer.notOpen': (p: { what: string }) => `The drawer is not open at this desk: open it on the Drawer screen before taking ${p.what}`,
  'refund.overPaid': (p: { paid: Money }, f: ErrorFormat) => `only ${f.money(p.paid)} was paid on this enrollment (net of earlier refunds and voids)`,
  'deposit.floatOverCash': (p: { cash: Money }, f: ErrorFormat) => `is more than the ${f.money(p.cash)} of cash counted`,
  'refund.overPaidAndCredit': (p: { paid: Money; credit: Money }, f: ErrorFormat) => `only ${f.money(p.paid)} was paid on this enrollment (net of earlier refunds and voids) and the payer's credit on account is ${f.money(p.credit)}`,
  'refund.overCredit': (p: { balance: Money }, f: ErrorFormat) => `the payer's credit on account is only ${f.money(p.balance)}`,
  'refund.overPayment': (p: { receipt: string; remaining: Money }, f: ErrorFormat) => `payment ${p.receipt} has only ${f.money(p.remaining)} left to refund`,
  'refund.splitDisagrees': (p: { sum: Money; amount: Money }, f: ErrorFormat) => `adds up to ${f.money(p.sum)}, not ${f.money(p.amount)}`,
  'refund.overrideNeedsReason': (p: { amount: Money; proposed: Money }, f: ErrorFormat) => `is required to refund ${f.money(p.amount)} instead of the proposed ${f.money(p.proposed)}`,
  'payment.overCredit': (p: { balance: Money }, f: ErrorFormat) => `the payer has only ${f.money(p.balance)} of credit on account`,
  'payment.creditOverOwed': (p: { owed: Money }, f: ErrorFormat) => `only ${f.money(p.owed)} is owed on the chosen items; the rest of the credit stays on the account`,
  'schedule.nothingLeft': (p: { price: Money }, f: ErrorFormat) => `leaves nothing to pay on ${f.money(p.price)}; an item of zero cannot be scheduled`,
  'schedule.depositOverPrice': (p: { total: Money }, f: ErrorFormat) => `must be less than the price after discount (${f.money(p.total)})`,
  'schedule.depositZero': (p: { total: Money }, f: ErrorFormat) => `gives a deposit of zero on ${f.money(p.total)}`,
  'schedule.depositLeavesNothing': (p: { total: Money }, f: ErrorFormat) => `leaves nothing for the installments on ${f.money(p.total)}`,
  'schedule.installmentZero': (p: { count: number; rest: Money }, f: ErrorFormat) => `${f.number(p.count)} installments of ${f.money(p.rest)} in all would leave an installment of zero`,
  // Items and enrollments, named as a person knows them
  'item.alreadyPaid': (p: { item: string }) => `${p.item} is already paid, so it cannot be moved, paused or waived; refund it first if it should not have been paid`,
  'item.notInState': (p: { item: string; state: string }) => `${p.item} is ${p.state}`,
  // Access and paging
  'auth.needsAdmin': (_p: Record<string, never>) => "Only an admin can do this (or a cashier with an admin's override)",
  'cursor.stale': (_p: Record<string, never>) => 'is not a page position from this list; start again from the first page',
} satisfies Record<string, (p: never, f: ErrorFormat) => string>;

export const errorMessages = entries;
export type ErrorKey = keyof typeof entries;
export type ParamsOf<K extends ErrorKey> = Parameters<(typeof entries)[K]>[0];

export const isErrorKey = (key: string): key is ErrorKey => Object.prototype.hasOwnProperty.call(entries, key);

/** Money in `locale` (the office's), numbers grouped the same way. */
export const errorFormat = (locale = 'en-US'): ErrorFormat => ({
  money: (m) => (isMoney(m) ? formatMoney(m.amount, m.currency, locale) : '?'),
  number: (n) => new Intl.NumberFormat(locale).format(n),
});

/** The words for `key` with `params`, or undefined for a key this table does not know. */
export function renderErrorMessage(key: string, params: ErrorParams | undefined, format: ErrorFormat = errorFormat()): string | undefined {
  if (!isErrorKey(key)) return undefined;
  try {
    if (format.words) {
      const values = Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'object' ? format.money(v) : v]));
      const text = format.words(key, values);
      if (text !== undefined) return text;
    }
    return (entries[key] as (p: ErrorParams, f: ErrorFormat) => string)(params ?? {}, format);
  } catch {
    return undefined;
  }
}
