import { accessSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { stringify } from 'csv-stringify/sync';
import { invalidAs } from '../../core/errors';
import type { JobControl } from '../../core/jobs';
import { openTableSnapshot } from '../../store/tableDump';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../store/privateFiles';

/** Columns that never leave the desk in an export. */
const SECRET_COLUMN = /password|secret|token|api_key|private/i;
const CHUNK = 5000;

/** Refuses a folder that is not absolute, not a folder, or not writable — before any work starts. */
export function checkExportFolder(folder: string): void {
  if (!isAbsolute(folder)) throw invalidAs('folder', 'export.folderNotAbsolute', {});
  try {
    mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    accessSync(folder, constants.W_OK);
  } catch {
    throw invalidAs('folder', 'export.folderNotWritable', {});
  }
}

/**
 * Writes every table as `<table>.csv` into `target`, all from one read snapshot on a separate
 * read-only connection, so the desk keeps taking payments while it runs.
 */
export async function exportAllTables(databaseFile: string, target: string, bom: boolean, control: JobControl, nativeBinding?: string): Promise<void> {
  const snapshot = openTableSnapshot(databaseFile, (column) => !SECRET_COLUMN.test(column), nativeBinding);
  try {
    const plan = snapshot.tables();
    const total = plan.reduce((sum, t) => sum + t.count, 0);
    let done = 0;
    control.progress(0, total);
    mkdirSync(target, { recursive: true, mode: PRIVATE_DIR_MODE });
    for (const { name, columns, count } of plan) {
      const file = await open(join(target, `${name}.csv`), 'w', PRIVATE_FILE_MODE);
      try {
        await file.write((bom ? '\uFEFF' : '') + stringify([columns]));
        if (columns.length > 0 && count > 0) {
          let chunk: unknown[][] = [];
          for (const row of snapshot.rows(name, columns)) {
            chunk.push(row.map((v) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)));
            if (chunk.length === CHUNK) {
              await file.write(stringify(chunk));
              done += chunk.length;
              chunk = [];
              control.progress(done, total);
              if (control.cancelled) return;
              await yieldToEventLoop();
            }
          }
          if (chunk.length) {
            await file.write(stringify(chunk));
            done += chunk.length;
          }
        }
      } finally {
        await file.close();
      }
      control.progress(done, total);
      if (control.cancelled) return;
    }
  } finally {
    snapshot.close();
  }
}

export const removeExport = (target: string): void => rmSync(target, { recursive: true, force: true });
