import type { ZodError } from 'zod';
import { renderErrorMessage } from '../../shared/errorMessages';
import type { ErrorKey, ErrorParams, ParamsOf } from '../../shared/errorMessages';
import type { AppErrorData, ErrorCode, KeyedWords } from '../../shared/result';

/** A failure the caller should see as data. Anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly details: AppErrorData['details'];
  readonly key: string | undefined;
  readonly params: ErrorParams | undefined;
  readonly field: string | undefined;
  readonly fieldKeys: Record<string, KeyedWords> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; details?: AppErrorData['details']; key?: string; params?: ErrorParams; field?: string; fieldKeys?: Record<string, KeyedWords> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.details = extra.details;
    this.key = extra.key;
    this.params = extra.params;
    this.field = extra.field;
    this.fieldKeys = extra.fieldKeys;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(this.key ? { key: this.key, params: this.params ?? {} } : {}),
      ...(this.field ? { field: this.field } : {}),
      ...(this.fieldKeys ? { fieldKeys: this.fieldKeys } : {}),
    };
  }
}

/** The words of `key` in the core's default format (the window formats them again in the office's locale). */
const words = <K extends ErrorKey>(key: K, params: ParamsOf<K>): string => renderErrorMessage(key, params as ErrorParams) ?? key;

/** A refusal of one field, in words from the catalog: `invalidAs('amount', 'drawer.paidOutOverCash', { cash: { amount, currency } })`. */
export function invalidAs<K extends ErrorKey>(field: string, key: K, params: ParamsOf<K>, details?: AppErrorData['details']): AppError {
  return refuseFieldAs('VALIDATION', field, key, params, details);
}

/** A refusal naming one field, with another code (a wrong password is FORBIDDEN, yet names the password field). */
export function refuseFieldAs<K extends ErrorKey>(code: ErrorCode, field: string, key: K, params: ParamsOf<K>, details?: AppErrorData['details']): AppError {
  const text = words(key, params);
  return new AppError(code, `${field}: ${text}`, { fields: { [field]: text }, key, params: params as ErrorParams, field, ...(details ? { details } : {}) });
}

/** A refusal of the whole request, in words from the catalog. */
export function refuseAs<K extends ErrorKey>(code: ErrorCode, key: K, params: ParamsOf<K>, details?: AppErrorData['details']): AppError {
  return new AppError(code, words(key, params), { key, params: params as ErrorParams, ...(details ? { details } : {}) });
}

/** The same refusal, its English (for logs and tests) followed by what the machine said; the window words only the key. */
export function withCause(error: AppError, cause: string): AppError {
  const { key, params, fields, details, field, fieldKeys } = error;
  return new AppError(error.code, `${error.message} (${cause.slice(0, 500)})`, { ...(fields ? { fields } : {}), ...(details ? { details } : {}), ...(key ? { key, params: params ?? {} } : {}), ...(field ? { field } : {}), ...(fieldKeys ? { fieldKeys } : {}) });
}

/** What a missing record is called, in the catalog's `record.notFound` select. */
const RECORD_KINDS = {
  'Payment plan': 'plan',
  'Schedule item': 'item',
  Enrollment: 'enrollment',
  Deposit: 'deposit',
  'Drawer session': 'drawerSession',
  User: 'user',
  Payer: 'payer',
  'Card payment': 'cardPayment',
  'Outbox row': 'outbox',
  Refund: 'refund',
  'Refund receipt': 'refundReceipt',
  Receipt: 'receipt',
  Subscription: 'subscription',
  Invoice: 'invoice',
  Product: 'product',
  Payment: 'payment',
  Mail: 'mail',
  Task: 'task',
  Backup: 'backup',
  'Payer page link': 'link',
  Conflict: 'conflict',
} as const;
export type RecordKind = keyof typeof RECORD_KINDS;

/** The id stays in `details` for code; the words name only what is missing (a person never sees an id). */
export const notFound = (what: RecordKind, id: string, field?: string): AppError => {
  const params = { what: RECORD_KINDS[what] };
  if (!field) return refuseAs('NOT_FOUND', 'record.notFound', params, { id });
  // The sentence stands alone; the field it concerns shows it too.
  const text = words('record.notFound', params);
  return new AppError('NOT_FOUND', text, { fields: { [field]: text }, fieldKeys: { [field]: { key: 'record.notFound', params } }, key: 'record.notFound', params, details: { id } });
};

