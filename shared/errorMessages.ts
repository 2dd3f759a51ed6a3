import { formatMoney } from './money';
import { officeTimeFormat } from './officeTime';

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
/**
 * A calendar date (YYYY-MM-DD) as a parameter, never as text: the window writes it in the
 * office's locale ("1 dic 2026", "Dec 1, 2026"), so no refusal shows "due 2026-12-01".
 */
export type DateParam = { day: string };
export type ErrorParam = string | number | boolean | MoneyParam | DateParam;

/** `day` (YYYY-MM-DD) as a date parameter. */
export const dayParam = (day: string): DateParam => ({ day });
export type ErrorParams = Record<string, ErrorParam>;

/**
 * How a message's values are written. `words`, when given, is a message catalog of the window's
 * language (`error.<key>` in renderer/src/i18n): it gets the parameters with amounts already
 * formatted and returns the sentence, or undefined to fall back to this English table.
 */
export type ErrorFormat = {
  money(m: MoneyParam): string;
  number(n: number): string;
  /** A calendar date in the office's locale (the window's date layer). */
  date(d: DateParam): string;
  words?: (key: ErrorKey, params: Record<string, string | number | boolean>) => string | undefined;
  /** The window catalog's name of a field (`field.<name>`), or undefined for this table's English. */
  label?: (name: string) => string | undefined;
};

export const isDateParam = (v: unknown): v is DateParam => !!v && typeof v === 'object' && typeof (v as DateParam).day === 'string' && !('amount' in v);

/** An amount or a date parameter in `f`'s words. */
const objectText = (v: MoneyParam | DateParam, f: ErrorFormat): string => (isDateParam(v) ? f.date(v) : f.money(v));

const isMoney = (v: unknown): v is MoneyParam =>
  !!v && typeof v === 'object' && typeof (v as MoneyParam).amount === 'number' && Number.isSafeInteger((v as MoneyParam).amount) && typeof (v as MoneyParam).currency === 'string';


/** A catalog template (renderer/src/i18n) filled with `params` in `f`'s locale: the core's way to word a document line. */
export const fillWords = (template: string, params: Record<string, ErrorParam>, f: ErrorFormat): string => fill(template, params, f);

/** A template's words with `params`: `{x}` as given (an amount formatted), `{x, number}`, `{x, select, … other {…}}`. */
function fill(template: string, params: Record<string, ErrorParam>, f: ErrorFormat): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) return out + template.slice(i);
    out += template.slice(i, open);
    const close = closing(template, open);
    const inner = template.slice(open + 1, close);
    const [name = '', kind = '', ...rest] = inner.split(',');
    const value = params[name.trim()];
    if (kind.trim() === 'select') out += fill(choose(rest.join(','), String(value)), params, f);
    else if (kind.trim() === 'number') out += typeof value === 'number' ? f.number(value) : String(value ?? '');
    else out += value === undefined ? '' : typeof value === 'object' ? objectText(value, f) : String(value);
    i = close + 1;
  }
  return out;
}

/** The index of the brace that closes the one at `open`. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

/** The case of a select (`a {…} b {…} other {…}`) for `value`. */
function choose(cases: string, value: string): string {
  const found = new Map<string, string>();
  let i = 0;
  while (i < cases.length) {
    const open = cases.indexOf('{', i);
    if (open < 0) break;
    const close = closing(cases, open);
    found.set(cases.slice(i, open).trim(), cases.slice(open + 1, close));
    i = close + 1;
  }
  return found.get(value) ?? found.get('other') ?? '';
}

type Template<P> = ((p: P, f: ErrorFormat) => string) & { template: string };
/** A refusal worded by an ICU template the English catalog holds word for word. */
function m<P extends Record<string, ErrorParam> = Record<string, never>>(template: string): Template<P> {
  return Object.assign((p: P, f: ErrorFormat) => fill(template, p, f), { template });
}

/** Words for an item of a schedule, by its kind and due date (never its id). */
const ITEM = '{kind, select, full {The payment in full} deposit {The deposit} installment {The installment} period {The period} late_fee {The late fee} other {The item}} due {due}';
const ITEM_LOWER = '{kind, select, full {the payment in full} deposit {the deposit} installment {the installment} period {the period} late_fee {the late fee} other {the item}} due {due}';
const ITEM_STATE = '{state, select, open {open} paused {paused} waived {waived} cancelled {cancelled} other {not open}}';
const ENROLLMENT_STATUS = '{status, select, active {active} cancelled {cancelled} completed {completed} other {not active}}';
const METHOD = (name: string) => `{${name}, select, cash {cash} check {check} bank_transfer {bank transfer} card_terminal {card terminal} card {card (online)} credit {account credit} other {another method}}`;
type Item = { kind: string; due: DateParam };
/** A plan's kind and a product's type in a detection reason (the English words are the codes, so stored English reasons read as before). */
const PLAN_KIND = '{planKind, select, full {full} installments {installments} subscription {subscription} other {{planKind}}}';
const PRODUCT_TYPE = (name: string) => `{${name}, select, course {course} program {program} other {{${name}}}}`;
/** What a refund proposal keeps: the non-refundable deposit and paid late fees, each when there is some. */
const KEPT = '{keepsDeposit, select, true {; the non-refundable deposit ({deposit}) is kept} other {}}{keepsFees, select, true {; paid late fees ({fees}) are kept} other {}}';
type Kept = { keepsDeposit: boolean; deposit: MoneyParam; keepsFees: boolean; fees: MoneyParam };

/**
 * Refusals worded by a template: `{name}` for a label or an amount, `{n, number}` for a count,
 * `{x, select, a {…} other {…}}` for a choice. The English catalog holds the same template, so
 * the window and the core never drift (a unit test compares them).
 */
