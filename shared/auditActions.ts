/**
 * Every action code and record type the core writes into the audit trail. The codes stay in
 * the rows as they are (the chain hashes them, and auditors and spreadsheets read them); the
 * window shows each in words (`auditAction.<code>`, `auditEntity.<type>` in
 * renderer/src/i18n), and the core's audit writer accepts only these, so a new action cannot
 * reach the trail without a place here, and a unit test keeps every one worded.
 */
export const AUDIT_ACTIONS = [
  'backup.create',
  'backup.restore',
  'card.intent',
  'card.link',
  'data.exportAll',
  'deposit.create',
  'deposit.deposited',
  'drawer.close',
  'drawer.open',
  'drawer.paid_in',
  'drawer.paid_out',
  'enrollment.cancel',
  'enrollment.create',
  'invoice.create',
  'invoice.retry',
  'mail.receipt',
  'mail.statement',
  'office.conflict.resolve',
  'office.join',
  'office.leave',
  'outbox.cancel',
  'override.grant',
  'payer.create',
  'payer.update',
  'payment.card',
  'payment.record',
  'payment.void',
  'plan.create',
  'plan.update',
  'plan_rules.replace',
  'portal.publish',
  'portal.revoke',
  'product.create',
  'product.import.create',
  'product.import.update',
  'product.update',
  'products.import',
  'refund.create',
  'refund.failed',
  'refund.stripe_dashboard',
  'refund.succeeded',
  'reports.export',
  'reports.exportTable',
  'roster.contact.update',
  'roster.contact.upsert',
  'roster.enrollment.flag',
  'roster.enrollment.link',
  'roster.enrollment.update',
  'roster.import.cancel',
  'roster.import.cancelRequested',
  'roster.import.fail',
  'roster.import.finish',
  'roster.import.interrupt',
  'roster.import.start',
  'roster.mapping.save',
  'roster.payer.create',
  'roster.payer.removed',
  'roster.payer.update',
  'roster.product.create',
  'roster.product.deactivate',
  'roster.product.update',
  'schedule_item.adjust',
  'schedule_item.pause',
  'schedule_item.post_late_fee',
  'schedule_item.resume',
  'schedule_item.waive',
  'settings.mail',
  'settings.relay',
  'settings.reminders',
  'settings.stripe',
  'settings.update',
  'subscription.cancel',
  'subscription.create',
  'subscription.end',
  'user.create',
  'user.update',
  'user.update+password',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The record types an audit entry names (`audit_log.entity_type`). */
export const AUDIT_ENTITY_TYPES = [
  'backup',
  'deposit',
  'drawer_session',
  'enrollment',
  'export',
  'office',
  'office_conflict',
  'outbox',
  'payer',
  'payer_contact',
  'payment',
  'payment_plan',
  'plan_rules',
  'product',
  'product_import',
  'refund',
  'roster_import',
  'roster_mapping',
  'schedule_item',
  'settings',
  'user',
] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/**
 * The actor names the core writes for work no signed-in user did (stored as is; shown in
 * words as `auditActor.<key>`). A Stripe dashboard event is written as `stripe event <id>`.
 */
export const SYSTEM_ACTORS = { system: 'system', stripe: 'stripe', lateFeeRule: 'late-fee rule' } as const;
export const STRIPE_EVENT_ACTOR_PREFIX = 'stripe event ';
export type SystemActorKey = keyof typeof SYSTEM_ACTORS | 'stripeEvent';

/** Which system actor an audit entry's actor name is, or null for a person (a username). */
export function systemActorOf(actorName: string): SystemActorKey | null {
  for (const [key, name] of Object.entries(SYSTEM_ACTORS)) if (name === actorName) return key as keyof typeof SYSTEM_ACTORS;
  return actorName.startsWith(STRIPE_EVENT_ACTOR_PREFIX) ? 'stripeEvent' : null;
}

export const isAuditAction = (code: string): code is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(code);
export const isAuditEntityType = (code: string): code is AuditEntityType => (AUDIT_ENTITY_TYPES as readonly string[]).includes(code);
