import { fieldLabel, renderErrorMessage } from './errorMessages';
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
  /** The key and parameters of each entry of `fields` (a schema refusal names several), so the window words every one. */
  fieldKeys?: Record<string, KeyedWords>;
};

/** Words by key: what a field's (or the request's) refusal says, built again in the window's language. */
export type KeyedWords = { key: string; params: ErrorParams };

/**
 * `error` with its words rebuilt from its keys and parameters in `format` (the office's locale):
 * each field's text, and a message naming each field by its label from the catalog
 * ("Amount: must not be negative"), never by its path. An error without keys stays as it was.
 */
export function localizeError(error: AppErrorData, format: ErrorFormat): AppErrorData {
  if (!error.key && !error.fieldKeys) return error;
  const keyed: Record<string, KeyedWords> = { ...error.fieldKeys };
  if (error.key && error.field) keyed[error.field] ??= { key: error.key, params: error.params ?? {} };
  const fields = error.fields ? { ...error.fields } : undefined;
  for (const [path, words] of Object.entries(keyed)) {
    const text = renderErrorMessage(words.key, words.params, format);
    if (text !== undefined && fields && path in fields) fields[path] = text;
  }
  if (error.field && fields) {
    const message = Object.entries(fields).slice(0, 5).map(([path, text]) => `${fieldLabel(path, format)}: ${text}`).join('; ');
    return { ...error, fields, message };
  }
  const text = error.key ? renderErrorMessage(error.key, error.params, format) : undefined;
  return { ...error, ...(fields ? { fields } : {}), ...(text !== undefined ? { message: text } : {}) };
}

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppErrorData };
export type Result<T> = Ok<T> | Err;