const templated = {
  // Input the schema refuses (zod issues), by what is wrong
  'input.required': m('is required'),
  'input.empty': m('must not be empty'),
  'input.tooLong': m('is too long'),
  'input.tooShort': m('is too short'),
  'input.notText': m('must be text'),
  'input.notNumber': m('must be a number'),
  'input.notYesNo': m('must be yes or no'),
  'input.notList': m('must be a list'),
  'input.wrongKind': m('is not the kind of value this takes'),
  'input.wholeNumber': m('must be a whole number'),
  'input.wholeDays': m('must be whole days'),
  'input.wholeMinutes': m('must be whole minutes'),
  'input.negative': m('must not be negative'),
  'input.positive': m('must be greater than zero'),
  'input.atLeast': m<{ min: number }>('must be at least {min, number}'),
  'input.atMost': m<{ max: number }>('must be at most {max, number}'),
  'input.greaterThan': m<{ min: number }>('must be greater than {min, number}'),
  'input.lessThan': m<{ max: number }>('must be less than {max, number}'),
  'input.between': m<{ min: number; max: number }>('must be between {min, number} and {max, number}'),
  'input.minChars': m<{ min: number }>('must be at least {min, number} characters'),
  'input.maxChars': m<{ max: number }>('must be at most {max, number} characters'),
  'input.minDays': m<{ min: number }>('must be at least {min, number} days'),
  'input.maxDays': m<{ max: number }>('must be at most {max, number} days'),
  'input.minCount': m<{ min: number }>('must list at least {min, number}'),
  'input.maxCount': m<{ max: number }>('must list at most {max, number}'),
  'input.fileTooLarge': m('is too large a file'),
  'input.basisPoints': m('must be a percentage below 100 % (in hundredths of a percent)'),
  'input.amountNotWhole': m('must be a whole amount of the currency (no fraction of a cent)'),
  'input.amountTooLarge': m('is larger than any amount Bursar takes'),
  'input.currency': m('is not a currency code such as USD or EUR'),
  'input.date': m('must be a date YYYY-MM-DD'),
  'input.realDate': m('is not a real calendar date'),
  'input.dateTime': m('must be a date and time'),
  'input.beforeStart': m('must not be before the start date'),
  'input.email': m('is not an email address'),
  'input.webAddress': m('must be a web address starting with https:// or http://'),
  'input.serverName': m('must be a server name such as smtp.example.org (no http:// and no spaces)'),
  'input.urlCredentials': m('must not contain a user name or password'),
  'input.urlToken': m('must not contain a user name or password: enter the device token in its own field'),
  'input.phoneChars': m('may contain only digits, spaces and + ( ) . / -'),
  'input.phoneDigits': m('must contain at least 3 digits'),
  'input.usernameChars': m('may contain only lower-case letters, digits and . _ -'),
  'input.requestId': m('is not a request this window made; try again'),
  'input.deskCode': m('must be 1 to 8 capital letters or digits'),
  'input.locale': m('is not a language and region such as en-US or es-MX'),
  'input.timeZone': m('is not a time zone (for example Australia/Sydney)'),
  'input.stripeKey': m('must be a Stripe secret key (it starts with sk_live, sk_test or rk)'),
  'input.paperSize': m('must be 80 mm roll, A5 or A4'),
  'input.backupName': m('is not a Bursar backup'),
  'input.unknownTask': m('is not a task of this desk'),
  'input.unknownAction': m('is not an action of Bursar'),
  'input.portalKey': m('is not a payer page key'),
  'input.confirmRestore': m('must be ticked: restoring replaces all current data'),
  'input.receiptOrNumber': m('give either the receipt or its number'),
  'input.format': m('is not in the expected form'),
  'input.choice': m('is not one of the choices'),
  'input.unknownField': m('is not a field this form has'),
  'input.invalid': m('is not valid'),
  // Records that are not there (the id stays in details for code)
  'record.notFound': m<{ what: string }>(
    '{what, select, plan {This payment plan does not exist} item {This schedule item does not exist} enrollment {This enrollment does not exist} deposit {This deposit does not exist} drawerSession {This drawer session does not exist} user {This user does not exist} payer {This payer does not exist} cardPayment {This card payment does not exist} outbox {This queued refund does not exist} refund {This refund does not exist} refundReceipt {This refund receipt does not exist} receipt {This receipt does not exist} subscription {This subscription does not exist} invoice {This invoice does not exist} product {This product does not exist} payment {This payment does not exist} mail {This mail does not exist} task {This task does not exist} backup {This backup does not exist} link {This payer page link does not exist} conflict {This conflict is not listed at this desk} other {This record does not exist}} (it may have been removed); reload and try again',
  ),
  // Access, sessions and requests
  'auth.signIn': m('Please sign in first'),
  'auth.locked': m('The desk locked itself after being idle; sign in again'),
  'auth.notIssued': m('This session was not issued by Bursar; sign in again'),
  'auth.tooManyAttempts': m<{ seconds: number }>('Too many wrong attempts; try again in {seconds, number} s'),
  'auth.wrongPassword': m('wrong username or password'),
  'auth.overrideNotAdmin': m<{ username: string }>('{username} is not an admin'),
  'auth.alreadySetUp': m('Bursar is already set up; sign in instead'),
  'auth.joinedOffice': m('This desk has joined an office: its users arrive from the office; sign in with your office username once they have'),
  'auth.exportNeedsAccess': m('Exporting this table needs the access its screen needs'),
  'app.internal': m('Something went wrong inside Bursar. Nothing was saved; the error was logged.'),
  'app.shuttingDown': m('Bursar is shutting down'),
  'app.unknownAction': m('This action is not known to this version of Bursar'),
  'app.storeUnavailable': m('The database is not available for writing right now (locked, read-only or full). Nothing was saved.'),
  'request.stillRunning': m('This request is still running; wait for it to finish'),
  'request.reused': m('This request was already used for a different change; try again'),
  // Users
  'user.usernameTaken': m<{ username: string }>('The username {username} is taken'),
  'user.lastAdmin': m('This is the last active admin; make another admin first'),
  // Payers, products, plans
  'payer.externalIdTaken': m<{ externalId: string }>('Another payer already has the student id {externalId}'),
  'product.externalIdTaken': m<{ externalId: string }>('Another product already has the code {externalId}'),
  'product.endBeforeStart': m<{ end: DateParam; start: DateParam }>('{end} is before the start date {start}'),
  'product.currencyHasPlans': m<{ currency: string }>('cannot change to {currency}: the product has payment plans in another currency'),
  'plan.termsAndPlan': m('must not be given together with a saved plan: preview a saved plan or draft terms, not both'),
  'plan.ruleNeedsCurrency': m('is required when the rule compares prices (amounts in different currencies cannot be compared)'),
  'plan.rulePriceRange': m('is below the rule’s lowest price'),
  'plan.ruleDaysRange': m('is below the rule’s fewest days before the start'),
  'plan.required': m('is required: this product does not assign a plan automatically'),
  'plan.otherProduct': m<{ plan: string }>('the plan “{plan}” belongs to another product'),
  'plan.inactive': m<{ plan: string }>('the plan “{plan}” is inactive'),
  'plan.currencyNotProduct': m<{ currency: string; productCurrency: string }>('is in {currency} but the product is priced in {productCurrency}'),
  'plan.notAllowed': m<{ rule: string }>('is not allowed: the rule “{rule}” chose another plan and does not let the payer choose'),
  'plan.noActivePlan': m('is required: the product has no active plan'),
  'plan.noRuleMatched': m<{ count: number }>('is required: no auto-detect rule matched and the product has {count, number} active plans'),
  // Why the auto-detect rules chose a plan (a detection's `reasonWords`; shared/planReason.ts puts the clauses together)
  'planReason.byRule': m<{ position: number; rule: string; planKind: string; plan: string; conditions: string; hasSkipped: boolean; skipped: string }>(`Rule {position, number} "{rule}" matched ({conditions}) → ${PLAN_KIND} plan "{plan}"{hasSkipped, select, true {; earlier: {skipped}} other {}}`),
  'planReason.onlyPlan': m<{ plan: string; hasSkipped: boolean; skipped: string }>('No rule matched; the product\'s only active plan "{plan}" is used{hasSkipped, select, true { ({skipped})} other {}}'),
  'planReason.noConditions': m('no conditions'),
  'planReason.productType': m<{ type: string; want: string; ok: boolean }>(`product type is ${PRODUCT_TYPE('type')}{ok, select, true {} other {, not ${PRODUCT_TYPE('want')}}}`),
  'planReason.currency': m<{ currency: string; want: string; ok: boolean }>('currency is {currency}{ok, select, true {} other {, not {want}}}'),
  'planReason.priceAtLeast': m<{ price: MoneyParam; limit: MoneyParam; ok: boolean }>('price {price} {ok, select, true {≥} other {<}} {limit}'),
  'planReason.priceAtMost': m<{ price: MoneyParam; limit: MoneyParam; ok: boolean }>('price {price} {ok, select, true {≤} other {>}} {limit}'),
  'planReason.noStartDate': m('the product has no start date'),
  'planReason.daysAtLeast': m<{ days: number; limit: number; ok: boolean }>('{days, number} days until start {ok, select, true {≥} other {<}} {limit, number}'),
  'planReason.daysAtMost': m<{ days: number; limit: number; ok: boolean }>('{days, number} days until start {ok, select, true {≤} other {>}} {limit, number}'),
  'planReason.skippedNoPlan': m<{ position: number; rule: string; planKind: string }>(`rule {position, number} "{rule}" matched but the product has no active ${PLAN_KIND} plan`),
  'csv.unreadable': m('cannot be read as CSV'),
  'csv.noHeader': m('has no header row'),
  'csv.columnTwice': m('appears twice in the header'),
  'csv.missingColumns': m<{ columns: string }>('The CSV lacks required columns: {columns}. Nothing was imported.'),
  // Enrollments, schedules and items
  'enrollment.productInactive': m<{ product: string }>('“{product}” is inactive and takes no new enrollments'),
  'enrollment.exists': m<{ payer: string; product: string }>('{payer} already has an active enrollment in {product}'),
  'enrollment.notActive': m<{ status: string }>(`the enrollment is ${ENROLLMENT_STATUS}`),
  'enrollment.noNewPayments': m<{ status: string }>(`The enrollment is ${ENROLLMENT_STATUS}; it takes no new payments`),
  'enrollment.noNewSubscription': m<{ status: string }>(`The enrollment is ${ENROLLMENT_STATUS}; it takes no new subscription`),
  'item.alreadyPaid': m<Item>(`${ITEM} is already paid, so it cannot be moved, paused or waived; refund it first if it should not have been paid`),
  'item.notInState': m<Item & { state: string }>(`${ITEM} is ${ITEM_STATE}`),
  'item.cannotBe': m<Item & { state: string; verb: string }>(`${ITEM} is ${ITEM_STATE}, so it cannot be {verb, select, paused {paused} resumed {resumed} other {changed}}`),
  'item.noneTo': m<{ verb: string }>('the enrollment has no items to be {verb, select, paused {paused} resumed {resumed} other {changed}}'),
  'item.notOfEnrollment': m('is not an item of this enrollment'),
  'item.listedTwice': m('lists an item twice'),
  'item.notOwed': m('one of the chosen items is not owed on this enrollment'),
  'lateFee.onLateFee': m<Item>(`${ITEM} is itself a late fee`),
  'lateFee.planHasNone': m<{ plan: string }>('the plan “{plan}” has no late fee'),
  'lateFee.alreadyPosted': m<Item>(`a late fee is already posted for ${ITEM_LOWER}`),
  'lateFee.notOverdue': m<Item & { days: number }>(`${ITEM} is not overdue past the plan’s {days, number} grace days`),
  'schedule.noProductStart': m('is “product start” but the product has no start date'),
  'schedule.intervalWithDates': m('must not be given with a list of due dates'),
  'schedule.countDisagrees': m<{ count: number; dates: number }>('is {count, number} but {dates, number} due dates are listed'),
  'schedule.datesOutOfOrder': m<{ date: DateParam; previous: DateParam }>('{date} is not after the date before it ({previous})'),
  'schedule.countRequired': m('is required (or list the due dates)'),
  'schedule.intervalRequired': m('is required (or list the due dates)'),
  'schedule.datesOutOfRange': m('gives due dates outside the years 0001-9999'),
  'schedule.firstBeforeEnrollment': m<{ first: DateParam; enrollmentDate: DateParam }>('{first} is before the enrollment date {enrollmentDate}'),
  'schedule.firstNotAfterDeposit': m<{ first: DateParam; deposit: DateParam }>('{first} is not after the deposit’s due date {deposit}'),
  'schedule.alreadyDue': m<{ date: DateParam }>('is already {date}'),
  'paging.offsetWithCursor': m('must be 0 when continuing from a page position'),
  // Drawer and deposits
  'drawer.notOpen': m<{ what: string }>(
    'The drawer is not open at this desk: open it on the Drawer screen before taking {what, select, cash {cash} check {a check} paidIn {a paid-in} paidOut {a paid-out} close {a close} cashRefund {a cash refund} other {cash}}',
  ),
  'drawer.wrongCurrency': m<{ drawer: string; currency: string }>('The drawer at this desk holds {drawer}; it cannot take money in {currency}'),
  'drawer.alreadyOpen': m('The drawer at this desk is already open; close it before opening it again'),
  'drawer.zStillOpen': m('This drawer session is still open; close it to get its Z report'),
  'deposit.sessionTwice': m('lists a session twice'),
  'deposit.sessionOpen': m('is a drawer session still open; close it first'),
  'deposit.sessionInOther': m('A drawer session chosen is already in another deposit'),
  'deposit.noSessions': m('is empty'),
  'deposit.mixedSessions': m('must all be of one desk and currency'),
  'deposit.floatOtherDesk': m('a float can be kept only in this desk’s drawer'),
  'deposit.floatDrawerOpen': m('the drawer is open again; its float was counted at the opening'),
  'deposit.slipUsed': m<{ slip: string }>('Slip number {slip} is already used'),
  'deposit.alreadyDeposited': m<{ slip: string; date: DateParam }>('Deposit {slip} was already marked deposited on {date}'),
  // Payments
  'payment.enrollmentCancelled': m('The enrollment is cancelled; it takes no more payments'),
  'payment.currencyMismatch': m<{ currency: string }>('must be {currency}, the enrollment’s currency'),
  'payment.inFuture': m('is in the future'),
  'payment.tenderedBelow': m('must be at least the amount'),
  'payment.tenderedNotCash': m('only cash has an amount tendered'),
  'payment.checkNeedsNumber': m('a check needs its number'),
  'payment.checkOnlyChecks': m<{ method: string }>(`is only for checks, not ${METHOD('method')}`),
  'payment.needsReference': m<{ method: string }>(`a ${METHOD('method')} payment needs its reference`),
  'payment.creditTwice': m('a credit payment already spends credit'),
  'payment.duplicate': m('This payment is already recorded'),
  'payment.alreadyVoid': m('This payment is already void.'),
  'payment.voidCard': m('A card payment taken through Stripe cannot be voided: refund it from Refunds instead.'),
  'payment.voidRefunded': m('This payment has been refunded in full: there is nothing left to void.'),
  'payment.voidPartRefunded': m('Part of this payment has been refunded, so it can no longer be voided: refund the rest from Refunds instead.'),
  'payment.voidSessionClosed': m('The drawer session it was taken in has been closed: refund it from Refunds instead.'),
  'payment.voidSessionClosedZ': m<{ z: number }>('The drawer session it was taken in has been closed (Z report {z, number}): refund it from Refunds instead.'),
  'payment.voidEarlierDay': m('It was recorded on an earlier day: refund it from Refunds instead.'),
  'payment.voidPaidRefunded': m('Part of what it paid has since been refunded: refund the rest from Refunds instead.'),
  'payment.voidCreditUsed': m('The credit this payment left on the account has since been used: refund it from Refunds instead.'),
  // Refunds
  'refund.moreThanLeft': m('is more than is left paid on the enrollment'),
  'refund.notCard': m<{ method: string }>(`This is a ${METHOD('method')} refund, not a Stripe card refund`),
  'refund.otherStripeRefund': m('This refund already succeeded at Stripe as another refund'),
  'refund.alreadyFailed': m('This refund was already marked failed; its amount went to the payer’s credit'),
  'refund.alreadySucceeded': m('This refund already succeeded at Stripe'),
  'refund.alreadySent': m('This refund was already sent to Stripe (or is being sent); it can no longer be cancelled'),
  'refund.checkNeedsNumber': m('a refund check needs its number'),
  'refund.needsCheckNumber': m('The refund includes a check: give the check number for it'),
  'refund.creditPayoutMethod': m('a credit balance is paid out by cash, check or bank transfer'),
  'refund.creditNotTied': m('a credit balance refund is not tied to a payment'),
  'refund.cardToCard': m<{ method: string }>(`a ${METHOD('method')} refund goes back to a ${METHOD('method')} payment`),
  'refund.notRefundable': m('is not a completed payment of this enrollment with money left to refund'),
  'refund.methodMismatch': m<{ receipt: string; paid: string; asked: string }>(`payment {receipt} was taken by ${METHOD('paid')}, not ${METHOD('asked')}`),
  'refund.cancelNoCredit': m('a cancellation gives back what was paid on the enrollment; pay out credit on account with a refund without cancelling'),
  'refund.creditNeedsSplit': m('say how the credit is paid out (cash, check or bank transfer)'),
  'refund.nothing': m('Nothing to refund'),
  // How a refund proposal was reached (the proposal's `basisWords`; the cancellation keeps the English `basis`)
  'refundBasis.none': m('The product does not refund cancellations'),
  'refundBasis.full': m<Kept>(`The product refunds in full${KEPT}`),
  'refundBasis.beforeStart': m<Kept & { start: DateParam }>(`Cancelled before the start date {start}: full refund${KEPT}`),
  'refundBasis.noStart': m<Kept>(`The product has no start date: full refund${KEPT}`),
  'refundBasis.noEnd': m('The course has started and has no end date, so no pro-rata share can be computed'),
  'refundBasis.ended': m<{ end: DateParam }>('The course ended on {end}'),
  'refundBasis.prorata': m<Kept & { used: number; total: number; charged: MoneyParam; courseTotal: MoneyParam }>(`{used, number} of {total, number} course days used: {charged} of {courseTotal} is charged${KEPT}`),
  'refundBasis.requested': m('Requested by an admin'),
  'refundBasis.requestedCreditFirst': m('Requested by an admin; the payer\'s credit on account is paid out first'),
  'refundBasis.creditPayout': m('Payout of the payer credit balance'),
  // Card payments, Stripe, invoices and subscriptions
  'card.nothingOwed': m('Nothing is owed on this enrollment'),
  'stripe.cardsOff': m('Stripe is not configured: card payments are off. Set the key in Settings → Stripe.'),
  'stripe.billingOff': m('Stripe is not configured: subscriptions and invoices are off. Set the key in Settings → Stripe.'),
  'stripe.declined': m('The card was declined'),
  'stripe.refused': m('Stripe refused the request'),
  'stripe.seenBefore': m('Stripe saw this operation before with other details'),
  'stripe.badKey': m('Stripe refused the secret key: check it in Settings → Stripe'),
  'stripe.unreachable': m('Stripe is not reachable right now; try again in a moment'),
  'invoice.itemOnOpen': m('One of the items is already on an open invoice: send that link again'),
  'invoice.allOnOpen': m('Every owed item is already on an open invoice: send that link again'),
  'subscription.planNotSubscription': m<{ plan: string }>('The enrollment is on the plan “{plan}”, not a subscription plan'),
  'subscription.exists': m('The enrollment already has a subscription'),
  'subscription.notSubscriptionPlan': m('The enrollment’s plan is not a subscription plan'),
  'subscription.nothingOwed': m('No period of this enrollment is owed'),
  'subscription.neverCreated': m('The subscription was never created at Stripe; start it again'),
  // Mail
  'mail.noEmail': m<{ payer: string }>('{payer} has no email address. Add one on the payer’s details, or print instead.'),
  'mail.optedOut': m<{ payer: string }>('{payer} asked not to receive email. Print instead, or change the choice on the payer’s details if they ask for email again.'),
  'mail.notSetUp': m('Email is not set up yet: an admin enters the office’s mail server and sender address in Settings → Mail.'),
  'mail.receiptQueued': m('This receipt mail is already queued'),
  'mail.statementQueued': m('This statement is already queued'),
  'mail.needsSender': m('is needed to send mail: the address payers see mail from'),
  'mail.remindersNeedServer': m('set up the mail server in Settings → Mail first'),
  // Reports, exports and data
  'export.notOneFile': m('is not an export of one file'),
  'export.notDone': m<{ state: string }>('The export is {state, select, queued {waiting to start} running {still running} failed {failed} cancelled {cancelled} other {not done}}'),
  'export.tooLarge': m<{ path: string }>('The file is too large to download in the window; it is in {path}'),
  'export.folderNotAbsolute': m('must be a full folder path'),
  'export.folderNotWritable': m('is not a folder Bursar can write to'),
  'report.dayRangeTooLong': m<{ days: number }>('day covers at most five years; this range has {days, number} days — choose week or month, or a shorter range'),
  'report.toBeforeFrom': m<{ from: DateParam }>('must be on or after the start of the range ({from})'),
  // Payer pages
  'portal.linkNotOfPayer': m('is not a payer page link of this payer'),
  'portal.linkWithdrawn': m('This payer page link was withdrawn or has expired: publish a new one first.'),
  'portal.noRelay': m('Payer pages are served by the cloud relay, which is not set up on this desk yet: an admin enters it in Settings → Cloud relay.'),
  'portal.manyCurrencies': m<{ payer: string; currencies: string }>('{payer} has enrollments in more than one currency ({currencies}); a payer page shows one. Print or email the statement instead.'),
  // Office (several desks) and sync
  'office.notMember': m('This desk does not belong to an office'),
  'office.pendingChanges': m<{ count: number }>('This desk has {count, number} changes the office has not received yet; send them (Sync now) before leaving'),
  'office.notJoined': m('This desk has not joined an office'),
  'office.unreachable': m('The office hub cannot be reached right now. The desk keeps working and will send and receive when it can.'),
  'office.badJoinCode': m('is not a valid join code (it may be used already or expired); ask for a new one'),
  'office.joinRefused': m('The office hub refused to let this desk join'),
  'office.hubNotReachable': m('The office hub at this address cannot be reached; check the address and the network'),
  'office.alreadyMember': m('This desk already belongs to an office; leave it first'),
  'office.joining': m('This desk is already joining an office; wait for it to finish'),
  'office.badKeySettings': m('The office’s key settings cannot be used'),
  'office.wrongPassphrase': m('is not this office’s passphrase'),
  'office.hasBooks': m('This desk already has its own books (users, payers or payments), and the office already has books from its first desk; the two cannot be merged. Join from a new desk instead: at its first start choose “Join an existing office”.'),
  'office.noBooksYet': m('This office has no desk yet, so there are no users to sign in with. Set up the office’s first desk as usual, then join it to the office from Settings → Office; its books start the office.'),
  'office.conflictResolved': m<{ by: string }>('This conflict was already resolved by {by}'),
  'office.conflictResolvedNoOne': m('This conflict was already resolved'),
  'office.hubTimedOut': m('The office hub did not answer in time. The desk keeps working and tries again.'),
  'office.hubRefused': m('The office hub refused this desk’s last request. The desk tries again.'),
  'office.entryNotApplied': m('An office entry could not be sent or applied on this desk. The desk tries again; if this stays, tell the office admin.'),
  'office.revoked': m('The office hub no longer accepts this desk (its token was revoked or is unknown). Nothing more is sent or received; ask the office admin for a new join code.'),
  'office.cursorGone': m('The office hub has pruned journal entries this desk has not received yet. This desk must be restored from an office snapshot: leave the office and join it again from a new desk.'),
  'office.desksUnreadable': m('The office hub’s list of desks could not be read right now.'),
  'sync.notConfigured': m('Neither the relay nor Stripe is configured on this desk'),
  'sync.refused': m('The relay refused this desk: check the relay address and device token in Settings'),
  'sync.unreachable': m('The relay is not reachable; the desk keeps working offline and will sync when it can'),
  // Problems in a OneRoster bundle (one per file, line and column)
  'roster.requiredInDelta': m('is required in a delta file'),
  'roster.statusInDelta': m('is required in a delta file (active or tobedeleted)'),
  'roster.notOneOf': m<{ value: string; choices: string }>('"{value}" is not one of {choices}'),
  'roster.notDateTime': m<{ value: string }>('"{value}" is not a date and time like 2026-05-01T08:30:00.000Z'),
  'roster.notDate': m<{ value: string }>('"{value}" is not a date YYYY-MM-DD'),
  'roster.rowWidth': m<{ values: number; columns: number }>('has {values, number} values but the header has {columns, number} columns'),
  'roster.idTwice': m<{ id: string; file: string }>('{id} appears twice in {file}'),
  'roster.noManifest': m('is missing: every OneRoster bundle starts with manifest.csv'),
  'roster.manifestVersion': m<{ found: string }>('must be 1.0 (found "{found}")'),
  'roster.onerosterVersion': m<{ found: string }>('must be 1.1 or 1.2 (found "{found}")'),
  'roster.saysAbsent': m<{ file: string }>('says absent but {file} is in the bundle'),
  'roster.saysPresent': m<{ declared: string; file: string }>('says {declared} but {file} is not in the bundle'),
  'roster.modeDiffers': m<{ declared: string; mode: string }>('says {declared} but this import is {mode}: choose {declared}, or export a {mode} bundle'),
  'roster.requiredInBulk': m('is required in a bulk import'),
  'roster.endBeforeStart': m<{ end: string; start: string }>('{end} is before the start date {start}'),
  'roster.notYear': m<{ value: string }>('"{value}" is not a year like 2027'),
  'roster.notPrice': m<{ value: string; currency: string }>('"{value}" is not a price in {currency}'),
  'roster.unknownOrg': m<{ id: string }>('names org {id}, which is not in orgs.csv'),
  'roster.unknownCourse': m<{ id: string }>('names course {id}, which is neither in courses.csv nor imported before'),
  'roster.unknownTerm': m<{ id: string }>('names academic session {id}, which is not in academicSessions.csv'),
  'roster.unknownClass': m<{ id: string }>('names class {id}, which is neither in classes.csv nor imported before'),
  'roster.unknownUser': m<{ id: string }>('names user {id}, who is neither in users.csv nor imported before'),
  'roster.unknownAgent': m<{ id: string }>('names {id}, who is neither in users.csv nor imported before'),
  'roster.notStudent': m<{ id: string }>('names {id}, who is not a student in users.csv, in a student enrollment'),
  'roster.noPrice': m('has no price: give the course a price in the mapping (per course, a price column or a default price)'),
  'roster.noRole': m('has no role: roles.csv names none for this user'),
  'roster.notEmail': m<{ value: string }>('"{value}" is not an email address'),
  'roster.notPhone': m<{ value: string }>('"{value}" is not a phone number'),
  'roster.fileTooLarge': m<{ mb: number }>('is larger than Bursar accepts ({mb, number} MB at most): refused as a possible zip bomb'),
  'roster.bundleTooLarge': m<{ mb: number }>('is larger than Bursar reads ({mb, number} MB at most)'),
  'roster.fileTooBig': m<{ size: number; mb: number }>('is {size, number} MB; Bursar reads files of {mb, number} MB at most'),
  'roster.tooManyFiles': m<{ count: number }>('holds more than {count, number} files; a OneRoster bundle has at most a dozen'),
  'roster.notZip': m('cannot be read as a zip file'),
  'roster.fileTwice': m('appears twice in the zip'),
  'roster.encrypted': m('is encrypted in the zip; export the bundle without a password'),
  'roster.zipBomb': m<{ ratio: number }>('unzips to {ratio, number} times its size: refused as a possible zip bomb'),
  'roster.notInBundle': m('is not in the bundle'),
  'roster.cannotUnzip': m('cannot be unzipped'),
  'roster.pathNotFound': m('was not found: check the path to the zip file or folder'),
  'roster.notUtf8': m('is not UTF-8 text: save the file as UTF-8 (CSV UTF-8) and export again'),
  'roster.brokenCharacter': m('ends in the middle of a character: it is not UTF-8 text'),
  'roster.columnsMissing': m<{ columns: string }>('these columns are missing from the header: {columns}'),
  'roster.notCsv': m('cannot be read as CSV'),
  'roster.noHeader': m('is empty: it has no header row'),
  // What a roster import keeps of Bursar's changes (a report's `kept` rows)
  'rosterKept.enrollment': m<{ payer: string; product: string }>('{payer} in {product}'),
  'rosterKept.plan': m('its plan was changed in Bursar and is kept'),
  // Roster (SIS) imports and backups
  'roster.notImported': m('its class or student was not imported'),
  'roster.bundleProblems': m<{ count: number }>('The bundle has problems ({count, number}); nothing was imported. See the list of problems.'),
  'roster.busy': m('Another SIS import is running; wait for it to finish or cancel it'),
  'roster.cancelled': m('The import was cancelled before anything was written'),
  'backup.failed': m('The backup failed; nothing was changed. Check the backup folder and the free space.'),
  'backup.cannotRestore': m('This backup cannot be restored (it is damaged or from another program). Nothing was changed.'),
};


