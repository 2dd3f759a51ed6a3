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
};

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppErrorData };
export type Result<T> = Ok<T> | Err;
