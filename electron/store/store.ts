import { existsSync, mkdirSync } from 'node:fs';
import { createPrivateFile, makePrivate, privateDir } from './privateFiles';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { markCleanClose, takeCleanClose } from './cleanClose';
import { StoreOpenError, applyMigrations, readHistory, verifyHistory } from './migrate';
import type { MigrationStep } from './migrate';
import type { Migration } from './migrationTypes';
import { migrations as allMigrations } from './migrations';
import type { SqlQuery } from './sql';

export type StoreOptions = {
  file: string;
  now?: () => Date;
  /** Path to a better_sqlite3.node built for another ABI (Electron). */
  nativeBinding?: string;
  migrations?: readonly Migration[];
  readonly?: boolean;
  /** How long a write waits for another connection's lock before failing (SQLITE_BUSY). */
  busyTimeoutMs?: number;
  /**
   * `afterUncleanClose` (default) skips `PRAGMA quick_check` when the file is exactly as this
   * app closed it (see cleanClose.ts); `always` checks every page at every open; `never` is
   * for a caller that has just checked the file itself (the check worker, a restore candidate).
   */
  integrityCheck?: 'always' | 'afterUncleanClose' | 'never';
  /** Told before each schema step this open applies (an upgrade shows them as progress). */
  onMigration?: (step: MigrationStep) => void;
};

export type RunResult = { changes: number; lastInsertRowid: number | bigint };

/**
 * The one owner of the SQLite connection. Everything else reads and writes through it,
 * with `sql`-tagged queries whose statements are prepared once and cached.
 */
export type Store = {
  readonly file: string;
  readonly schemaVersion: number;
  /** Whether this open ran `quick_check` (false: the file was as a clean close left it). */
  readonly integrityChecked: boolean;
  all<T>(q: SqlQuery): T[];
  get<T>(q: SqlQuery): T | undefined;
  run(q: SqlQuery): RunResult;
  /** Runs `fn` in one IMMEDIATE transaction; nested calls become savepoints. */
  transaction<T>(fn: () => T): T;
  /**
   * Runs `hook` at the end of every outermost transaction, inside it, just before the commit
   * (the office journal folds what the transaction wrote into its entry there). Returns a remover.
   */
  beforeCommit(hook: () => void): () => void;
  /**
   * One IMMEDIATE transaction whose commit is written to the WAL but not fsynced
   * (`synchronous = NORMAL` for its length): it survives the app being killed, not a power
   * cut. Only for a marker that must be on disk before an outside effect a moment later and
   * where waiting for the disk would widen the gap between the two (the mail worker's
   * "final dot about to go" mark). Not inside another transaction.
   */
  transactionWithoutSync<T>(fn: () => T): T;
  /**
   * A read-only view of the database as it is now, on a second connection that keeps seeing
   * this instant while this one goes on writing (WAL): for reads spread over many event-loop
   * turns, such as an export paging a table, which must not see rows move between pages.
   * Writing through it throws. Close it soon: the WAL cannot be checkpointed past it.
   */
  snapshot(): Store;
  /** The raw handle, for the migrator, backups and benchmarks only. */
  readonly raw: Database.Database;
  close(): void;
};

/** Checks a file without changing a byte of it: integrity and migration history. */
function preflight(file: string, migrations: readonly Migration[], quickCheck: boolean, nativeBinding?: string): void {
  if (!existsSync(file)) return;
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
  } catch (e) {
    throw new StoreOpenError(`Cannot open the database file ${file}: ${(e as Error).message}`);
  }
  try {
    let check: string;
    try {
      if (quickCheck) {
        check = String(db.pragma('quick_check', { simple: true }));
      } else {
        // Reading the schema alone still refuses a file that is not a database at all.
        db.prepare('SELECT count(*) FROM sqlite_schema').get();
        check = 'ok';
      }
    } catch (e) {
      // A WAL database cannot even be read when its folder refuses the -shm file.
      if (/^SQLITE_(READONLY|CANTOPEN|PERM)/.test(String((e as { code?: unknown }).code))) {
        throw new StoreOpenError(`Cannot open ${file}: the file or its folder is read-only. Bursar needs to write to its data folder; nothing was changed.`);
      }
      throw new StoreOpenError(`${file} is not a readable Bursar database: ${(e as Error).message}`);
    }
    if (check !== 'ok') throw new StoreOpenError(`The database file failed its integrity check: ${check}`);
    const history = readHistory(db);
    if (history === null) {
      const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number };
      if (tables.n > 0) throw new StoreOpenError(`${file} is not a Bursar database (no migration history). The file was not changed.`);
      return;
    }
    verifyHistory(history, migrations);
  } finally {
    db.close();
  }
}

/** Statements prepared once per connection and kept by their SQL text. */
function statementCache(db: Database.Database) {
  const statements = new Map<string, Database.Statement>();
  const prepare = (q: SqlQuery): Database.Statement => {
    let stmt = statements.get(q.text);
    if (!stmt) {
      stmt = db.prepare(q.text);
      statements.set(q.text, stmt);
    }
    return stmt;
  };
  return { statements, prepare };
}

