import { z } from 'zod';
import { auditContract } from './audit';
import { JobId } from './data';
import { enrollmentsContract } from './enrollments';
import { outboxContract } from './card';
import { catalogContract } from './catalog';
import { paymentsContract } from './payments';
import { schedulesContract } from './schedules';
import { syncContract } from './sync';

/**
 * Which table screen to export, with the filters its list channel takes minus paging: the
 * export pages through that same channel, so the file holds the whole filtered result the
 * screen pages through.
 */
export const TableRequest = z.discriminatedUnion('table', [
  z.strictObject({ table: z.literal('schedules'), filters: schedulesContract['schedules:list'].input.omit({ limit: true, offset: true, after: true, includeTotal: true }) }),
  z.strictObject({ table: z.literal('enrollments'), filters: enrollmentsContract['enrollments:list'].input.omit({ limit: true, offset: true, countUpTo: true }) }),
  z.strictObject({ table: z.literal('payments'), filters: paymentsContract['payments:list'].input.omit({ limit: true, offset: true }) }),
  z.strictObject({ table: z.literal('products'), filters: catalogContract['products:list'].input.omit({ limit: true, offset: true }) }),
  z.strictObject({ table: z.literal('audit'), filters: auditContract['audit:list'].input.omit({ limit: true, beforeSeq: true }) }),
  z.strictObject({ table: z.literal('users'), filters: z.strictObject({}) }),
  z.strictObject({ table: z.literal('syncEvents'), filters: syncContract['sync:events'].input.omit({ limit: true, cursor: true }) }),
  z.strictObject({ table: z.literal('outbox'), filters: outboxContract['outbox:list'].input.omit({ limit: true, cursor: true }) }),
  z.strictObject({ table: z.literal('backups'), filters: z.strictObject({}) }),
]);
export type TableRequest = z.infer<typeof TableRequest>;
export type TableName = TableRequest['table'];

/** What `reports:exportTable` and `reports:exportFile` take and give, kept beside the request they serve. */
export const ExportTableInput = z.strictObject({
  request: TableRequest,
  /** Write a UTF-8 byte-order mark so spreadsheet programs detect the encoding. */
  bom: z.boolean().default(false),
  /** An absolute folder to write the file into; defaults to the data folder's exports/. */
  folder: z.string().trim().min(1).max(1000).optional(),
});
export const ExportFileInput = z.strictObject({ jobId: JobId });
export const ExportFile = z.object({ fileName: z.string(), csv: z.string() });
