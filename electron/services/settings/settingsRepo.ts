import type { PaperSize, Settings } from '../../../shared/contract/settings';
import { sql } from '../../store/sql';
import type { Store } from '../../store/store';

/**
 * The zone this machine runs in, the office's zone until an admin sets one: a desk PC is set
 * to the office's own clock. `UTC` when the runtime names none.
 */
export const machineTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export const defaultSettings = {
  officeName: 'My School Office',
  deskCode: 'DESK1',
  defaultCurrency: 'USD',
  locale: 'en-US',
  timeZone: machineTimeZone(),
  lockAfterMinutes: 15,
  backupKeepDaily: 14,
  backupKeepWeekly: 8,
  /** Off: late fees are proposed on the schedule and an admin posts them. On: the desk applies each plan's rule hourly. */
  lateFeesAutomatic: false as boolean,
  /** Payer page links expire this many days after they are made (issue 15: 90 by default). */
  payerLinkDays: 90,
  officeAddress: '' as string,
  officeTaxId: '' as string,
  receiptPaper: 'a5' as PaperSize,
} as const;

type Key = keyof typeof defaultSettings;
const keys = Object.keys(defaultSettings) as Key[];

export function readSettings(store: Store): Settings {
  const rows = store.all<{ key: string; value: string; updated_at: string }>(sql`SELECT key, value, updated_at FROM settings`);
  const stored = new Map(rows.map((r) => [r.key, r]));
  const updatedAt = rows.reduce<string | null>((max, r) => (max === null || r.updated_at > max ? r.updated_at : max), null);
  const value = <K extends Key>(key: K): (typeof defaultSettings)[K] => {
    const row = stored.get(key);
    return row ? (JSON.parse(row.value) as (typeof defaultSettings)[K]) : defaultSettings[key];
  };
  return {
    officeName: value('officeName'),
    deskCode: value('deskCode'),
    defaultCurrency: value('defaultCurrency'),
    locale: value('locale'),
    timeZone: value('timeZone'),
    lockAfterMinutes: value('lockAfterMinutes'),
    backupKeepDaily: value('backupKeepDaily'),
    backupKeepWeekly: value('backupKeepWeekly'),
    lateFeesAutomatic: value('lateFeesAutomatic'),
    payerLinkDays: value('payerLinkDays'),
    officeAddress: value('officeAddress'),
    officeTaxId: value('officeTaxId'),
    receiptPaper: value('receiptPaper'),
    updatedAt,
  };
}

/** One setting, for hot paths that need a single value (the desk code of every payment). */
export function readSetting<K extends Key>(store: Store, key: K): Pick<Settings, Key>[K] {
  const row = store.get<{ value: string }>(sql`SELECT value FROM settings WHERE key = ${key}`);
  const fallback: Pick<Settings, Key> = defaultSettings;
  return row ? (JSON.parse(row.value) as Pick<Settings, Key>[K]) : fallback[key];
}

export function writeSettings(store: Store, patch: Partial<Record<Key, string | number | boolean>>, at: Date): void {
  for (const key of keys) {
    const v = patch[key];
    if (v === undefined) continue;
    store.run(sql`INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${JSON.stringify(v)}, ${at.toISOString()})
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  }
}
