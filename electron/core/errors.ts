import type { ZodError } from 'zod';
import { renderErrorMessage } from '../../shared/errorMessages';
import type { ErrorKey, ErrorParams, ParamsOf } from '../../shared/errorMessages';
import type { AppErrorData, ErrorCode } from '../../shared/result';

/** A failure the caller should see as data. Anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly details: AppErrorData['details'];
  readonly key: string | undefined;
  readonly params: ErrorParams | undefined;
  readonly field: string | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: Record<string, string>; details?: AppErrorData['details']; key?: string; params?: ErrorParams; field?: string } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.details = extra.details;
    this.key = extra.key;
    this.params = extra.params;
    this.field = extra.field;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details ? { details: this.details } : {}),
      ...(this.key ? { key: this.key, params: this.params ?? {} } : {}),
      ...(this.field ? { field: this.field } : {}),
    };
  }
}

/** The words of `key` in the core's default format (the window formats them again in the office's locale). */
const words = <K extends ErrorKey>(key: K, params: ParamsOf<K>): string => renderErrorMessage(key, params as ErrorParams) ?? key;

/** A refusal of one field, in words from the catalog: `invalidAs('amount', 'drawer.paidOutOverCash', { cash: { amount, currency } })`. */
export function invalidAs<K extends ErrorKey>(field: string, key: K, params: ParamsOf<K>, details?: AppErrorData['details']): AppError {
  const text = words(key, params);
  return new AppError('VALIDATION', `${field}: ${text}`, { fields: { [field]: text }, key, params: params as ErrorParams, field, ...(details ? { details } : {}) });
}

/** A refusal of the whole request, in words from the catalog. */
export function refuseAs<K extends ErrorKey>(code: ErrorCode, key: K, params: ParamsOf<K>, details?: AppErrorData['details']): AppError {
  return new AppError(code, words(key, params), { key, params: params as ErrorParams, ...(details ? { details } : {}) });
}

/** The id stays in `details` for code; the words name only what is missing (a person never sees an id). */
export const notFound = (what: string, id: string): AppError => new AppError('NOT_FOUND', `This ${what.toLowerCase()} does not exist (it may have been removed); reload and try again`, { details: { id } });
export const conflict = (message: string, details?: AppErrorData['details']): AppError => new AppError('CONFLICT', message, details ? { details } : {});
export const forbidden = (message: string): AppError => new AppError('FORBIDDEN', message);
export const invalid = (field: string, message: string): AppError => new AppError('VALIDATION', `${field}: ${message}`, { fields: { [field]: message } });

/** Turns zod issues into `{ "plan.deposit": "must not be negative" }` and a message naming them. */
export function fromZodError(error: ZodError, root = 'input'): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    let path = issue.path.map(String).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys?: string[] }).keys ?? [];
      for (const key of keys) fields[path ? `${path}.${key}` : key] = 'is not a known field';
      continue;
    }
    if (issue.code === 'invalid_type' && /received undefined/.test(message)) message = 'is required';
    path = path || root;
    fields[path] ??= message;
  }
  const summary = Object.entries(fields).slice(0, 5).map(([k, v]) => `${k} ${v}`).join('; ');
  return new AppError('VALIDATION', `Invalid input: ${summary}`, { fields });
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
    throw new AppError('VALIDATION', message, { fields, ...(e.details ? { details: e.details } : {}), ...words });
  }
}