type Money = MoneyParam;
const amounts = {
  // Amounts
  'drawer.paidOutOverCash': (p: { cash: Money }, f: ErrorFormat) => `the drawer should hold only ${f.money(p.cash)}`,
  'drawer.overShortNeedsNote': (p: { difference: Money; short: boolean }, f: ErrorFormat) =>
    `the drawer is ${p.short ? 'short' : 'over'} by ${f.money(p.difference)}; say why`,
  'drawer.denominationsDisagree': (p: { sum: Money; counted: Money }, f: ErrorFormat) => `add up to ${f.money(p.sum)}, not the counted ${f.money(p.counted)}`,
  'refund.overPaid': (p: { paid: Money }, f: ErrorFormat) => `only ${f.money(p.paid)} was paid on this enrollment (net of earlier refunds and voids)`,
  'deposit.floatOverCash': (p: { cash: Money }, f: ErrorFormat) => `is more than the ${f.money(p.cash)} of cash counted`,
  'rosterKept.price': (p: { price: Money; sis: Money }, f: ErrorFormat) => `Bursar's price ${f.money(p.price)} is kept; the SIS says ${f.money(p.sis)}`,
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
  // Access and paging
  'auth.needsAdmin': (_p: Record<string, never>) => "Only an admin can do this (or a cashier with an admin's override)",
  'cursor.stale': (_p: Record<string, never>) => 'is not a page position from this list; start again from the first page',
} satisfies Record<string, (p: never, f: ErrorFormat) => string>;

