import type { ChangeNotice } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { StartState } from '../core/startState';
import type { SecretName } from '../secrets/secretStore';

/**
 * The messages between a shell (the browser host, Electron's main process) and the core in its
 * own process. Only the transport differs: Node's `child_process.fork` IPC with
 * `serialization: 'advanced'` in the browser host and tests, Electron's `utilityProcess` with
 * `process.parentPort` on the desktop; both carry structured clones, so a Result crosses as it is.
 *
 * Sessions never cross: the shell names a connection by a number it chose, and the core keeps
 * that connection's signed-in session (core-issued, `electron/core/session.ts`) on its side.
 * A shell that sends a number it never opened gets "sign in first", never somebody's session.
 */

/** What the core process needs to open the desk's core; everything here is plain data. */
export type CoreHostOptions = {
  dataDir: string;
  version?: string;
  /** better_sqlite3.node built for Electron's ABI (the utility process is Electron's Node). */
  nativeBinding?: string;
  checkOutput?: boolean;
  backgroundJobs?: boolean;
  firstBackupDelayMs?: number;
  /**
   * Secrets held by the shell. Electron's safeStorage exists only in the main process, so the
   * desktop shell decrypts them there, hands the values over at start and writes back each
   * change the core makes (a `secret` message). Absent: the core keeps its secret files itself.
   */
  secrets?: { encrypted: boolean; values: Partial<Record<SecretName, string>> };
};

/** Shell → core. */
export type ToCore =
  | { t: 'start'; options: CoreHostOptions }
  | { t: 'connect'; conn: number }
  | { t: 'disconnect'; conn: number }
  /** `conn: null` is a stateless call with no session: public channels only. */
  | { t: 'invoke'; id: number; conn: number | null; channel: string; input: unknown }
  /** Close the store cleanly and exit. */
  | { t: 'close' };

/** Core → shell. */
export type FromCore =
  | { t: 'state'; state: StartState }
  | { t: 'reply'; id: number; result: Result<unknown> }
  | { t: 'notice'; notice: ChangeNotice }
  | { t: 'secret'; name: SecretName; value: string | null }
  /** The store is closed (a clean close); the process exits next. */
  | { t: 'closed' };

/** One end of a message channel; what the core process's side needs from its transport. */
export type CorePort = {
  post(message: FromCore): void;
  listen(handler: (message: ToCore) => void): void;
  /** Called after a graceful close (and when the shell is gone): end the process. */
  exit(code: number): void;
};

/** The shell's side of a transport to a core process it started. */
export type CoreProcessTransport = {
  post(message: ToCore): void;
  onMessage(handler: (message: FromCore) => void): void;
  /** The process ended, for any reason (`code` null when a signal ended it). */
  onExit(handler: (code: number | null, signal: string | null) => void): void;
  kill(): void;
};
