import type { Migration } from '../migrationTypes';

/**
 * Refund events that arrived before the card payment they refund was on the desk (events out of
 * order) are kept `unmatched`; when the payment is recorded they are looked up by its payment
 * intent and brought in. The partial index holds only those rows, so the look-up costs nothing
 * on a store with many applied events.
 */
export const m0009: Migration = {
  version: 9,
  name: 'refund-events',
  sql: `
CREATE INDEX processed_events_unmatched_refunds ON processed_events (json_extract(payload_json, '$.data.object.payment_intent'))
  WHERE outcome = 'unmatched' AND type IN ('refund.created', 'refund.updated', 'charge.refund.updated', 'charge.refunded');
`,
};
