import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';

/**
 * The store, its WAL and shared-memory files, backups and exports hold every payer and payment:
 * only the desk's own operating-system user may read them. Modes are set explicitly rather
 * than through a process-wide umask, which the Electron shell and the tests share with code
 * that is not ours. Windows ignores these modes (its user profile folders are private).
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) as 0700; an existing folder that is Bursar's own is made 0700 too. */
export function privateDir(dir: string, options: { own: boolean }): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.own) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates an empty 0600 file where none is, so whatever writes it next (SQLite) starts from that mode. */
export function createPrivateFile(file: string): void {
  if (!existsSync(file)) writeFileSync(file, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}

/** Makes the files that exist among `files` 0600 (a store written by an older version, its WAL and SHM). */
export function makePrivate(...files: string[]): void {
  for (const file of files) {
    try {
      chmodSync(file, PRIVATE_FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  }
}
