/** Stripe's error envelope: `{ error: { type, code, decline_code, param, message, ... } }`. */
export type StripeErrorType =
  | 'api_error'
  | 'card_error'
  | 'idempotency_error'
  | 'invalid_request_error';

export type StripeErrorBody = {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
};

export class StandinError extends Error {
  readonly status: number;
  readonly body: StripeErrorBody;
  /** Validation failures happen before the endpoint runs, so Stripe stores no idempotent result for them. */
  readonly beforeExecution: boolean;

  constructor(status: number, body: StripeErrorBody, beforeExecution = false) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.beforeExecution = beforeExecution;
  }
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

export const invalidParam = (param: string, message: string, code = 'parameter_invalid_empty'): StandinError =>
  new StandinError(400, { type: 'invalid_request_error', code, param, message, doc_url: docUrl(code) }, true);

export const missingParam = (param: string): StandinError =>
  new StandinError(
    400,
    { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.`, doc_url: docUrl('parameter_missing') },
    true,
  );

export const unknownParam = (param: string): StandinError =>
  new StandinError(
    400,
    { type: 'invalid_request_error', code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}`, doc_url: docUrl('parameter_unknown') },
    true,
  );

/** `No such customer: 'cus_x'` — Stripe names the object type in snake case. */
export const noSuch = (what: string, id: string, param = 'id'): StandinError =>
  new StandinError(
    404,
    { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${what}: '${id}'`, doc_url: docUrl('resource_missing') },
    true,
  );

export const invalidRequest = (message: string, extra: Partial<StripeErrorBody> = {}, status = 400, beforeExecution = false): StandinError =>
  new StandinError(status, { type: 'invalid_request_error', message, ...extra, ...(extra.code ? { doc_url: docUrl(extra.code) } : {}) }, beforeExecution);

/** A request refused by parameter checks alone (nothing ran, so no idempotent result is kept). */
export const validationError = (message: string, extra: Partial<StripeErrorBody> = {}): StandinError => invalidRequest(message, extra, 400, true);

export const unexpectedState = (message: string): StandinError =>
  invalidRequest(message, { code: 'payment_intent_unexpected_state' });

export const apiError = (message = 'An unknown error occurred'): StandinError =>
  new StandinError(500, { type: 'api_error', message });

export const unrecognizedUrl = (method: string, path: string): StandinError =>
  new StandinError(
    404,
    {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    },
    true,
  );
