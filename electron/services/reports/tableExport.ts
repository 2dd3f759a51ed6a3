import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { contract } from '../../../shared/contract';
import type { TableName, TableRequest } from '../../../shared/contract/tableExport';
import { auditExport, tableCells } from '../../../shared/reports/tableCells';
import type { TableRowOf } from '../../../shared/reports/tableCells';
import type { HandlerContext } from '../../core/handlers';
import { PRIVATE_FILE_MODE } from '../../store/privateFiles';
import type { JobControl } from '../../core/jobs';
import type { Store } from '../../store/store';
import { refuseAs } from '../../core/errors';
import { allows } from '../../core/session';
import type { Access } from '../../core/session';
import { auditHandlers } from '../audit/handlers';
import { catalogWords } from '../documents/catalogWords';
import { readSettings } from '../settings/settingsRepo';
import { backupsHandlers } from '../backups/handlers';
import { outboxHandlers } from '../card/outboxHandlers';
import { enrollmentsHandlers } from '../enrollments/handlers';
import { paymentsHandlers } from '../payments/handlers';
import { productsHandlers } from '../products/handlers';
import { schedulesHandlers } from '../schedules/handlers';
import { usersHandlers } from '../users/handlers';
import { syncHandlers } from '../../sync/handlers';

/** Rows a page asks its list channel for: the channels' own maximum. */
const PAGE = 500;
const BOM = '\uFEFF';

type Page = { rows: string[][]; total: number | null; next: (() => Promise<Page>) | null };
type Opened = { access: Access; columns: string[]; first: () => Promise<Page> };

const cellsOf = <K extends TableName>(table: K, rows: TableRowOf<K>[]): string[][] => rows.map(tableCells[table].cells);

function byOffset(offset: number, fetch: (offset: number) => Promise<{ rows: string[][]; total: number }>): Promise<Page> {
  return fetch(offset).then((r) => ({
    rows: r.rows,
    total: r.total,
    next: r.rows.length === PAGE && offset + PAGE < r.total ? () => byOffset(offset + PAGE, fetch) : null,
  }));
}

/**
 * Each table through its own list channel's handler, its input parsed by the channel's schema
 * (the screen's filters plus paging), so the file holds exactly what the screen pages through:
 * keyset paging where the channel has it (schedules, audit, sync events, outbox), offset paging
 * otherwise; `writeTableExport` runs them all on one read snapshot.
 */