const entries = { ...amounts, ...templated };
export const errorMessages = entries;

/** The ICU template of `key` when its words are a template (the English catalog holds the same text). */
export const templateOf = (key: ErrorKey): string | undefined => (key in templated ? templated[key as keyof typeof templated].template : undefined);
export type ErrorKey = keyof typeof entries;
export type ParamsOf<K extends ErrorKey> = Parameters<(typeof entries)[K]>[0];

/**
 * What a field is called on screen, by the tail of its path with list positions dropped
 * (`split.0.amount` → `amount`, `terms.count`): a person reads "Amount: …", never a path.
 * The window's catalog holds the same names as `field.<name>`.
 */
export const fieldLabels: Record<string, string> = {
  action: 'Action',
  active: 'Active',
  actor: 'User',
  after: 'Page position',
  amount: 'Amount',
  atPeriodEnd: 'At the end of the period',
  autoAssignPaymentPlan: 'Assign a plan automatically',
  backupKeepDaily: 'Daily backups to keep',
  backupKeepWeekly: 'Weekly backups to keep',
  bank: 'Bank',
  bankReference: 'Bank reference',
  basisPoints: 'Percentage',
  beforeSeq: 'Page position',
  bom: 'Byte order mark',
  cardRequestId: 'Card payment',
  channel: 'Action',
  check: 'Check',
  checkNumber: 'Check number',
  confirm: 'Confirmation',
  conflictId: 'Conflict',
  count: 'Number',
  countUpTo: 'Count up to',
  countedCash: 'Counted cash',
  coursePrices: 'Course prices',
  courseSourcedId: 'Course',
  csv: 'CSV file',
  currency: 'Currency',
  cursor: 'Page position',
  date: 'Date',
  days: 'Days',
  daysBefore: 'Days before the due date',
  daysUntilDue: 'Days until due',
  daysUntilStartAtLeast: 'Fewest days before the start',
  daysUntilStartAtMost: 'Most days before the start',
  defaultCurrency: 'Default currency',
  defaultPrice: 'Default price',
  denominations: 'Notes and coins',
  deposit: 'Deposit',
  depositId: 'Deposit',
  depositRefundable: 'Deposit refundable',
  deskCode: 'Desk code',
  deskName: 'Desk name',
  discount: 'Discount',
  displayName: 'Full name',
  dueDate: 'Due date',
  dueDates: 'Due dates',
  dueFrom: 'Due from',
  dueTo: 'Due to',
  email: 'Email',
  enabled: 'Enabled',
  endDate: 'End date',
  enrollmentDate: 'Enrollment date',
  enrollmentId: 'Enrollment',
  entityId: 'Record',
  entityType: 'Kind of record',
  externalId: 'Code',
  filters: 'Filters',
  firstDue: 'First due date',
  'firstDue.rule': 'First due date',
  folder: 'Folder',
  from: 'From',
  fromAddress: 'Sender address',
  fromCredit: 'From credit on account',
  graceDays: 'Grace days',
  granularity: 'Group by',
  host: 'Mail server',
  importRequestId: 'Import',
  includeInactive: 'Include inactive',
  includeTotal: 'Include total',
  input: 'Request',
  interval: 'Interval',
  itemId: 'Item',
  itemIds: 'Items',
  job: 'Task',
  jobId: 'Task',
  joinCode: 'Join code',
  keepFloat: 'Float to keep',
  kind: 'Kind',
  lateFee: 'Late fee',
  lateFeesAutomatic: 'Automatic late fees',
  limit: 'Rows per page',
  linkId: 'Payer page link',
  locale: 'Language and region',
  lockAfterMinutes: 'Lock after minutes idle',
  mailOptOut: 'No email',
  mapping: 'Column mapping',
  method: 'Method',
  mode: 'Mode',
  name: 'Name',
  note: 'Note',
  number: 'Number',
  officeAddress: 'Office address',
  officeName: 'Office name',
  officeTaxId: 'Tax or registration number',
  offset: 'Page position',
  open: 'Open',
  openingFloat: 'Opening float',
  operationId: 'Refund',
  outboxId: 'Queued refund',
  outcome: 'Outcome',
  overdue: 'Overdue',
  overrideReason: 'Reason for the change',
  passphrase: 'Office passphrase',
  password: 'Password',
  patch: 'Changes',
  path: 'File',
  paused: 'Paused',
  payer: 'Payer',
  payerChoiceAllowed: 'Payer may choose',
  payerId: 'Payer',
  payerLinkDays: 'Days a payer page link lasts',
  payerPageUrl: 'Payer page address',
  payerQuery: 'Payer search',
  paymentId: 'Payment',
  paymentIds: 'Payments',
  periodAmount: 'Amount per period',
  phone: 'Phone',
  plan: 'Payment plan',
  planId: 'Payment plan',
  planKind: 'Kind of plan',
  port: 'Port',
  preview: 'Preview',
  price: 'Price',
  priceAtLeast: 'Lowest price',
  priceAtMost: 'Highest price',
  priceColumn: 'Price column',
  product: 'Product',
  productId: 'Product',
  productLevel: 'Product level',
  productType: 'Kind of product',
  query: 'Search',
  reason: 'Reason',
  receiptId: 'Receipt',
  receiptNumber: 'Receipt number',
  receiptPaper: 'Receipt paper',
  receiptsEnabled: 'Receipts by email',
  receivedAt: 'Received at',
  reference: 'Reference',
  refundPolicy: 'Refund policy',
  relayUrl: 'Relay address',
  replyTo: 'Reply-to address',
  report: 'Report',
  request: 'Request',
  requestId: 'Request',
  role: 'Role',
  rule: 'Rule',
  rules: 'Rules',
  scope: 'Scope',
  secretKey: 'Secret key',
  security: 'Connection security',
  sessionId: 'Drawer session',
  sessionIds: 'Drawer sessions',
  shiftDates: 'Move the due dates',
  slipNumber: 'Slip number',
  split: 'How the refund is paid',
  startDate: 'Start date',
  state: 'State',
  status: 'Status',
  table: 'Table',
  target: 'What to change',
  tendered: 'Amount tendered',
  terms: 'Terms',
  'terms.count': 'Number of installments',
  timeZone: 'Time zone',
  to: 'To',
  toCredit: 'To credit on account',
  token: 'Device token',
  type: 'Kind',
  unnamed: 'This entry',
  url: 'Address',
  useCredit: 'Use credit on account',
  userId: 'User',
  username: 'Username',
  value: 'Value',
};

