import { z } from 'zod';
import { Empty, RequestId } from '../schemas';
import { channel } from './define';

export const BackupInfo = z.object({
  name: z.string(),
  kind: z.enum(['daily', 'manual', 'pre-restore']),
  createdAt: z.string(),
  bytes: z.number().int(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

/** How the last automatic (daily) backup went since the desk started; null before the first try. */
export const AutomaticBackupStatus = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** The daily backup made or found for that day. */
  name: z.string().nullable(),
  message: z.string().nullable(),
});
export type AutomaticBackupStatus = z.infer<typeof AutomaticBackupStatus>;

/** A backup file name as Bursar writes it: no folders, no traversal. */
export const BackupName = z.string().max(100, { message: 'is not a Bursar backup file name', abort: true }).regex(/^bursar-\d{8}-\d{6}(-\d{3})?-(daily|manual|pre-restore)\.sqlite$/, 'is not a Bursar backup file name');

export const backupsContract = {
  'backups:list': channel({
    summary: 'Backups in the backup folder, newest first (admin).',
    input: Empty,
    output: z.object({ folder: z.string(), backups: z.array(BackupInfo), keepDaily: z.number().int(), keepWeekly: z.number().int(), lastAutomatic: AutomaticBackupStatus.nullable() }),
  }),
  'backups:create': channel({
    summary: 'Back up now, with SQLite’s online backup API while the desk is in use (admin).',
    input: z.strictObject({ requestId: RequestId }),
    output: BackupInfo,
  }),
  'backups:restore': channel({
    summary: 'Checks a backup (integrity, migration history, ledger), keeps the current store aside, then restores it (admin).',
    input: z.strictObject({
      requestId: RequestId,
      name: BackupName,
      confirm: z.literal(true, { message: 'must be true: restoring replaces all current data' }),
    }),
    output: z.object({ restored: z.string(), keptAsideAs: z.string(), schemaVersion: z.number().int() }),
  }),
};

