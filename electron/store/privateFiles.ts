import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';

/**
 * The store, its WAL and shared-memory files, backups and exports hold every payer and payment:
 * only the desk's own operating-system user may read them. Modes are set explicitly rather
 * than through a process-wide umask, which the Electron shell and the tests share with code
 * that is not ours. Windows ignores these modes (its user profile folders are private).
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Takes group and other permissions away from `path`, keeping the owner's (a read-only store
 * stays read-only). Best effort: a file another user owns, or a read-only file system, is left
 * as it is; opening such a store is not refused for it.
 */
function narrow(path: string): void {
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EROFS') throw e;
  }
}

/** Creates `dir` (and missing parents) as 0700; an existing folder that is Bursar's own loses group and other access too. */
export function privateDir(dir: string, options: { own: boolean }): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.own) narrow(dir);
}

/** Creates an empty 0600 file where none is, so whatever writes it next (SQLite) starts from that mode. */
export function createPrivateFile(file: string): void {
  if (!existsSync(file)) writeFileSync(file, '', { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}

/** Takes group and other access from the files that exist among `files` (a store an older version wrote 0644, its WAL and SHM). */
export function makePrivate(...files: string[]): void {
  for (const file of files) narrow(file);
}
