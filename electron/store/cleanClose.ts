import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';

/**
 * A note, beside the database, that Bursar closed it cleanly: the main file's identity, size
 * and modification time right after the last connection closed (SQLite checkpoints and
 * removes the WAL then). `PRAGMA quick_check` reads every page — seconds on a store of a few
 * GB — so at open it runs only when the file is not exactly as Bursar left it: after a crash
 * or power cut (no note: it is taken away at every open), after the file was replaced or
 * edited outside the app, or while a WAL still holds pages. Silent corruption of an unchanged
 * file is caught by the daily backup, whose copy of every page is checked.
 */
type Snapshot = { ino: number; size: number; mtimeMs: number };

export const cleanCloseMarker = (file: string): string => `${file}.clean`;

function snapshot(file: string): Snapshot | null {
  try {
    const st = statSync(file);
    return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch {
    return null;
  }
}

const walIsEmpty = (file: string): boolean => (snapshot(`${file}-wal`)?.size ?? 0) === 0;

/**
 * Whether the last close was clean and nothing touched the file since. Removes the note
 * either way, before anything writes, so a crash during this run leaves none behind.
 */
export function takeCleanClose(file: string): boolean {
  const marker = cleanCloseMarker(file);
  let noted: unknown;
  try {
    noted = JSON.parse(readFileSync(marker, 'utf8'));
  } catch {
    return false;
  }
  try {
    rmSync(marker, { force: true });
  } catch {
    // A note that cannot be taken away (a read-only folder) could outlive a crash: check.
    return false;
  }
  const now = snapshot(file);
  if (!now || !walIsEmpty(file) || typeof noted !== 'object' || noted === null) return false;
  const n = noted as Partial<Snapshot>;
  return n.ino === now.ino && n.size === now.size && n.mtimeMs === now.mtimeMs;
}

/** Called after the connection closed; writes nothing if another connection kept a WAL open. */
export function markCleanClose(file: string): void {
  const now = snapshot(file);
  if (!now || !walIsEmpty(file)) return;
  try {
    writeFileSync(cleanCloseMarker(file), JSON.stringify(now), { mode: 0o600 });
  } catch {
    // Without the note the next open runs the check: safe, only slower.
  }
}