function openTable(request: TableRequest, ctx: HandlerContext): Opened {
  const { columns } = tableCells[request.table];
  switch (request.table) {
    case 'schedules': {
      const page = async (after: string | undefined, first: boolean): Promise<Page> => {
        const input = contract['schedules:list'].input.parse({ ...request.filters, limit: PAGE, includeTotal: first, ...(after ? { after } : {}) });
        const r = await schedulesHandlers['schedules:list'].run(input, ctx);
        const cursor = r.nextCursor;
        return { rows: cellsOf('schedules', r.items), total: r.total, next: cursor && r.items.length > 0 ? () => page(cursor, false) : null };
      };
      return { access: schedulesHandlers['schedules:list'].access, columns, first: () => page(undefined, true) };
    }
    case 'enrollments':
      return { access: enrollmentsHandlers['enrollments:list'].access, columns, first: () => byOffset(0, async (offset) => {
        const r = await enrollmentsHandlers['enrollments:list'].run(contract['enrollments:list'].input.parse({ ...request.filters, limit: PAGE, offset }), ctx);
        return { rows: cellsOf('enrollments', r.enrollments), total: r.total };
      }) };
    case 'payments':
      return { access: paymentsHandlers['payments:list'].access, columns, first: () => byOffset(0, async (offset) => {
        const r = await paymentsHandlers['payments:list'].run(contract['payments:list'].input.parse({ ...request.filters, limit: PAGE, offset }), ctx);
        return { rows: cellsOf('payments', r.payments), total: r.total };
      }) };
    case 'products':
      return { access: productsHandlers['products:list'].access, columns, first: () => byOffset(0, async (offset) => {
        const r = await productsHandlers['products:list'].run(contract['products:list'].input.parse({ ...request.filters, limit: PAGE, offset }), ctx);
        return { rows: cellsOf('products', r.products), total: r.total };
      }) };
    case 'audit': {
      const page = async (beforeSeq: number | undefined, cells: (row: TableRowOf<'audit'>) => string[]): Promise<Page> => {
        const r = await auditHandlers['audit:list'].run(contract['audit:list'].input.parse({ ...request.filters, limit: PAGE, ...(beforeSeq ? { beforeSeq } : {}) }), ctx);
        const before = r.nextBeforeSeq;
        return { rows: r.entries.map(cells), total: null, next: before !== null && r.entries.length > 0 ? () => page(before, cells) : null };
      };
      // The actions in words of the office's language, read once from the export's snapshot.
      return { access: auditHandlers['audit:list'].access, columns: auditExport.columns, first: () => page(undefined, auditExport.cells(catalogWords(readSettings(ctx.store).locale))) };
    }
    case 'users':
      return { access: usersHandlers['users:list'].access, columns, first: async () => {
        const r = await usersHandlers['users:list'].run({}, ctx);
        return { rows: cellsOf('users', r.users), total: r.users.length, next: null };
      } };
    case 'syncEvents': {
      const page = async (cursor: string | undefined): Promise<Page> => {
        const r = await syncHandlers['sync:events'].run(contract['sync:events'].input.parse({ ...request.filters, limit: PAGE, ...(cursor ? { cursor } : {}) }), ctx);
        const next = r.nextCursor;
        return { rows: cellsOf('syncEvents', r.events), total: null, next: next ? () => page(next) : null };
      };
      return { access: syncHandlers['sync:events'].access, columns, first: () => page(undefined) };
    }
    case 'outbox': {
      const page = async (cursor: string | undefined): Promise<Page> => {
        const r = await outboxHandlers['outbox:list'].run(contract['outbox:list'].input.parse({ ...request.filters, limit: PAGE, ...(cursor ? { cursor } : {}) }), ctx);
        const next = r.nextCursor;
        return { rows: cellsOf('outbox', r.rows), total: null, next: next ? () => page(next) : null };
      };
      return { access: outboxHandlers['outbox:list'].access, columns, first: () => page(undefined) };
    }
    case 'backups':
      return { access: backupsHandlers['backups:list'].access, columns, first: async () => {
        const r = await backupsHandlers['backups:list'].run({}, ctx);
        return { rows: cellsOf('backups', r.backups), total: r.backups.length, next: null };
      } };
  }
}

/** Refused before any file exists when the caller may not read the table the export pages through. */
export function checkTableAccess(request: TableRequest, ctx: HandlerContext): void {
  if (!allows(openTable(request, ctx).access, ctx.session)) throw refuseAs('FORBIDDEN', 'auth.exportNeedsAccess', {}, { table: request.table });
}

/** A file name that says which table and when, safe on every file system; the suffix keeps two exports of one instant apart. */
export const tableExportFileName = (request: TableRequest, at: Date): string => `bursar-${request.table}-${at.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.csv`;

/**
 * Writes the table's whole filtered result, as it was when the export started, to `file`, one
 * list page at a time, yielding between pages so the desk stays responsive, with progress in rows (the total when the channel counts
 * it); a cancelled or failed export removes the partial file. Returns the rows written.
 */
export async function writeTableExport(request: TableRequest, ctx: HandlerContext, file: string, bom: boolean, control: JobControl): Promise<number> {
  const handle = await open(file, 'wx', PRIVATE_FILE_MODE);
  let snapshot: Store | null = null;
  let complete = false;
  let written = 0;
  try {
    // Every page reads one snapshot of the database, taken as the job starts: with the desk
    // writing between pages, offset pages would otherwise repeat or skip rows, and rows could
    // move in or out of a filter during the walk.
    snapshot = ctx.store.snapshot();
    const { columns, first } = openTable(request, { ...ctx, store: snapshot });
    await handle.write((bom ? BOM : '') + stringify([columns]));
    let page: Page | null = await first();
    const total = page.total;
    while (page) {
      if (page.rows.length) await handle.write(stringify(page.rows));
      written += page.rows.length;
      // An uncounted list (audit, sync events, outbox) reports total 0: the window shows rows written without a percentage.
      control.progress(written, total === null ? 0 : Math.max(total, written));
      if (control.cancelled) return written;
      await yieldToEventLoop();
      page = page.next ? await page.next() : null;
    }
    complete = true;
    return written;
  } finally {
    snapshot?.close();
    await handle.close();
    if (!complete) rmSync(file, { force: true });
  }
}
