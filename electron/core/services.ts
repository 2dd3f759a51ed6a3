import { join } from 'node:path';
import { createFileSecretStore } from '../secrets/secretStore';
import type { SecretStore } from '../secrets/secretStore';
import { createLoginThrottle } from '../services/auth/loginThrottle';
import type { LoginThrottle } from '../services/auth/loginThrottle';
import { createBackupService } from '../services/backups/backupService';
import type { BackupService } from '../services/backups/backupService';
import { createStoreWorker } from '../store/worker/storeWorkerClient';
import type { StoreWorker } from '../store/worker/storeWorkerClient';
import { createOfficeJournal } from '../office/journal/officeJournal';
import type { DeskJournal } from '../office/journal/officeJournal';
import { sql } from '../store/sql';
import type { Store } from '../store/store';
import { resolveStripeConfig } from '../stripe/config';
import type { StripeConfig, StripeEndpoint } from '../stripe/config';
import { createStripeClient, createStripeGateway } from '../stripe/gateway';
import { createOutboxWorker } from '../stripe/outboxWorker';
import type { OutboxHooks, OutboxWorker } from '../stripe/outboxWorker';
import { registerCardEventHandlers } from '../services/card/stripeEvents';
import { registerBillingEventHandlers } from '../services/billing/stripeEvents';
import { createBillingJob } from '../services/billing/retryJob';
import { createLateFeeJob } from '../services/schedules/lateFeeJob';
import type { LateFeeJob } from '../services/schedules/lateFeeJob';
import type { BillingJob } from '../services/billing/retryJob';
import type { StripeGateway } from '../stripe/gateway';
import { createEventHandlers } from '../sync/eventHandlers';
import type { EventHandlers } from '../sync/eventHandlers';
import type { RelayConfig } from '../sync/relayClient';
import { readSyncState } from '../sync/syncState';
import { createSyncWorker } from '../sync/syncWorker';
import type { SyncWorker } from '../sync/syncWorker';
import type { OfficeJournal } from '../office/journalPort';
import { createOfficeTransport } from '../office/transport/officeTransport';
import type { OfficeTransport } from '../office/transport/officeTransport';
import { createMailWorker } from '../services/mail/mailWorker';
import type { MailHooks, MailWorker } from '../services/mail/mailWorker';
import { createReminderJob } from '../services/mail/reminders';
import type { ReminderJob } from '../services/mail/reminders';
import type { SmtpTimeouts } from '../services/mail/smtpClient';
import { createPortalWorker } from '../services/portal/portalWorker';
import type { PortalWorker } from '../services/portal/portalWorker';
import { createJobs } from './jobs';
import type { Jobs } from './jobs';

/** Long-lived collaborators the handlers share; each domain adds its own here. */
export type Services = {
  readonly dataDir: string;
  readonly version: string;
  readonly loginThrottle: LoginThrottle;
  readonly backups: BackupService;
  /** Whole-store checks (pages, audit chain, ledger, report summaries) in a worker thread. */
  readonly storeWorker: StoreWorker;
  readonly jobs: Jobs;
  readonly nativeBinding: string | undefined;
  readonly secrets: SecretStore;
  stripeConfig(): StripeConfig | null;
  /** The Stripe gateway for the current key, or null when Stripe is not configured. */
  stripe(): StripeGateway | null;
  relayConfig(): RelayConfig | null;
  /** Stripe event types each domain understands (the sync worker applies them). */
  readonly eventHandlers: EventHandlers;
  readonly sync: SyncWorker;
  /** Sends queued Stripe work (refunds) with its stored idempotency keys. */
  readonly outbox: OutboxWorker;
  /** Retries of failed off-session invoice payments, invoices to record, fixed-count subscription ends. */
  readonly billing: BillingJob;
  /** The plans' late-fee rule, applied hourly when Settings turn it on. */
  readonly lateFees: LateFeeJob;
  /** The office link: pushes this desk's journal to the office hub and applies the other desks'. */
  readonly officeLink: OfficeTransport;
  /** Sends the mail outbox through the office's SMTP server. */
  readonly mail: MailWorker;
  /** Queues due reminders by the rules in Settings → Mail. */
  readonly reminders: ReminderJob;
  /** Uploads payer pages (new, or older than the books) and their withdrawals to the relay. */
  readonly portal: PortalWorker;
  /** Stripe work queued locally and not yet done; the outbox adds its count here. */
  outboxPending(): number;
  /** Tells listeners (the shell → the renderer) that data changed outside a mutation. */
  notify(channel: string): void;
  /** The office journal: each transaction's entry when the desk is in an office, and applying other desks' entries. */
  readonly office: DeskJournal;
  /** The journal the office link carries when it is the books' own (`office`); null when a test gave the link another. */
  readonly officeBooks: DeskJournal | null;
};

