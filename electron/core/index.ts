import { join } from 'node:path';
import type { ChangeNotice } from '../../shared/api';
import { contract, isChannel } from '../../shared/contract';
import type { Channel, InputOf, OutputOf } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { appendAudit } from '../services/audit/auditLog';
import type { AuditEntryInput } from '../services/audit/auditLog';
import { findUserById } from '../services/auth/usersRepo';
import { readSetting } from '../services/settings/settingsRepo';
import { hasRunningImports, markInterruptedImports } from '../services/roster/rosterRepo';
import type { SecretStore } from '../secrets/secretStore';
import { openStore } from '../store/store';
import type { StripeEndpoint } from '../stripe/config';
import type { OutboxHooks } from '../stripe/outboxWorker';
import type { Store } from '../store/store';
import type { OfficeJournal } from '../office/journalPort';
import { allHandlers } from './allHandlers';
import { AppError, fromZodError, refuseAs } from './errors';
import type { HandlerContext, HandlerDef, OverrideGrant } from './handlers';
import { findReplay, inputHash, recordRequest } from './idempotency';
import { buildRegistry } from './registry';
import { createServices } from './services';
import type { Services } from './services';
import { allows, createSessionIssuer } from './session';
import type { ActingSession, Session, SessionData } from './session';

export type { Session } from './session';

export type CoreOptions = {
  /** Folder for the database and everything else the desk keeps. */
  dataDir: string;
  now?: () => Date;
  version?: string;
  /** better_sqlite3.node built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  /** Check every answer against its output schema (on in development and tests). */
  checkOutput?: boolean;
  /** Where secrets (the Stripe key, the relay token) are kept; Electron passes a safeStorage-backed one. */
  secrets?: SecretStore;
  /** Where the Stripe API is (the stand-in in tests); `STRIPE_API_*` variables override it. */
  stripeEndpoint?: StripeEndpoint;
  /** Environment to read `STRIPE_*` overrides from (process.env by default). */
  env?: NodeJS.ProcessEnv;
  /** Run timed jobs (the daily backup, the relay sync) in the background; the desktop app turns this on. */
  backgroundJobs?: boolean;
  /** How often the outbox worker looks for due Stripe work when background jobs run (default 5 s). */
  outboxIntervalMs?: number;
  /** How long after start the first daily-backup run waits when background jobs run (default 30 s). */
  firstBackupDelayMs?: number;
  /** How often the billing job looks for due invoice retries when background jobs run (default 10 min). */
  billingIntervalMs?: number;
  /** Test-only crash points inside the outbox worker. */
  outboxHooks?: OutboxHooks;
  /** Mail worker timeouts, retry pacing and test-only crash points. */
  mail?: import('./services').MailOptions;
  /** How often the mail worker looks for due mail when background jobs run (default 1 minute). */
  mailIntervalMs?: number;
  /** How long a write waits for another process's lock before answering UNAVAILABLE (default 5 s). */
  busyTimeoutMs?: number;
  /** Another journal for the office link (tests of the transport); by default the link carries the office's books (`services.office`). */
  officeJournal?: (store: Store) => OfficeJournal;
  /** Long-poll wait of the office puller in seconds (default 25; tests shorten it). */
  officeWaitSeconds?: number;
  /** Entries past its last snapshot after which a caught-up desk uploads another (default 10,000; tests lower it). */
  officeSnapshotEvery?: number;
  /** Text per office snapshot piece (tests cut small snapshots into many chunks). */
  officeSnapshotPieceBytes?: number;
  /** Rows of office data above which the office's first desk seeds it by snapshot, not one entry (default 2,000; tests lower it). */
  officeSeedEntryMaxRows?: number;
  /** How long the payer pages' worker gathers changes before one upload (default 300 ms; tests shorten it). */
  portalDebounceMs?: number;
  /** How often the payer pages' worker retries what waits for the relay when background jobs run (default 30 s). */
  portalIntervalMs?: number;
  /** Where unexpected errors are reported; never sent to the caller. */
  logError?: (message: string, error: unknown) => void;
};

export type Invoke = {
  <C extends Channel>(channel: C, input: InputOf<C>, session?: Session | null): Promise<Result<OutputOf<C>>>;
  (channel: string, input: unknown, session?: Session | null): Promise<Result<unknown>>;
};

/** One caller (a window, a browser-host client) with its own signed-in session. */
export type Connection = {
  invoke: {
    <C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
    (channel: string, input: unknown): Promise<Result<unknown>>;
  };
  session(): Session | null;
};