/** Turns zod issues into `{ "plan.deposit": "must not be negative" }`, each with its key (`input.negative`) for the window's words. */
export function fromZodError(error: ZodError, root = 'input'): AppError {
  // Maps, not objects: a path the caller made up (`__proto__`) is a field like any other.
  const fields = new Map<string, string>();
  const fieldKeys = new Map<string, KeyedWords>();
  const add = (path: string, message: string, keyed: KeyedWords) => {
    if (!fields.has(path)) fields.set(path, message);
    if (!fieldKeys.has(path)) fieldKeys.set(path, keyed);
  };
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    let message = issue.message;
    const keyed = zodIssueWords(issue);
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys?: string[] }).keys ?? [];
      for (const key of keys) add(path ? `${path}.${key}` : key, 'is not a known field', keyed);
      continue;
    }
    if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
    add(path || root, message, keyed);
  }
  if (fields.size === 0) add(root, 'is not valid', { key: 'input.invalid', params: {} });
  const summary = [...fields].slice(0, 5).map(([k, v]) => `${k} ${v}`).join('; ');
  const [first] = fieldKeys;
  return new AppError('VALIDATION', `Invalid input: ${summary}`, {
    fields: Object.fromEntries(fields),
    fieldKeys: Object.fromEntries(fieldKeys),
    ...(first ? { key: first[1].key, params: first[1].params, field: first[0] } : {}),
  });
}

/** Schema messages (shared/schemas.ts, shared/contract) with their keys: the window words them in its language. */
const SCHEMA_WORDS: Record<string, KeyedWords> = {
  'is required': { key: 'input.required', params: {} },
  'must not be empty': { key: 'input.empty', params: {} },
  'is empty': { key: 'input.empty', params: {} },
  'is too long': { key: 'input.tooLong', params: {} },
  'is too short': { key: 'input.tooShort', params: {} },
  'must not be negative': { key: 'input.negative', params: {} },
  'must be greater than zero': { key: 'input.positive', params: {} },
  'must be a whole number': { key: 'input.wholeNumber', params: {} },
  'must be whole days': { key: 'input.wholeDays', params: {} },
  'must be whole minutes': { key: 'input.wholeMinutes', params: {} },
  'must be whole basis points': { key: 'input.basisPoints', params: {} },
  'must be below 10000 (100 %)': { key: 'input.basisPoints', params: {} },
  'must be at most 10000 (100 %)': { key: 'input.basisPoints', params: {} },
  'must be a whole amount of the currency (no fraction of a cent)': { key: 'input.amountNotWhole', params: {} },
  'is larger than any amount Bursar takes': { key: 'input.amountTooLarge', params: {} },
  'is not an ISO 4217 currency code': { key: 'input.currency', params: {} },
  'must be a date YYYY-MM-DD': { key: 'input.date', params: {} },
  'is not a real calendar date': { key: 'input.realDate', params: {} },
  'must be a date and time': { key: 'input.dateTime', params: {} },
  'must not be before the start date': { key: 'input.beforeStart', params: {} },
  'is not an email address': { key: 'input.email', params: {} },
  'must be an http(s) URL': { key: 'input.webAddress', params: {} },
  'must be a web address starting with https:// or http://': { key: 'input.webAddress', params: {} },
  'must be a web address (https://…)': { key: 'input.webAddress', params: {} },
  'must be a server name such as smtp.example.org (no http:// and no spaces)': { key: 'input.serverName', params: {} },
  'must not contain a user name or password': { key: 'input.urlCredentials', params: {} },
  'must not contain a user name or password: enter the device token in its own field': { key: 'input.urlToken', params: {} },
  'may contain only digits, spaces and + ( ) . / -': { key: 'input.phoneChars', params: {} },
  'must contain at least 3 digits': { key: 'input.phoneDigits', params: {} },
  'may contain only lower-case letters, digits and . _ -': { key: 'input.usernameChars', params: {} },
  'may contain only letters, digits and _ : . -': { key: 'input.requestId', params: {} },
  'must be 1 to 8 capital letters or digits': { key: 'input.deskCode', params: {} },
  'is not a valid locale tag': { key: 'input.locale', params: {} },
  'is not an IANA time zone (for example Australia/Sydney)': { key: 'input.timeZone', params: {} },
  'must be a Stripe secret key (sk_live_…, sk_test_… or rk_…)': { key: 'input.stripeKey', params: {} },
  'is too long to be a Stripe secret key': { key: 'input.stripeKey', params: {} },
  'must be 80 mm roll, A5 or A4': { key: 'input.paperSize', params: {} },
  'is not a Bursar backup file name': { key: 'input.backupName', params: {} },
  'is not a job id': { key: 'input.unknownTask', params: {} },
  'must be a channel name': { key: 'input.unknownAction', params: {} },
  'a portal key is 32 bytes of base64url': { key: 'input.portalKey', params: {} },
  'must be true: restoring replaces all current data': { key: 'input.confirmRestore', params: {} },
  'give either the receipt or its number': { key: 'input.receiptOrNumber', params: {} },
  'is not a cursor this desk returned': { key: 'cursor.stale', params: {} },
  'must keep at least 1': { key: 'input.atLeast', params: { min: 1 } },
};