/** The label name of a field path: its longest tail this table knows, or `unnamed`. */
export function fieldNameOf(path: string): string {
  const parts = path.split('.').filter((s) => !/^\d+$/.test(s));
  for (let i = 0; i < parts.length; i++) {
    const name = parts.slice(i).join('.');
    if (Object.prototype.hasOwnProperty.call(fieldLabels, name)) return name;
  }
  return 'unnamed';
}

/** The words naming the field at `path` in `format`'s language. */
export function fieldLabel(path: string, format: ErrorFormat): string {
  const name = fieldNameOf(path);
  return format.label?.(name) ?? fieldLabels[name] ?? 'This entry';
}

export const isErrorKey = (key: string): key is ErrorKey => Object.prototype.hasOwnProperty.call(entries, key);

/** Money in `locale` (the office's), numbers grouped the same way. */
export const errorFormat = (locale = 'en-US'): ErrorFormat => ({
  money: (m) => (isMoney(m) ? formatMoney(m.amount, m.currency, locale) : '?'),
  number: (n) => new Intl.NumberFormat(locale).format(n),
  // A calendar date has no zone: the office's locale alone writes it.
  date: (d) => (/^\d{4}-\d{2}-\d{2}$/.test(d.day) ? officeTimeFormat({ locale, timeZone: 'UTC' }).date(d.day) : d.day),
});

/** The words for `key` with `params`, or undefined for a key this table does not know. */
export function renderErrorMessage(key: string, params: ErrorParams | undefined, format: ErrorFormat = errorFormat()): string | undefined {
  if (!isErrorKey(key)) return undefined;
  try {
    if (format.words) {
      const values = Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, typeof v === 'object' ? objectText(v, format) : v]));
      const text = format.words(key, values);
      if (text !== undefined) return text;
    }
    return (entries[key] as (p: ErrorParams, f: ErrorFormat) => string)(params ?? {}, format);
  } catch {
    return undefined;
  }
}