export type Core = {
  /**
   * Stateless calls for trusted code in this process (tests, the shell's own jobs, seeders,
   * the bench). `session` must be one a core issued (`sessionFor`, or a connection's
   * `session()`); anything else is refused. Such calls never lock and hold no override.
   */
  invoke: Invoke;
  connect(): Connection;
  /** Issues a session for an active user, for trusted in-process callers; throws for anyone else. */
  sessionFor(userId: string): Session;
  subscribe(listener: (notice: ChangeNotice) => void): () => void;
  readonly store: Store;
  readonly services: Services;
  close(): void;
};

export const DATABASE_FILE = 'bursar.sqlite';

/**
 * The sessions the cores of this process issued. Shared by every core in the process, so a
 * session stays good on a core reopened on the same store (a restore, a test's reopen); a
 * session for a user another store lacks is signed out there anyway (ids are random UUIDs).
 * Nothing outside this module can add to it.
 */
const sessions = createSessionIssuer();

/** What one caller carries between calls. */
type ConnectionState = {
  /** Identifies the caller to the sign-in throttle; one per connection, one shared by all stateless calls. */
  source: object;
  session: Session | null;
  lastActivity: number;
  override: OverrideGrant | null;
  idleLock: boolean;
};

export function createCore(options: CoreOptions): Core {
  const now = options.now ?? (() => new Date());
  const checkOutput = options.checkOutput ?? true;
  const logError = options.logError ?? ((message, error) => console.error(`[bursar] ${message}`, error));
  const store = openStore({ file: join(options.dataDir, DATABASE_FILE), now, nativeBinding: options.nativeBinding, busyTimeoutMs: options.busyTimeoutMs });
  const listeners = new Set<(notice: ChangeNotice) => void>();
  const notify = (channel: string) => {
    if (!isChannel(channel)) return;
    const notice: ChangeNotice = { channel, at: now().toISOString() };
    for (const listener of listeners) listener(notice);
  };
  const services = createServices(store, {
    dataDir: options.dataDir,
    version: options.version ?? '0.0.0-dev',
    now,
    logError,
    notify,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.stripeEndpoint ? { stripeEndpoint: options.stripeEndpoint } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.outboxHooks ? { outboxHooks: options.outboxHooks } : {}),
    ...(options.officeJournal ? { officeJournal: options.officeJournal } : {}),
    ...(options.officeWaitSeconds !== undefined ? { officeWaitSeconds: options.officeWaitSeconds } : {}),
    ...(options.officeSnapshotEvery !== undefined ? { officeSnapshotEvery: options.officeSnapshotEvery } : {}),
    ...(options.officeSnapshotPieceBytes !== undefined ? { officeSnapshotPieceBytes: options.officeSnapshotPieceBytes } : {}),
    ...(options.officeSeedEntryMaxRows !== undefined ? { officeSeedEntryMaxRows: options.officeSeedEntryMaxRows } : {}),
    ...(options.mail ? { mail: options.mail } : {}),
    ...(options.portalDebounceMs !== undefined ? { portalDebounceMs: options.portalDebounceMs } : {}),
  });
  const registry = buildRegistry(Object.keys(contract), allHandlers);
  // An SIS import left running by a process that stopped (crash, kill, power cut) never
  // finishes: its history row says so from this start on, with an audit entry.
  if (hasRunningImports(store)) store.transaction(() => {
    for (const r of markInterruptedImports(store, now())) {
      appendAudit(store, now(), { id: null, name: 'system' }, r.requestId, {
        action: 'roster.import.interrupt', entityType: 'roster_import', entityId: r.id,
        before: { importId: r.id, state: 'running', source: r.sourceName, startedAt: r.startedAt }, after: { importId: r.id, state: 'interrupted' },
      });
    }
  });
  let closed = false;
  const inFlight = new Set<string>();
  const timers: NodeJS.Timeout[] = [];
  if (options.backgroundJobs) {
    // A screen open meanwhile shows the new backup, or the failure, as soon as the run ends.
    const dailyDone = () => {
      if (!closed) notify('backups:create');
    };
    const daily = () => {
      if (!closed) {
        services.backups.runDaily().then(dailyDone, (e: unknown) => {
          logError('daily backup failed', e);
          dailyDone();
        });
      }
    };
    // Shortly after start (a day the desk was closed is caught up), then hourly.
    timers.push(setTimeout(daily, options.firstBackupDelayMs ?? 30_000).unref(), setInterval(daily, 60 * 60_000).unref());
    services.sync.start();
    // Pushes and pulls the office journal; any mutation may have journaled, so each notice wakes the pusher.
    services.officeLink.start();
    listeners.add((notice) => {
      if (notice.channel !== 'office:status') services.officeLink.kick();
    });
    services.outbox.start(options.outboxIntervalMs ?? 5000);
    // Invoice retries are due in days: a look every 10 minutes, and one at start for any missed while closed.
    services.billing.start(options.billingIntervalMs ?? 10 * 60_000);
    // Late fees are due in days: hourly, at start, and at once when an admin turns the rule on.
    services.lateFees.start();
    // Mail waits in the outbox while the server is unreachable and goes on the next look;
    // reminders are due in days: hourly, at start, and when the rules change.
    services.mail.start(options.mailIntervalMs ?? 60_000);
    services.reminders.start();
    // Payer pages: republished soon after any change of the books (the worker finds the links
    // the change marked; changes close together go up once), and retried while the relay is away.
    services.portal.start(options.portalIntervalMs ?? 30_000);
    listeners.add((notice) => {
      if (notice.channel !== 'portal:links') services.portal.kick();
    });
    // A refund queued at the desk goes out at once when online, not at the next tick.
    listeners.add((notice) => {
      if (notice.channel === 'refunds:create' || notice.channel === 'enrollments:cancel') services.outbox.runOnce().catch((e: unknown) => logError('outbox run failed', e));
      if (notice.channel === 'settings:update') services.lateFees.runOnce().catch((e: unknown) => logError('late-fee rule failed', e));
      // A receipt or statement queued at the desk goes at once when the server answers.
      if (notice.channel === 'payments:recordManual' || notice.channel === 'mail:send' || notice.channel === 'sync:now' || notice.channel === 'mail:saveSettings') {
        services.mail.runOnce().catch((e: unknown) => logError('mail run failed', e));
      }
      if (notice.channel === 'reminders:saveSettings' || notice.channel === 'mail:saveSettings') services.reminders.runOnce().catch((e: unknown) => logError('reminders failed', e));
    });
  }

  /**
   * The session as the database sees it now: a removed or deactivated user is signed out.
   * Built afresh from the users table, so nothing but the user id is taken from the caller.
   */
  function currentSession(session: Session | null): ActingSession | null {
    if (!session) return null;
    const user = findUserById(store, session.userId);
    if (!user || !user.active) return null;
    return { userId: user.id, role: user.role, username: user.username, displayName: user.displayName };
  }

  async function run(channel: string, input: unknown, state: ConnectionState): Promise<Result<unknown>> {
    try {
      if (closed) throw refuseAs('UNAVAILABLE', 'app.shuttingDown', {});
      if (!isChannel(channel)) throw refuseAs('NOT_FOUND', 'app.unknownAction', {}, { channel: String(channel).slice(0, 80) });
      const spec = contract[channel];
      const def = registry.get(channel) as HandlerDef<Channel>;
      const lockedNow = lockIfIdle(state);
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) throw fromZodError(parsed.error);
      let session = currentSession(state.session);
      if (session) state.lastActivity = now().getTime();
      const override = state.override;
      if (session && override && override.channel === channel && override.expiresAt > now().getTime() && override.forUserId === session.userId) {
        session = { ...session, overrideBy: override.by };
        state.override = null;
      }
      if (!allows(def.access, session)) {
        if (lockedNow) throw refuseAs('FORBIDDEN', 'auth.locked', {}, { locked: true });
        throw session ? refuseAs('FORBIDDEN', 'auth.needsAdmin', {}) : refuseAs('FORBIDDEN', 'auth.signIn', {});
      }
      const requestId = typeof (parsed.data as { requestId?: unknown }).requestId === 'string' ? (parsed.data as { requestId: string }).requestId : null;
      let pendingSession: { value: SessionData | null } | null = null;
      let pendingOverride: ConnectionState['override'] = null;
      const ctx: HandlerContext = {
        store,
        services,
        now,
        session,
        source: state.source,
        requestId,
        setSession: (s) => {
          pendingSession = { value: s };
        },
        grantOverride: (grant) => {
          pendingOverride = grant;
        },
        audit: (entry: AuditEntryInput) => {
          const actor = session
            ? { id: session.userId, name: session.username, overrideBy: session.overrideBy?.username ?? null }
            : { id: null, name: 'system' };
          appendAudit(store, now(), actor, requestId, entry);
        },
      };
      const checked = (value: unknown): unknown => {
        if (!checkOutput) return value;
        const out = spec.output.safeParse(value);
        if (!out.success) throw new Error(`Output of ${channel} does not match the contract: ${out.error.message}`);
        return out.data;
      };

      let value: unknown;
      if (def.kind === 'mutation') {
        const hash = requestId ? inputHash(channel, parsed.data) : '';
        value = store.transaction(() => {
          if (requestId) {
            const replay = findReplay(store, requestId, channel, hash);
            if (replay) return replay.value;
          }
          const result = checked(def.run(parsed.data as never, ctx));
          if ((result as { then?: unknown } | null)?.then) throw new Error(`Mutation ${channel} must be synchronous`);
          if (requestId) recordRequest(store, requestId, channel, hash, result, session?.userId ?? null, now());
          return result;
        });
        notify(channel);
      } else if (def.kind === 'action' && requestId) {
        // Outside-world work cannot share one transaction with its record; replay what is
        // recorded, refuse a duplicate while the first is still running, record on success.
        const hash = inputHash(channel, parsed.data);
        const replay = findReplay(store, requestId, channel, hash);
        if (replay) {
          value = replay.value;
        } else {
          if (inFlight.has(requestId)) throw refuseAs('CONFLICT', 'request.stillRunning', {}, { requestId });
          inFlight.add(requestId);
          try {
            value = checked(await def.run(parsed.data as never, ctx));
            store.transaction(() => recordRequest(store, requestId, channel, hash, value, session?.userId ?? null, now()));
          } finally {
            inFlight.delete(requestId);
          }
        }
      } else {
        value = checked(await def.run(parsed.data as never, ctx));
      }
      const nextSession = pendingSession as { value: SessionData | null } | null;
      if (nextSession) {
        state.session = nextSession.value && sessions.issue(nextSession.value);
        state.override = null;
        state.lastActivity = now().getTime();
      }
      if (pendingOverride) state.override = pendingOverride;
      return { ok: true, value };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.toData() };
      const code = (error as { code?: string } | null)?.code;
      // Extended codes too (SQLITE_BUSY_SNAPSHOT, SQLITE_READONLY_DBMOVED, SQLITE_IOERR_WRITE…).
      if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|READONLY|FULL|IOERR|CANTOPEN|PERM)(_|$)/.test(code)) {
        logError(`${channel}: storage unavailable`, error);
        return { ok: false, error: refuseAs('UNAVAILABLE', 'app.storeUnavailable', {}).toData() };
      }
      logError(`${channel} failed`, error);
      return { ok: false, error: refuseAs('INTERNAL', 'app.internal', {}).toData() };
    }
  }

  /** Signs a connection out when it has been idle longer than the office's lock setting. */
  function lockIfIdle(state: ConnectionState): boolean {
    if (!state.session || !state.idleLock) return false;
    const minutes = readSetting(store, 'lockAfterMinutes');
    if (minutes > 0 && now().getTime() - state.lastActivity > minutes * 60_000) {
      state.session = null;
      state.override = null;
      return true;
    }
    return false;
  }

  // Stateless calls come from trusted code in this process (tests, the shell's own jobs)
  // that already holds a session this core issued; they never lock and keep no override.
  // Anything else passed as a session (a copy, a literal with an invented overrideBy, an
  // object built to look like one) is refused outright rather than treated as signed out, so a
  // mistake shows at once.
  const inProcess = {};
  const invoke = ((channel: string, input: unknown, session?: Session | null) => {
    if (session != null && !sessions.isIssued(session)) {
      return Promise.resolve({ ok: false, error: refuseAs('FORBIDDEN', 'auth.notIssued', {}).toData() });
    }
    return run(channel, input, { source: inProcess, session: session ?? null, lastActivity: now().getTime(), override: null, idleLock: false });
  }) as Invoke;

  function sessionFor(userId: string): Session {
    const user = findUserById(store, userId);
    if (!user || !user.active) throw new Error(`sessionFor: no active user ${userId.slice(0, 80)}`);
    return sessions.issue({ userId: user.id, username: user.username, displayName: user.displayName, role: user.role });
  }

  return {
    invoke,
    sessionFor,
    store,
    services,
    connect() {
      const state: ConnectionState = { source: {}, session: null, lastActivity: now().getTime(), override: null, idleLock: true };
      return {
        invoke: ((channel: string, input: unknown) => run(channel, input, state)) as Connection['invoke'],
        session: () => state.session,
      };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const t of timers) clearTimeout(t);
      void services.sync.stop();
      void services.officeLink.stop();
      services.outbox.stop();
      services.billing.stop();
      services.lateFees.stop();
      services.office.close();
      services.mail.stop();
      services.reminders.stop();
      services.portal.stop();
      void services.storeWorker.close();
      listeners.clear();
      store.close();
    },
  };
}
