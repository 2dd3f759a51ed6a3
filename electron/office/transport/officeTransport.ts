import type { SecretStore } from '../../secrets/secretStore';
import type { Store } from '../../store/store';
import type { OfficeJournal } from '../journalPort';
import { HubRefusal, HubTimeout, hubLatestSnapshot } from './hubClient';
import type { KeyedWords } from '../../../shared/result';
import { readMembership, setStopped } from './membership';
import type { Membership } from './membership';
import { SealError } from './officeKey';
import { ApplyError, HubOrderError, pullPage } from './puller';
import { pushBatch, UnsendableEntryError } from './pusher';
import type { LinkDeps } from './pusher';
import { hasUploadWork, prepareSnapshot, restoreSnapshot, SnapshotRefusedError, uploadSnapshot, wantsRestore } from './snapshots';
import type { SnapshotDeps, SnapshotProgress } from './snapshots';
import type { SnapshotInfo } from '../../../shared/relay/journalWire';

export type OfficeTransportOptions = {
  store: Store;
  /** The journal half (capture/apply); null in a build that has none yet: the transport then idles. */
  journal: OfficeJournal | null;
  secrets: SecretStore;
  now: () => Date;
  /** Tells screens what a page changed (ApplyOutcome.channels) and that Status moved. */
  notify: (channel: string) => void;
  logError: (message: string, error: unknown) => void;
  waitSeconds?: number;
  pushBatchSize?: number;
  pageSize?: number;
  /** How often the pusher looks for new entries when nothing woke it (default 1 s). */
  idlePushMs?: number;
  maxBackoffMs?: number;
  /** A caught-up desk uploads a snapshot once the office has this many entries past its last one (default 10,000)… */
  snapshotEvery?: number;
  /** …or once a day when there is anything new (default 24 h). */
  snapshotMaxAgeMs?: number;
  /** Text per snapshot piece (default PIECE_TEXT_BYTES; tests cut small snapshots into many chunks). */
  snapshotPieceBytes?: number;
  /** How often a new desk asks again while the office's first desk is still uploading the office's books (default 2 s). */
  seedWaitMs?: number;
  /** Copies the store's WAL into the store off the core's thread (the store worker), after a new desk's restore. */
  checkpoint?: (file: string) => Promise<unknown>;
};

export type OfficeTransportStatus = {
  running: boolean;
  online: boolean;
  lastPushAt: string | null;
  lastPullAt: string | null;
  lastPushError: string | null;
  lastPullError: string | null;
  /** The same failures by key (shared/errorMessages.ts): the window words them in the office's language. */
  lastPushWords: KeyedWords | null;
  lastPullWords: KeyedWords | null;
  /** Entries not yet pushed; null when this build has no office journal. */
  pending: number | null;
  /** A snapshot on its way up or down (a new desk's first start shows it), or awaited (`waiting`), else null. */
  snapshot: SnapshotProgress | null;
};

export type OfficeTransport = {
  start(): void;
  stop(): Promise<void>;
  /** Wakes the pusher (a mutation may have journaled) and a sleeping loop (membership changed). */
  kick(): void;
  /** Pushes everything unsent, then pulls until the hub has nothing more; throws what stopped it. */
  syncNow(): Promise<{ pushed: number; received: number }>;
  status(): OfficeTransportStatus;
  /**
   * Uploads a snapshot of this desk's books now (or finishes one under way); null when this desk
   * is not caught up (entries of its own the office has not ordered yet) or keeps no snapshots.
   */
  snapshotNow(): Promise<SnapshotInfo | null>;
};

/** Why a loop stopped by itself, in words an admin can act on. */
const STOPPED_TEXT: Record<NonNullable<Membership['stopped']>, string> = {
  revoked: 'The office hub no longer accepts this desk (its token was revoked or is unknown). Nothing more is sent or received; ask the office admin for a new join code.',
  cursor_gone: 'The office hub has pruned journal entries this desk has not received yet. This desk must be restored from an office snapshot: leave the office and join it again from a new desk.',
};

