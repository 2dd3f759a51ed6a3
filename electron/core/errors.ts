import type { ZodError } from 'zod';
import type { AppErrorData, ErrorCode } from '../../shared/result';

/** A failure the caller should see as data. Anything else thrown becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: Record<string, string> | undefined;
  readonly details: AppErrorData['details'];

  constructor(code: ErrorCode, message: string, extra: { fields?: Record<string, string>; details?: AppErrorData['details'] } = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.details = extra.details;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

export const notFound = (what: string, id: string): AppError => new AppError('NOT_FOUND', `${what} ${id} does not exist`, { details: { id } });
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
    throw new AppError('VALIDATION', message, { fields, ...(e.details ? { details: e.details } : {}) });
  }
}
