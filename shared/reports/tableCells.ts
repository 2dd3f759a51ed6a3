import type { OutputOf } from '../contract';
import type { TableName } from '../contract/tableExport';
import type { Words } from '../documentLines';
import { minorDigits, minorToDecimalString } from '../money';

/**
 * Each exportable table screen's rows as CSV cells: the same fields the screen shows (and the
 * ids it hides, so a file can be joined back), amounts as exact decimals in the row's currency,
 * dates and times as stored (ISO), never locale-formatted.
 */
type RowOf = {
  schedules: OutputOf<'schedules:list'>['items'][number];
  enrollments: OutputOf<'enrollments:list'>['enrollments'][number];
  payments: OutputOf<'payments:list'>['payments'][number];
  products: OutputOf<'products:list'>['products'][number];
  audit: OutputOf<'audit:list'>['entries'][number];
  users: OutputOf<'users:list'>['users'][number];
  syncEvents: OutputOf<'sync:events'>['events'][number];
  outbox: OutputOf<'outbox:list'>['rows'][number];
  backups: OutputOf<'backups:list'>['backups'][number];
};
export type TableRowOf<K extends TableName> = RowOf[K];

const dec = (amount: number, currency: string): string => minorToDecimalString(amount, minorDigits(currency));
const json = (v: unknown): string => (v === undefined || v === null ? '' : JSON.stringify(v));

export const tableCells: { [K in TableName]: { columns: string[]; cells: (row: RowOf[K]) => string[] } } = {
  schedules: {
    columns: ['Student', 'Course or program', '#', 'Due', 'Amount', 'Outstanding', 'Status', 'Late fee (proposed)', 'Currency', 'Paid', 'State', 'Item id', 'Enrollment id'],
    cells: (x) => [x.payerName, x.productName, String(x.seq), x.dueDate, dec(x.amount, x.currency), dec(x.outstanding, x.currency), x.status, x.lateFeeProposed ? dec(x.lateFeeProposed, x.currency) : '', x.currency, dec(x.paid, x.currency), x.state, x.id, x.enrollmentId],
  },
  enrollments: {
    columns: ['Student', 'Course or program', 'Plan', 'Enrolled', 'Status', 'Currency', 'List price', 'Discount', 'Total', 'Enrollment id'],
    cells: (x) => [x.payerName, x.productName, x.planName, x.enrolledOn, x.status, x.currency, dec(x.listPrice, x.currency), dec(x.discountAmount, x.currency), dec(x.totalAmount, x.currency), x.id],
  },
  payments: {
    columns: ['Received', 'Receipt', 'Student', 'Course or program', 'Method', 'Currency', 'Amount', 'Credit applied', 'Credit created', 'Status', 'Reference', 'Payment id'],
    cells: (x) => [x.receivedAt, x.receipt.number, x.payerName, x.productName, x.method, x.currency, dec(x.amount, x.currency), dec(x.creditApplied, x.currency), dec(x.creditCreated, x.currency), x.status, x.reference ?? x.check?.number ?? '', x.id],
  },
  products: {
    columns: ['Name', 'Type', 'Price', 'Currency', 'Active', 'Starts', 'Ends', 'External id', 'Product id'],
    cells: (x) => [x.name, x.type, dec(x.price, x.currency), x.currency, x.active ? 'yes' : 'no', x.startDate ?? '', x.endDate ?? '', x.externalId ?? '', x.id],
  },
  audit: {
    columns: ['#', 'When', 'Who', 'Approved by', 'Action', 'Entity', 'Entity id', 'Request id', 'Before', 'After'],
    cells: (x) => [String(x.seq), x.at, x.actorName, x.overrideBy ?? '', x.action, x.entityType, x.entityId ?? '', x.requestId ?? '', json(x.before), json(x.after)],
  },
  users: {
    columns: ['Username', 'Name', 'Role', 'Active', 'User id'],
    cells: (x) => [x.username, x.displayName, x.role, x.active ? 'yes' : 'no', x.id],
  },
  syncEvents: {
    columns: ['Applied', 'Event', 'Type', 'Object', 'Source', 'Outcome', 'Detail'],
    cells: (x) => [x.appliedAt, x.eventId, x.type, x.objectId ?? '', x.source, x.outcome, x.detail ?? ''],
  },
  outbox: {
    columns: ['Queued', 'Kind', 'State', 'Attempts', 'Next attempt', 'Currency', 'Amount', 'Last error', 'Refund id', 'Outbox id'],
    cells: (x) => [x.createdAt, x.kind, x.state, String(x.attempts), x.nextAttemptAt ?? '', x.currency ?? '', x.amount !== null && x.currency ? dec(x.amount, x.currency) : '', x.lastError ?? '', x.refundId ?? '', x.id],
  },
  backups: {
    columns: ['File', 'Kind', 'Made', 'Bytes'],
    cells: (x) => [x.name, x.kind, x.createdAt, String(x.bytes)],
  },
};

/**
 * The audit export: the stored codes (auditors and spreadsheets join on them) plus, last, each
 * action in the office's words from the window's catalog (`auditAction.<code>`); a code the
 * catalog lacks (written by a newer desk) is repeated as it is.
 */
export const auditExport = {
  columns: [...tableCells.audit.columns, 'Action in words'],
  cells: (words: Words) => (row: RowOf['audit']): string[] => {
    const id = `auditAction.${row.action}`;
    const said = words(id);
    return [...tableCells.audit.cells(row), said === id ? row.action : said];
  },
};
