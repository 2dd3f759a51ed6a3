import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../../../shared/contract/backups';

export type BackupKind = BackupInfo['kind'];

const NAME = /^bursar-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})-(daily|manual|pre-restore)\.sqlite$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `bursar-20261126-051802-123-daily.sqlite`, in UTC so names sort by time. */
export function backupName(at: Date, kind: BackupKind): string {
  const d = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  const t = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}-${pad(at.getUTCMilliseconds(), 3)}`;
  return `bursar-${d}-${t}-${kind}.sqlite`;
}

export function parseBackupName(name: string): { createdAt: Date; kind: BackupKind } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, kind] = m;
  const createdAt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)));
  return { createdAt, kind: kind as BackupKind };
}

export function listBackups(folder: string): BackupInfo[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const parsed = parseBackupName(name);
      if (!parsed) return [];
      return [{ name, kind: parsed.kind, createdAt: parsed.createdAt.toISOString(), bytes: statSync(join(folder, name)).size }];
    })
    .sort((a, b) => (a.name < b.name ? 1 : -1));
}

/** Monday-based week key, so "one per week" means one per calendar week. */
function weekKey(d: Date): string {
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7)));
  return monday.toISOString().slice(0, 10);
}

/**
 * Which automatic backups to delete: keep the newest of each of the last `keepDaily` days
 * that have one, and the newest of each of the last `keepWeekly` weeks. Manual and
 * pre-restore copies are never deleted automatically: someone made them on purpose.
 */
export function backupsToPrune(backups: BackupInfo[], keepDaily: number, keepWeekly: number): string[] {
  const daily = backups.filter((b) => b.kind === 'daily').sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const keep = new Set<string>();
  const days = new Set<string>();
  const weeks = new Set<string>();
  for (const b of daily) {
    const day = b.createdAt.slice(0, 10);
    if (!days.has(day) && days.size < keepDaily) {
      days.add(day);
      keep.add(b.name);
    }
    const week = weekKey(new Date(b.createdAt));
    if (!weeks.has(week) && weeks.size < keepWeekly) {
      weeks.add(week);
      keep.add(b.name);
    }
  }
  return daily.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
