import { AppError } from '../core/errors';

type StripeLikeError = {
  type?: string;
  message?: string;
  code?: string;
  decline_code?: string;
  param?: string;
  statusCode?: number;
};

/** What the outbox needs to know about a failure: show it, and whether trying again can help. */
export type GatewayFailure = { error: AppError; retryable: boolean };

/**
 * Maps a Stripe SDK error to the core's codes, keeping Stripe's message, code and decline
 * code for the screen. Network trouble, rate limits and Stripe's own 5xx are retryable;
 * a declined card, a bad parameter or a bad key are not (retrying cannot change them).
 */
export function mapStripeError(e: unknown): GatewayFailure {
  const err = (e ?? {}) as StripeLikeError;
  const details = {
    stripeType: err.type ?? null,
    stripeCode: err.code ?? null,
    declineCode: err.decline_code ?? null,
  };
  const message = err.message ?? 'Stripe did not answer';
  switch (err.type) {
    case 'StripeCardError':
      return { error: new AppError('CONFLICT', `The card was declined: ${message}`, { details, key: 'stripe.declined', params: {} }), retryable: false };
    case 'StripeInvalidRequestError':
      return { error: new AppError('VALIDATION', `Stripe refused the request: ${message}`, { details, key: 'stripe.refused', params: {} }), retryable: false };
    case 'StripeIdempotencyError':
      return { error: new AppError('CONFLICT', `Stripe saw this operation before with other details: ${message}`, { details, key: 'stripe.seenBefore', params: {} }), retryable: false };
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      return { error: new AppError('UNAVAILABLE', `Stripe refused the secret key: ${message}`, { details, key: 'stripe.badKey', params: {} }), retryable: false };
    case 'StripeRateLimitError':
    case 'StripeAPIError':
    case 'StripeConnectionError':
      return { error: new AppError('UNAVAILABLE', `Stripe is not reachable right now: ${message}`, { details, key: 'stripe.unreachable', params: {} }), retryable: true };
    default:
      return { error: new AppError('UNAVAILABLE', `Stripe is not reachable right now: ${message}`, { details, key: 'stripe.unreachable', params: {} }), retryable: true };
  }
}
