import { renderErrorMessage } from './errorMessages';
import type { ErrorFormat, ErrorParams } from './errorMessages';

/** Stable error codes: screens and tests switch on these, never on messages. */
export const errorCodes = ['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ErrorCode = (typeof errorCodes)[number];

export type AppErrorData = {
  code: ErrorCode;
  message: string;
  /** Field path (dot-joined, e.g. `plan.deposit`) → what is wrong with it. */
  fields?: Record<string, string>;
  /** Extra machine-readable facts, e.g. the id of the existing record on CONFLICT. */
  details?: Record<string, string | number | boolean | null>;
  /**
   * The stable key of the words (`shared/errorMessages.ts`) and their parameters: amounts
   * with their currency, labels a person knows. The window builds `message` (and the text of
   * `field`, when the words describe one field) again from these in the office's locale.
   */
  key?: string;
  params?: ErrorParams;
  field?: string;
};

/** `error` with its words rebuilt from its key and parameters in `format` (the office's locale); as it was for an unknown key. */
export function localizeError(error: AppErrorData, format: ErrorFormat): AppErrorData {
  if (!error.key) return error;
  const text = renderErrorMessage(error.key, error.params, format);
  if (text === undefined) return error;
  if (!error.field) return { ...error, message: text };
  return { ...error, message: `${error.field}: ${text}`, fields: { ...error.fields, [error.field]: text } };
}

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppErrorData };
export type Result<T> = Ok<T> | Err;