export function openStore(options: StoreOptions): Store {
  const { file, nativeBinding } = options;
  const now = options.now ?? (() => new Date());
  const migrations = options.migrations ?? allMigrations;
  const readonly = options.readonly ?? false;
  if (readonly) mkdirSync(dirname(file), { recursive: true });
  else privateDir(dirname(file), { own: true });
  // A read-only open never takes the clean-close note: it belongs to the desk's own connection.
  const integrityChecked = options.integrityCheck === 'never' ? false : readonly || options.integrityCheck === 'always' || !takeCleanClose(file);
  preflight(file, migrations, integrityChecked, nativeBinding);

  // A new store starts as an empty 0600 file: SQLite gives its WAL and SHM the store's mode.
  if (!readonly) createPrivateFile(file);
  const db = new Database(file, { nativeBinding, readonly });
  let schemaVersion: number;
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      // A store an older version wrote with 0644, and the WAL and SHM it had then.
      makePrivate(file, `${file}-wal`, `${file}-shm`);
    }
    db.pragma('foreign_keys = ON');
    // An INSERT that fires a trigger (enrollments, schedule_items: the report totals) keeps a
    // statement journal of every page it touches; past 64 KiB SQLite spills it to a temp file,
    // a write per page per statement, which was 40 % of the SIS import's CPU. In memory it is
    // freed when the statement ends. Set at open: changing it later drops TEMP objects (the
    // office journal's capture triggers).
    db.pragma('temp_store = MEMORY');
    schemaVersion = readonly ? Number(db.pragma('user_version', { simple: true })) : applyMigrations(db, migrations, now, options.onMigration);
  } catch (e) {
    db.close();
    throw e;
  }

  const { statements, prepare } = statementCache(db);

  // One wrapper for every transaction: better-sqlite3 builds a new one per db.transaction() call.
  const inTransaction = db.transaction(<T>(fn: () => T): T => fn());
  const commitHooks: (() => void)[] = [];
  const outermost = <T>(fn: () => T): T => {
    const value = fn();
    for (const hook of commitHooks) hook();
    return value;
  };

  // Closed with the store: a reader left open would keep the WAL, and the clean-close note, from the last close.
  const openSnapshots = new Set<Database.Database>();
  const snapshot = (): Store => {
    const reader = new Database(file, { nativeBinding, readonly: true, fileMustExist: true });
    try {
      reader.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
      reader.exec('BEGIN');
      // A WAL read transaction takes its snapshot at its first read, not at BEGIN.
      reader.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (e) {
      reader.close();
      throw e;
    }
    openSnapshots.add(reader);
    const cache = statementCache(reader);
    const refuse = (): never => {
      throw new Error('A read snapshot cannot write');
    };
    return {
      file,
      schemaVersion,
      integrityChecked,
      raw: reader,
      all: <T>(q: SqlQuery) => cache.prepare(q).all(...q.params) as T[],
      get: <T>(q: SqlQuery) => cache.prepare(q).get(...q.params) as T | undefined,
      run: refuse,
      transaction: refuse,
      beforeCommit: refuse,
      transactionWithoutSync: refuse,
      snapshot: refuse,
      close: () => {
        cache.statements.clear();
        openSnapshots.delete(reader);
        if (reader.open) reader.close();
      },
    };
  };

  return {
    file,
    schemaVersion,
    integrityChecked,
    raw: db,
    all: <T>(q: SqlQuery) => prepare(q).all(...q.params) as T[],
    get: <T>(q: SqlQuery) => prepare(q).get(...q.params) as T | undefined,
    run: (q: SqlQuery) => prepare(q).run(...q.params),
    transaction: <T>(fn: () => T): T => inTransaction.immediate(db.inTransaction || commitHooks.length === 0 ? fn : () => outermost(fn)) as T,
    beforeCommit: (hook) => {
      commitHooks.push(hook);
      return () => {
        const i = commitHooks.indexOf(hook);
        if (i >= 0) commitHooks.splice(i, 1);
      };
    },
    transactionWithoutSync: <T>(fn: () => T): T => {
      if (db.inTransaction) throw new Error('transactionWithoutSync cannot run inside another transaction');
      const level = Number(db.pragma('synchronous', { simple: true }));
      db.pragma('synchronous = NORMAL');
      try {
        return inTransaction.immediate(commitHooks.length === 0 ? fn : () => outermost(fn)) as T;
      } finally {
        db.pragma(`synchronous = ${level}`);
      }
    },
    snapshot,
    close: () => {
      statements.clear();
      for (const reader of openSnapshots) reader.close();
      openSnapshots.clear();
      if (!db.open) return;
      db.close();
      if (!readonly) markCleanClose(file);
    },
  };
}