export const stoppedText = (reason: Membership['stopped']): string | null => (reason ? STOPPED_TEXT[reason] : null);

/** Why the link stopped, by key: the window words it in the office's language. */
const STOPPED_WORDS: Record<NonNullable<Membership['stopped']>, KeyedWords> = {
  revoked: { key: 'office.revoked', params: {} },
  cursor_gone: { key: 'office.cursorGone', params: {} },
};
export const stoppedWords = (reason: Membership['stopped']): KeyedWords | null => (reason ? STOPPED_WORDS[reason] : null);

/**
 * The office link as a background worker, like the Stripe-event sync worker: a pusher loop and
 * a long-polling puller loop, each backing off while the hub is unreachable, both stopping for
 * good (recorded in the store) when the hub revokes this desk or has pruned its cursor.
 */
export function createOfficeTransport(options: OfficeTransportOptions): OfficeTransport {
  const { store, now } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  let running = false;
  let online = false;
  const state = {
    lastPushAt: null as string | null,
    lastPullAt: null as string | null,
    lastPushError: null as string | null,
    lastPullError: null as string | null,
    lastPushWords: null as KeyedWords | null,
    lastPullWords: null as KeyedWords | null,
  };
  let loops: Promise<void>[] = [];
  /** Sleeps a kick may cut short; back-off sleeps are not among them, so mutations made offline do not hammer the hub. */
  const wakers = new Set<() => void>();
  const backoffWakers = new Set<() => void>();
  let pullAbort: AbortController | null = null;
  const chains: Record<'push' | 'pull' | 'snapshot', Promise<unknown>> = { push: Promise.resolve(), pull: Promise.resolve(), snapshot: Promise.resolve() };
  let snapshotProgress: SnapshotProgress | null = null;
  /** The last pull found nothing more at the hub: this desk is caught up (a snapshot may be taken). */
  let caughtUp = false;
  /**
   * This new desk was told the office's first desk is still uploading the office's books (its
   * seed snapshot): it pulls and pushes nothing, and asks again each round, until it can start
   * from them. Starting from the journal instead would leave it without those books for ever.
   */
  let waitingForSeed = false;
  const setWaiting = (waiting: boolean): void => {
    if (waiting === waitingForSeed) return;
    waitingForSeed = waiting;
    options.notify('office:status');
  };

  /** One push, one pull, one snapshot at a time: syncNow and the loops queue behind each other. */
  function serial<T>(which: 'push' | 'pull' | 'snapshot', fn: () => Promise<T>): Promise<T> {
    const next = chains[which].then(fn, fn);
    chains[which] = next.catch(() => undefined);
    return next;
  }

  function snapshotDeps(d: LinkDeps): SnapshotDeps | null {
    const snapshots = d.journal.snapshots;
    if (!snapshots) return null;
    return {
      ...d,
      snapshots,
      now,
      ...(options.snapshotPieceBytes ? { pieceBytes: options.snapshotPieceBytes } : {}),
      ...(options.checkpoint ? { checkpoint: options.checkpoint } : {}),
      progress: (p) => {
        snapshotProgress = p;
        options.notify('office:status');
      },
    };
  }

  /**
   * A new desk starts from the office's newest snapshot before it pulls the tail. `wait`: the
   * office's first desk is still uploading its books, so this round pulls nothing. With no
   * snapshot at the hub the desk pulls the journal from its start, and `accept` asks the hub
   * again before a page is applied while the desk still holds nothing (the first desk may have
   * started and finished its seed snapshot while this desk's poll was held).
   */
  async function restoreIfWanted(d: LinkDeps): Promise<{ wait: true } | { wait: false; accept?: () => Promise<boolean> }> {
    const s = snapshotDeps(d);
    if (!s || !wantsRestore(s)) {
      setWaiting(false);
      return { wait: false };
    }
    const r = await restoreSnapshot(s);
    setWaiting(r === 'seed_pending');
    if (r === 'seed_pending') return { wait: true };
    if (r) {
      options.notify('office:status');
      return { wait: false };
    }
    return { wait: false, accept: async () => !wantsRestore(s) || (await hubLatestSnapshot(s.hub)) === null };
  }

  /** The first desk's seed snapshot goes before any entry of the office. */
  async function seedFirst(d: LinkDeps): Promise<void> {
    const s = snapshotDeps(d);
    if (!s || !readMembership(store)?.seedPending) return;
    await serial('snapshot', () => uploadSnapshot(s));
  }

  /** Uploads a snapshot when one is due: caught up, nothing unsent, and N entries or a day past the last one. */
  async function snapshotIfDue(d: LinkDeps): Promise<void> {
    const s = snapshotDeps(d);
    if (!s) return;
    if (hasUploadWork(store)) {
      await serial('snapshot', () => uploadSnapshot(s));
      return;
    }
    const m = readMembership(store);
    if (!m || !caughtUp || m.seedPending || d.journal.unsentCount() > 0) return;
    const every = options.snapshotEvery ?? 10_000;
    const since = Date.parse(m.snapshotAt ?? m.joinedAt);
    const due = m.cursor - m.snapshotCursor >= every || (m.cursor > m.snapshotCursor && now().getTime() - since >= (options.snapshotMaxAgeMs ?? 86_400_000));
    if (!due) return;
    await serial('snapshot', async () => {
      if (await prepareSnapshot(s)) await uploadSnapshot(s);
    });
  }

  function deps(): LinkDeps | null {
    const m = readMembership(store);
    const token = options.secrets.get('office.token');
    const key = options.secrets.get('office.key');
    if (!m || m.stopped || !token || !key || !options.journal) return null;
    return { store, journal: options.journal, hub: { url: m.relayUrl, token }, key: Buffer.from(key, 'base64url'), office: m.office };
  }

  /** Sorts a failure: a refusal that ends the link is recorded; the rest is shown and retried. */
  function failed(which: 'push' | 'pull', e: unknown): string {
    let text: string;
    // `text` keeps the machine's detail for the log and tests; `words` is what the window says, in its language.
    let words: KeyedWords;
    if (e instanceof HubRefusal && (e.code === 'unauthorized' || e.code === 'revoked' || e.status === 401)) {
      store.transaction(() => setStopped(store, 'revoked'));
      text = STOPPED_TEXT.revoked;
      words = STOPPED_WORDS.revoked;
    } else if (e instanceof HubRefusal && (e.code === 'cursor_gone' || e.status === 410)) {
      store.transaction(() => setStopped(store, 'cursor_gone'));
      text = STOPPED_TEXT.cursor_gone;
      words = STOPPED_WORDS.cursor_gone;
    } else if (e instanceof HubRefusal) {
      online = true;
      text = `The office hub refused: ${e.message}`;
      words = { key: 'office.hubRefused', params: {} };
    } else if (e instanceof SealError || e instanceof UnsendableEntryError || e instanceof HubOrderError || e instanceof SnapshotRefusedError) {
      online = true;
      text = e.message;
      words = { key: 'office.entryNotApplied', params: {} };
    } else if (e instanceof ApplyError) {
      online = true;
      text = e.message;
      words = { key: 'office.entryNotApplied', params: {} };
      options.logError('office entry could not be applied', e);
    } else {
      online = false;
      text = `The office hub is not reachable: ${(e as Error).message}`;
      words = e instanceof HubTimeout ? { key: 'office.hubTimedOut', params: {} } : { key: 'office.unreachable', params: {} };
    }
    if (which === 'push') {
      state.lastPushError = text;
      state.lastPushWords = words;
    } else {
      state.lastPullError = text;
      state.lastPullWords = words;
    }
    options.notify('office:status');
    return text;
  }

  async function pushAll(): Promise<number> {
    let pushed = 0;
    const first = deps();
    if (first) await seedFirst(first);
    for (;;) {
      const d = deps();
      // A desk waiting for the office's books sends nothing before it holds them.
      if (!d || waitingForSeed) return pushed;
      const n = await pushBatch(d, options.pushBatchSize ?? 500);
      online = true;
      state.lastPushAt = now().toISOString();
      state.lastPushError = null;
      state.lastPushWords = null;
      if (n === 0) return pushed;
      pushed += n;
      options.notify('office:status');
    }
  }

  async function pullAll(firstWait: number, signal?: AbortSignal): Promise<number> {
    let received = 0;
    const start = deps();
    const before = start ? await restoreIfWanted(start) : { wait: false as const };
    if (before.wait) {
      // The hub answered: online, nothing wrong, nothing to pull yet.
      caughtUp = false;
      online = true;
      state.lastPullAt = now().toISOString();
      state.lastPullError = null;
      state.lastPullWords = null;
      return received;
    }
    const accept = before.accept;
    for (let first = true; ; first = false) {
      const d = deps();
      if (!d) return received;
      const r = await pullPage(d, { limit: options.pageSize ?? 500, wait: first ? firstWait : 0, ...(accept ? { accept } : {}) }, signal);
      // A snapshot to start from turned up with the page in hand: the next round starts from it.
      if (r.discarded) return received;
      caughtUp = !r.hasMore;
      online = true;
      state.lastPullAt = now().toISOString();
      state.lastPullError = null;
      state.lastPullWords = null;
      received += r.entries;
      if (r.outcome) for (const channel of new Set(r.outcome.channels)) options.notify(channel);
      if (r.entries > 0) options.notify('office:status');
      if (!r.hasMore) return received;
    }
  }

  const sleep = (ms: number, kickable = true) =>
    new Promise<void>((resolve) => {
      const set = kickable ? wakers : backoffWakers;
      const wake = () => {
        clearTimeout(t);
        set.delete(wake);
        resolve();
      };
      const t = setTimeout(wake, ms);
      set.add(wake);
    });

  async function loop(which: 'push' | 'pull'): Promise<void> {
    let backoff = 500;
    while (running) {
      if (!deps()) {
        await sleep(5000);
        continue;
      }
      try {
        if (which === 'push') {
          await serial('push', pushAll);
          const d = deps();
          if (d) await snapshotIfDue(d);
          backoff = 500;
          await sleep(options.idlePushMs ?? 1000);
        } else {
          pullAbort = new AbortController();
          const signal = pullAbort.signal;
          await serial('pull', () => pullAll(options.waitSeconds ?? 25, signal));
          backoff = 500;
          // Waiting for the first desk's books: ask again shortly, not at once.
          if (waitingForSeed) await sleep(options.seedWaitMs ?? 2000);
        }
      } catch (e) {
        if (!running) break;
        if ((e as Error).name === 'AbortError') continue;
        failed(which, e);
        await sleep(backoff, false);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loops = [loop('push'), loop('pull')];
    },
    async stop() {
      running = false;
      pullAbort?.abort();
      for (const wake of [...wakers, ...backoffWakers]) wake();
      await Promise.all(loops);
      loops = [];
    },
    kick() {
      for (const wake of [...wakers]) wake();
    },
    async syncNow() {
      const m = readMembership(store);
      if (m?.stopped) throw new Error(STOPPED_TEXT[m.stopped]);
      try {
        const pushed = await serial('push', pushAll);
        // A long poll in progress would hold the pull queue for its whole wait.
        pullAbort?.abort();
        const received = await serial('pull', () => pullAll(0));
        return { pushed, received };
      } catch (e) {
        throw new Error(failed('pull', e));
      }
    },
    status: () => ({
      running,
      online,
      ...state,
      pending: options.journal ? options.journal.unsentCount() : null,
      snapshot: snapshotProgress ?? (waitingForSeed ? { phase: 'waiting', done: 0, total: 0 } : null),
    }),
    async snapshotNow() {
      const d = deps();
      const s = d && snapshotDeps(d);
      if (!s) return null;
      return serial('snapshot', async () => {
        if (!(await prepareSnapshot(s))) return null;
        return uploadSnapshot(s);
      });
    },
  };
}
