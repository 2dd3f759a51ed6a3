import { rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import type { JobControl } from '../../core/jobs';
import { PRIVATE_FILE_MODE } from '../../store/privateFiles';
import type { ReportTable } from '../../../shared/reports/reportTables';

const CHUNK = 5000;
const BOM = '\uFEFF';

/** The whole table as CSV text (RFC 4180 quoting by csv-stringify; CRLF-free, UTF-8). */
export const tableCsv = (table: ReportTable, bom: boolean): string => (bom ? BOM : '') + stringify([table.columns, ...table.rows]);

/**
 * Writes the table to `file` in chunks, yielding between them so the desk stays responsive,
 * with progress in rows; a cancelled or failed export removes the partial file.
 */
export async function writeTableCsv(table: ReportTable, file: string, bom: boolean, control: JobControl): Promise<void> {
  const handle = await open(file, 'wx', PRIVATE_FILE_MODE);
  let complete = false;
  try {
    control.progress(0, table.rows.length);
    await handle.write((bom ? BOM : '') + stringify([table.columns]));
    for (let i = 0; i < table.rows.length; i += CHUNK) {
      await handle.write(stringify(table.rows.slice(i, i + CHUNK)));
      control.progress(Math.min(table.rows.length, i + CHUNK), table.rows.length);
      if (control.cancelled) return;
      await yieldToEventLoop();
    }
    complete = true;
  } finally {
    await handle.close();
    if (!complete) rmSync(file, { force: true });
  }
}
