import { copyFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AutomaticBackupStatus, BackupInfo } from '../../../shared/contract/backups';
import { notFound, refuseAs, refuseFieldAs, withCause } from '../../core/errors';
import { applyMigrations, readHistory, verifyHistory } from '../../store/migrate';
import { migrations } from '../../store/migrations';
import { openStore } from '../../store/store';
import { createPrivateFile, makePrivate, privateDir } from '../../store/privateFiles';
import type { StoreWorker } from '../../store/worker/storeWorkerClient';
import type { Store } from '../../store/store';
import { readSettings } from '../settings/settingsRepo';
import { backupName, backupsToPrune, listBackups } from './backupFiles';
import type { BackupKind } from './backupFiles';

export type BackupService = {
  readonly folder: string;
  list(): BackupInfo[];
  create(kind: BackupKind): Promise<BackupInfo>;
  /** Makes today's automatic backup if there is none yet, then prunes old ones. */
  runDaily(): Promise<BackupInfo | null>;
  /** How the last daily run went (kept in memory; the job runs at start and hourly). */
  lastAutomatic(): AutomaticBackupStatus | null;
  restore(name: string): Promise<{ restored: string; keptAsideAs: string; schemaVersion: number }>;
};

export function createBackupService(store: Store, options: { folder: string; now: () => Date; worker: StoreWorker; nativeBinding?: string }): BackupService {
  const { folder, now } = options;
  let lastAutomatic: AutomaticBackupStatus | null = null;

  async function create(kind: BackupKind): Promise<BackupInfo> {
    privateDir(folder, { own: true });
    const name = backupName(now(), kind);
    const target = join(folder, name);
    try {
      createPrivateFile(target);
      // SQLite's online backup: consistent while the desk keeps working.
      await store.raw.backup(target);
      // Every page of the copy is read in the check worker: seconds on a big store, while the desk keeps working.
      const ok = (await options.worker.check(target, ['quick_check'])).quick_check;
      // The copy holds the live pages as they are on disk: a page that fails here is damaged in
      // the live file too (the open skips this check after a clean close; see cleanClose.ts).
      if (ok !== 'ok') throw new Error(`the copy failed its integrity check (${String(ok)}), so the database on this computer may be damaged. Keep the backups you have, and restore the newest one that was made without this error or call support`);
    } catch (e) {
      rmSync(target, { force: true });
      throw withCause(refuseAs('UNAVAILABLE', 'backup.failed', {}), (e as Error).message);
    }
    return { name, kind, createdAt: now().toISOString(), bytes: statSync(target).size };
  }

  /**
   * Every reason a file cannot be restored, checked on a scratch copy so the original is never
   * touched. The reads of every page and row run in the check worker; only the migration of an
   * older backup (a write) runs here.
   */
  async function checkCandidate(file: string): Promise<{ scratch: string; problems: string[] }> {
    const scratch = join(folder, `.restore-check-${process.pid}-${Date.now()}.sqlite`);
    copyFileSync(file, scratch);
    makePrivate(scratch);
    const problems: string[] = [];
    try {
      const integrity = (await options.worker.check(scratch, ['integrity_check'])).integrity_check;
      if (integrity !== 'ok') problems.push(`integrity check failed: ${integrity}`);
      const db = new Database(scratch, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
      try {
        const history = readHistory(db);
        if (!history) problems.push('it is not a Bursar database (no migration history)');
        else verifyHistory(history, migrations);
      } finally {
        db.close();
      }
    } catch (e) {
      problems.push((e as Error).message.replace(/ The file was not changed\.$/, ''));
    }
    if (problems.length === 0) {
      // Bring an older backup up to this version's schema, then check the money invariants on it.
      const candidate = openStore({ file: scratch, now, integrityCheck: 'never', nativeBinding: options.nativeBinding });
      try {
        candidate.raw.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        candidate.close();
      }
      const { audit, ledger, summaries } = await options.worker.check(scratch, ['audit', 'ledger', 'summaries']);
      if (audit && !audit.ok) problems.push(`audit chain broken at entry ${audit.firstBroken?.seq}: ${audit.firstBroken?.reason}`);
      problems.push(...(ledger?.violations ?? []).slice(0, 3).map((v) => `ledger: ${v.message}`));
      problems.push(...(summaries ?? []).slice(0, 3));
    }
    return { scratch, problems };
  }

  return {
    folder,
    list: () => listBackups(folder),
    create,
    async runDaily() {
      const at = now().toISOString();
      try {
        const today = at.slice(0, 10);
        const existing = listBackups(folder).find((b) => b.kind === 'daily' && b.createdAt.slice(0, 10) === today);
        const made = existing ? null : await create('daily');
        lastAutomatic = { at, ok: true, name: made?.name ?? existing?.name ?? null, message: null };
        // Pruning only ever follows a good backup of today, so a failing desk keeps its old ones.
        const { backupKeepDaily, backupKeepWeekly } = readSettings(store);
        for (const name of backupsToPrune(listBackups(folder), backupKeepDaily, backupKeepWeekly)) unlinkSync(join(folder, name));
        return made;
      } catch (e) {
        lastAutomatic = { at, ok: false, name: null, message: (e as Error).message };
        throw e;
      }
    },
    lastAutomatic: () => lastAutomatic,
    async restore(name) {
      const source = join(folder, name);
      try {
        statSync(source);
      } catch {
        throw notFound('Backup', name, 'name');
      }
      const { scratch, problems } = await checkCandidate(source);
      try {
        if (problems.length > 0) {
          throw withCause(refuseFieldAs('VALIDATION', 'name', 'backup.cannotRestore', {}), problems.slice(0, 3).join('; '));
        }
        const aside = await create('pre-restore');
        const candidate = new Database(scratch, { readonly: true, nativeBinding: options.nativeBinding });
        try {
          // Copies the checked data over the live file through SQLite's backup API: the live
          // connection stays valid and sees the restored data at its next statement.
          await candidate.backup(store.file);
        } finally {
          candidate.close();
        }
        applyMigrations(store.raw, migrations, now);
        return { restored: name, keptAsideAs: aside.name, schemaVersion: Number(store.raw.pragma('user_version', { simple: true })) };
      } finally {
        for (const suffix of ['', '-wal', '-shm', '.clean']) rmSync(scratch + suffix, { force: true });
      }
    },
  };
}