export type ServiceOptions = {
  dataDir: string;
  version: string;
  now: () => Date;
  nativeBinding?: string;
  logError: (message: string, error: unknown) => void;
  secrets?: SecretStore;
  stripeEndpoint?: StripeEndpoint;
  env?: NodeJS.ProcessEnv;
  notify: (channel: string) => void;
  outboxHooks?: OutboxHooks;
  /** Another journal for the office link (tests of the transport); by default the link carries the office's books (`services.office`). */
  officeJournal?: (store: Store) => OfficeJournal;
  /** Long-poll wait of the office puller, in seconds (default 25). */
  officeWaitSeconds?: number;
  officeSnapshotEvery?: number;
  officeSnapshotPieceBytes?: number;
  officeSeedEntryMaxRows?: number;
  mail?: MailOptions;
  /** How long the payer pages' worker gathers changes before one upload (default 300 ms). */
  portalDebounceMs?: number;
};

/** How the mail worker talks to the SMTP server; tests shorten the waits and add crash points. */
export type MailOptions = { timeouts?: SmtpTimeouts; retryBaseMs?: number; maxTries?: number; batch?: number; hooks?: MailHooks };

export function createServices(store: Store, options: ServiceOptions): Services {
  const storeWorker = createStoreWorker({ nativeBinding: options.nativeBinding });
  const env = options.env ?? process.env;
  const secrets = options.secrets ?? createFileSecretStore(join(options.dataDir, 'secrets'));
  const stripeConfig = () => resolveStripeConfig(secrets, env, options.stripeEndpoint);
  let gateway: { key: string; gateway: StripeGateway } | null = null;
  const stripe = (): StripeGateway | null => {
    const config = stripeConfig();
    if (!config) return null;
    const key = JSON.stringify(config);
    if (gateway?.key !== key) gateway = { key, gateway: createStripeGateway(createStripeClient(config)) };
    return gateway.gateway;
  };
  const relayConfig = (): RelayConfig | null => {
    const url = readSyncState(store, 'relay.url');
    const token = secrets.get('relay.token');
    return url && token ? { url, token } : null;
  };
  const eventHandlers = createEventHandlers();
  registerCardEventHandlers(eventHandlers);
  registerBillingEventHandlers(eventHandlers);
  const office = createOfficeJournal(store, { now: options.now, ...(options.officeSeedEntryMaxRows !== undefined ? { seedEntryMaxRows: options.officeSeedEntryMaxRows } : {}) });
  const linkJournal = options.officeJournal ? options.officeJournal(store) : office;
  const mail = createMailWorker({ store, now: options.now, secrets, logError: options.logError, onChanged: () => options.notify('reminders:list'), ...options.mail });
  return {
    dataDir: options.dataDir,
    version: options.version,
    loginThrottle: createLoginThrottle(),
    backups: createBackupService(store, {
      folder: join(options.dataDir, 'backups'),
      now: options.now,
      worker: storeWorker,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    }),
    storeWorker,
    jobs: createJobs(options.logError),
    nativeBinding: options.nativeBinding,
    secrets,
    stripeConfig,
    stripe,
    relayConfig,
    eventHandlers,
    sync: createSyncWorker({
      store,
      handlers: eventHandlers,
      now: options.now,
      relay: relayConfig,
      stripe,
      onApplied: () => options.notify('sync:now'),
      logError: options.logError,
    }),
    outbox: createOutboxWorker({ store, now: options.now, gateway: stripe, logError: options.logError, onChanged: () => options.notify('outbox:flush'), ...(options.outboxHooks ? { hooks: options.outboxHooks } : {}) }),
    lateFees: createLateFeeJob({ store, now: options.now, logError: options.logError, onChanged: () => options.notify('schedules:postDueLateFees') }),
    billing: createBillingJob({ store, now: options.now, gateway: stripe, logError: options.logError, onChanged: () => options.notify('invoices:create') }),
    officeLink: createOfficeTransport({
      store,
      journal: linkJournal,
      secrets,
      now: options.now,
      notify: options.notify,
      logError: options.logError,
      ...(options.officeWaitSeconds !== undefined ? { waitSeconds: options.officeWaitSeconds } : {}),
      ...(options.officeSnapshotEvery !== undefined ? { snapshotEvery: options.officeSnapshotEvery } : {}),
      ...(options.officeSnapshotPieceBytes !== undefined ? { snapshotPieceBytes: options.officeSnapshotPieceBytes } : {}),
      checkpoint: (file) => storeWorker.checkpoint(file),
    }),
    mail,
    reminders: createReminderJob({
      store, now: options.now, logError: options.logError,
      onQueued: () => {
        options.notify('reminders:list');
        mail.runOnce().catch((e: unknown) => options.logError('mail run failed', e));
      },
    }),
    portal: createPortalWorker({
      store, now: options.now, relay: relayConfig, logError: options.logError, onChanged: () => options.notify('portal:links'),
      ...(options.portalDebounceMs !== undefined ? { debounceMs: options.portalDebounceMs } : {}),
    }),
    outboxPending: () => store.get<{ n: number }>(sql`SELECT count(*) AS n FROM outbox WHERE state IN ('pending', 'sending', 'failed')`)?.n ?? 0,
    notify: options.notify,
    office,
    officeBooks: linkJournal === office ? office : null,
  };
}