/** Schema messages that carry a number: "must be at most 200 characters", "must list at most 120 dates". */
const SCHEMA_PATTERNS: [RegExp, (n: number, m: number) => KeyedWords][] = [
  [/^must be at most (\d+) characters$/, (n) => ({ key: 'input.maxChars', params: { max: n } })],
  [/^must be at least (\d+) characters$/, (n) => ({ key: 'input.minChars', params: { min: n } })],
  [/^must be at most (\d+) days?$/, (n) => ({ key: 'input.maxDays', params: { max: n } })],
  [/^must be at least (\d+) days?$/, (n) => ({ key: 'input.minDays', params: { min: n } })],
  [/^must be at most (\d+) bytes$/, () => ({ key: 'input.fileTooLarge', params: {} })],
  [/^must list at most (\d+) \w+$/, (n) => ({ key: 'input.maxCount', params: { max: n } })],
  [/^must be at most (\d+) rules$/, (n) => ({ key: 'input.maxCount', params: { max: n } })],
  [/^must list at least (\d+) \w+$/, (n) => ({ key: 'input.minCount', params: { min: n } })],
  [/^must be at most (\d+)$/, (n) => ({ key: 'input.atMost', params: { max: n } })],
  [/^must be at least (\d+)$/, (n) => ({ key: 'input.atLeast', params: { min: n } })],
  [/^must be between (\d+) and (\d+)$/, (n, m) => ({ key: 'input.between', params: { min: n, max: m } })],
];

type Issue = ZodError['issues'][number];
const bound = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : 0);

/** The key and parameters of a zod issue: the schema's own message when it is known, else by what the issue says. */
export function zodIssueWords(issue: Issue): KeyedWords {
  const known = SCHEMA_WORDS[issue.message];
  if (known) return known;
  for (const [pattern, words] of SCHEMA_PATTERNS) {
    const found = pattern.exec(issue.message);
    if (found) return words(Number(found[1]), Number(found[2]));
  }
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || /received undefined/.test(issue.message)) return { key: 'input.required', params: {} };
      const kinds: Record<string, ErrorKey> = { string: 'input.notText', number: 'input.notNumber', int: 'input.wholeNumber', boolean: 'input.notYesNo', array: 'input.notList' };
      return { key: kinds[issue.expected] ?? 'input.wrongKind', params: {} };
    }
    case 'too_small': {
      const min = bound(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? { key: 'input.empty', params: {} } : { key: 'input.minChars', params: { min } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'input.minCount', params: { min } };
      if (min === 0) return { key: issue.inclusive === false ? 'input.positive' : 'input.negative', params: {} };
      return issue.inclusive === false ? { key: 'input.greaterThan', params: { min } } : { key: 'input.atLeast', params: { min } };
    }
    case 'too_big': {
      const max = bound(issue.maximum);
      if (issue.origin === 'string') return { key: 'input.maxChars', params: { max } };
      if (issue.origin === 'array' || issue.origin === 'set') return { key: 'input.maxCount', params: { max } };
      if (!Number.isSafeInteger(max) || max > 1_000_000) return { key: 'input.amountTooLarge', params: {} };
      return issue.inclusive === false ? { key: 'input.lessThan', params: { max } } : { key: 'input.atMost', params: { max } };
    }
    case 'invalid_format': {
      const formats: Record<string, ErrorKey> = { email: 'input.email', url: 'input.webAddress', datetime: 'input.dateTime', date: 'input.date' };
      return { key: formats[issue.format] ?? 'input.format', params: {} };
    }
    case 'not_multiple_of':
      return { key: 'input.wholeNumber', params: {} };
    case 'invalid_value':
    case 'invalid_union':
      return { key: 'input.choice', params: {} };
    case 'unrecognized_keys':
      return { key: 'input.unknownField', params: {} };
    default:
      return { key: 'input.invalid', params: {} };
  }
}

/** Runs `fn`, re-homing the field names of a VALIDATION error under `prefix` (`terms.count` → `plan.terms.count` for prefix `plan`). */
export function underField<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION' || !e.fields) throw e;
    const fields = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [`${prefix}.${k}`, v]));
    const message = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('; ');
    const words = e.key ? { key: e.key, params: e.params ?? {}, ...(e.field ? { field: `${prefix}.${e.field}` } : {}) } : {};
    const fieldKeys = e.fieldKeys ? { fieldKeys: Object.fromEntries(Object.entries(e.fieldKeys).map(([k, v]) => [`${prefix}.${k}`, v])) } : {};
    throw new AppError('VALIDATION', message, { fields, ...(e.details ? { details: e.details } : {}), ...words, ...fieldKeys });
  }
}
