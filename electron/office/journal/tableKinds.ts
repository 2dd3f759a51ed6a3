/**
 * What every table of the store is to the office (../shared/design/offices.md). One line per
 * table; `tableKinds.test.ts` fails when a migration adds a table that is not listed here.
 *
 * - `fact`: immutable rows owned by the desk that made them, merged by union (idempotent by
 *   id). The few status columns a fact carries (a payment's void, a receipt's void, a card
 *   refund's outcome) travel as field writes, written only by the owning desk.
 * - `field`: office rows whose columns are last-writer-wins per field by HLC. The row's
 *   creation is a fact (ids are unique); each later change is a field write.
 * - `deskOwned`: a desk's drawer sessions and bank deposits. Only the desk they belong to
 *   ever writes them; every other desk holds a copy because the office's payments, refunds
 *   and ledger rows point at them (foreign keys, the drawer proofs of ledger:verify).
 * - `derived`: summaries kept by triggers from the rows above; never journaled, they follow
 *   on every desk from the applied rows and `office:digest` proves them equal their GROUP BY.
 * - `desk`: this desk's own state, never merged: counters, outboxes, idempotency records,
 *   Stripe sync state, the journal's own bookkeeping.
 *
 * `order` of the journaled kinds is a foreign-key-safe order: a seed entry dumps tables in it.
 */
export type TableKind = 'fact' | 'field' | 'deskOwned' | 'derived' | 'desk';

export type TableSpec = {
  kind: TableKind;
  /** Columns recomputed on every desk (never journaled; set to 0 when a row arrives). */
  derivedColumns?: readonly string[];
  /** Rows whose key names a per-desk value (settings: the desk code…) are never journaled. */
  deskKeys?: readonly string[];
  /** The whole row is one last-writer-wins field (settings: key → value). */
  rowLww?: boolean;
};

/** Settings that belong to one desk and stay on it (offices.md: desk settings). */
export const DESK_SETTINGS = ['deskCode', 'backupKeepDaily', 'backupKeepWeekly'] as const;

export const tableKinds = {
  // journaled, in foreign-key order
  settings: { kind: 'field', deskKeys: DESK_SETTINGS, rowLww: true },
  users: { kind: 'field' },
  products: { kind: 'field' },
  payment_plans: { kind: 'field' },
  plan_rules: { kind: 'field' },
  payers: { kind: 'field' },
  enrollments: { kind: 'field' },
  schedule_items: { kind: 'field', derivedColumns: ['paid_amount'] },
  deposits: { kind: 'deskOwned' },
  drawer_sessions: { kind: 'deskOwned' },
  drawer_moves: { kind: 'fact' },
  payments: { kind: 'fact' },
  receipts: { kind: 'fact' },
  cancellations: { kind: 'fact' },
  refunds: { kind: 'fact' },
  refund_receipts: { kind: 'fact' },
  ledger_entries: { kind: 'fact' },
  stripe_customers: { kind: 'field' },
  card_requests: { kind: 'field' },
  stripe_prices: { kind: 'field' },
  stripe_subscriptions: { kind: 'field' },
  stripe_invoices: { kind: 'field' },
  delinquent_items: { kind: 'field' },
  audit_log: { kind: 'fact' },
  // an admin's resolution of a flagged conflict: office data, so every desk sees it resolved
  office_resolutions: { kind: 'fact' },

  // derived: triggers keep them from the rows above
  item_totals: { kind: 'derived' },
  payer_outstanding: { kind: 'derived' },
  revenue_daily: { kind: 'derived' },
  revenue_method_daily: { kind: 'derived' },
  revenue_product_daily: { kind: 'derived' },
  enrollment_daily: { kind: 'derived' },
  drawer_session_totals: { kind: 'derived' },
  // the one payer search's trigram index (migration 0025), kept by triggers on payers
  payer_grams: { kind: 'derived' },

  // per desk, never merged
  desk_counters: { kind: 'desk' },
  outbox: { kind: 'desk' },
  requests: { kind: 'desk' },
  sync_state: { kind: 'desk' },
  processed_events: { kind: 'desk' },
  stripe_object_versions: { kind: 'desk' },
  schema_migrations: { kind: 'desk' },
  office_desk: { kind: 'desk' },
  office_entries: { kind: 'desk' },
  office_field_clock: { kind: 'desk' },
  office_allocations: { kind: 'desk' },
  office_row_origin: { kind: 'desk' },
  // the other desks' chains and the office-order results: equal on every desk (office:digest reads them)
  office_audit_log: { kind: 'desk' },
  office_adjustments: { kind: 'desk' },
  office_conflicts: { kind: 'desk' },
  // the office link's own bookkeeping (electron/office/transport)
  office_membership: { kind: 'desk' },
  office_sealed: { kind: 'desk' },
  office_snapshot_work: { kind: 'desk' },
  // Not shared yet (a next step of issue 13): the SIS import's links and guardians, and the
  // mail settings and outbox, stay on the desk that made them. Until they are journaled an
  // office imports its roster at one desk; the payers, products and enrollments an import
  // makes are journaled like any others.
  roster_links: { kind: 'desk' },
  roster_imports: { kind: 'desk' },
  roster_mapping: { kind: 'desk' },
  payer_contacts: { kind: 'desk' },
  mail_settings: { kind: 'desk' },
  mail_outbox: { kind: 'desk' },
  // A payer page link is this desk's: its key, and the outbox state of its upload to the relay.
  portal_links: { kind: 'desk' },
} as const satisfies Record<string, TableSpec>;

export type OfficeTable = keyof typeof tableKinds;

const journaledKinds: ReadonlySet<TableKind> = new Set(['fact', 'field', 'deskOwned']);

/** The journaled tables in foreign-key order. */
export const journaledTables = (Object.entries(tableKinds) as [OfficeTable, TableSpec][])
  .filter(([, spec]) => journaledKinds.has(spec.kind))
  .map(([name]) => name);

export const specOf = (table: string): TableSpec | undefined => (tableKinds as Record<string, TableSpec>)[table];

/** Tables the journal inserts without their local integer key (each desk numbers its own). */
export const LOCAL_KEY: Partial<Record<OfficeTable, string>> = { ledger_entries: 'seq' };

/**
 * Values a desk makes that must be unique across the office: a username, an external id, a
 * Stripe id, a deposit slip. Two desks offline can each make the same one; the row made later
 * in the office order gets the value with a suffix (`applyOps.ts`) and the case is flagged for
 * an admin. `tableKinds.test.ts` holds this list to the schema's unique columns.
 */
export const UNIQUE_VALUES: Partial<Record<OfficeTable, readonly string[]>> = {
  users: ['username'],
  products: ['external_id'],
  payers: ['external_id'],
  deposits: ['slip_number'],
  payments: ['stripe_payment_intent_id', 'stripe_charge_id'],
  refunds: ['stripe_refund_id'],
  card_requests: ['payment_intent_id', 'checkout_session_id'],
  stripe_customers: ['customer_id'],
  stripe_prices: ['price_id'],
  stripe_subscriptions: ['subscription_id'],
  stripe_invoices: ['invoice_id', 'payment_intent_id'],
};
