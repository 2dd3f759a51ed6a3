import { z } from 'zod';

/**
 * What `GET /v1/events` returns: the relay's wire format, shared with the desk's sync worker.
 * `payload` is the exact body Stripe signed, as text: the desk parses it itself and may keep it
 * verbatim for audit. `cursor` is the relay's per-org sequence, never Stripe's id or `created`.
 */
export const RelayEvent = z.strictObject({
  cursor: z.number().int().positive(),
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  created: z.number().int(),
  received_at: z.number().int(),
  payload: z.string(),
});
export type RelayEvent = z.infer<typeof RelayEvent>;

export const RelayEventsPage = z.strictObject({
  events: z.array(RelayEvent),
  next_cursor: z.number().int().nonnegative(),
  has_more: z.boolean(),
});
export type RelayEventsPage = z.infer<typeof RelayEventsPage>;

/**
 * 410 body: the cursor points before what retention kept (or past what this relay holds).
 * The desk catches up through Stripe's Events API, then continues from `resume_cursor`.
 */
export const RelayCursorGone = z.strictObject({
  error: z.literal('cursor_gone'),
  message: z.string(),
  resume_cursor: z.number().int().nonnegative(),
});
export type RelayCursorGone = z.infer<typeof RelayCursorGone>;

export const RELAY_MAX_LIMIT = 500;
export const RELAY_MAX_WAIT_SECONDS = 30;
