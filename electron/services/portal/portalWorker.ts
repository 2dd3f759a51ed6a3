import { sealPortalPage } from '../../../shared/portal/seal';
import { sql } from '../../store/sql';
import type { SqlQuery } from '../../store/sql';
import type { Store } from '../../store/store';
import type { RelayConfig } from '../../sync/relayClient';
import { buildPayerStatement } from './payerStatement';
import type { PayButtons } from './payerStatement';
import type { LinkRow } from './portalLinks';

export type PortalRun = { uploaded: number; revoked: number; waiting: number; failed: number };

export type PortalWorker = {
  /** One pass over links whose page is older than the books or whose revocation the relay has not heard; a call during a pass runs one more after it. */
  runOnce(): Promise<PortalRun>;
  /**
   * A pass soon: changes made within `debounceMs` of each other go up as one upload per link.
   * Only once started (a desk with background jobs), like the sync and office workers' kicks: a
   * core without them (tests, tools) runs passes itself, and no write lands after a call answered.
   */
  kick(): void;
  start(intervalMs?: number): void;
  stop(): void;
};

export type PortalWorkerOptions = {
  store: Store;
  now: () => Date;
  relay: () => RelayConfig | null;
  /** The Pay buttons of the payer's statement (Stripe-hosted pages), when Stripe is set up. */
  payButtons?: (payerId: string) => Promise<PayButtons>;
  logError: (message: string, error: unknown) => void;
  onChanged: () => void;
  debounceMs?: number;
  requestTimeoutMs?: number;
};

/** Waits after a failed upload: 5 s, doubling, at most a minute (the relay is back soon, or the desk is offline). */
const backoffMs = (tries: number): number => Math.min(60_000, 5_000 * 2 ** Math.max(0, tries - 1));

class RelayRefusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

async function relayCall(relay: RelayConfig, method: 'PUT' | 'POST', path: string, body: unknown, timeoutMs: number): Promise<unknown> {
  const res = await fetch(new URL(path, relay.url), {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${relay.token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const answer: unknown = await res.json().catch(() => null);
  if (!res.ok) throw new RelayRefusal(res.status, (answer as { message?: string } | null)?.message ?? `the relay answered ${res.status}`);
  return answer;
}

const unreachable = (e: unknown): string => `The relay cannot be reached (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}); the page goes up when it can.`;

/**
 * The payer pages' outbox: a link row marked dirty (made, or the payer's books changed) is built
 * from the books as they are when it goes, sealed under the link's own key and PUT to the relay;
 * a revoked one is withdrawn there. Nothing is lost while the relay cannot be reached: the rows
 * stay marked and the next pass takes them.
 */
export function createPortalWorker(options: PortalWorkerOptions): PortalWorker {
  const { store, now } = options;
  const timeoutMs = options.requestTimeoutMs ?? 15_000;
  let current: Promise<PortalRun> | null = null;
  let next: Promise<PortalRun> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let interval: NodeJS.Timeout | null = null;
  let kickTimer: NodeJS.Timeout | null = null;

  const failed = (id: string, version: number, tries: number, words: string) => {
    const at = now();
    store.transaction(() => store.run(sql`UPDATE portal_links SET tries = ${tries + 1}, last_error = ${words.slice(0, 500)}, next_try_at = ${new Date(at.getTime() + backoffMs(tries + 1)).toISOString()}
      WHERE id = ${id} AND version = ${version}`));
  };

  async function upload(relay: RelayConfig, row: LinkRow, result: PortalRun): Promise<void> {
    const at = now();
    if (row.expires_at <= at.toISOString()) {
      store.transaction(() => store.run(sql`UPDATE portal_links SET dirty = 0 WHERE id = ${row.id} AND version = ${row.version}`));
      return;
    }
    const pay = options.payButtons ? await options.payButtons(row.payer_id).catch((e: unknown) => {
      options.logError('payer page pay buttons failed', e);
      return undefined;
    }) : undefined;
    // Read the version with the statement, so a change after this read marks the link again.
    const { statement, version } = store.transaction(() => ({
      statement: buildPayerStatement(store, row.payer_id, at, pay),
      version: store.get<{ version: number }>(sql`SELECT version FROM portal_links WHERE id = ${row.id}`)?.version ?? row.version,
    }));
    const ct = await sealPortalPage(row.id, row.key, JSON.stringify(statement));
    try {
      await relayCall(relay, 'PUT', `/v1/portal/pages/${row.id}`, { ct, expires_at: Date.parse(row.expires_at) }, timeoutMs);
    } catch (e) {
      if (e instanceof RelayRefusal && e.status === 410) {
        // Withdrawn at the relay already (another desk, or the relay's operator): never revived.
        store.transaction(() => store.run(sql`UPDATE portal_links SET revoked_at = coalesce(revoked_at, ${now().toISOString()}), dirty = 0, revoke_pending = 0, last_error = ${e.message} WHERE id = ${row.id}`));
        result.failed++;
        return;
      }
      failed(row.id, version, row.tries, e instanceof RelayRefusal ? `The relay refused the page: ${e.message}` : unreachable(e));
      if (e instanceof RelayRefusal) result.failed++;
      else result.waiting++;
      return;
    }
    const done = now().toISOString();
    store.transaction(() => {
      store.run(sql`UPDATE portal_links SET published_at = ${done}, published_version = ${version}, tries = 0, last_error = NULL, next_try_at = NULL WHERE id = ${row.id} AND revoked_at IS NULL`);
      store.run(sql`UPDATE portal_links SET dirty = 0 WHERE id = ${row.id} AND version = ${version}`);
    });
    result.uploaded++;
  }

  async function pass(): Promise<PortalRun> {
    const result: PortalRun = { uploaded: 0, revoked: 0, waiting: 0, failed: 0 };
    const relay = options.relay();
    if (!relay) return result;
    const at = now().toISOString();
    const due = (cond: SqlQuery) => store.all<LinkRow>(sql`SELECT * FROM portal_links WHERE ${cond} AND (next_try_at IS NULL OR next_try_at <= ${at}) ORDER BY created_at LIMIT 500`);
    try {
      for (const row of due(sql`dirty = 1 AND revoked_at IS NULL`)) await upload(relay, row, result);
      const revoking = due(sql`revoke_pending = 1`);
      if (revoking.length > 0) {
        try {
          await relayCall(relay, 'POST', '/v1/portal/revoke', { ids: revoking.map((r) => r.id) }, timeoutMs);
          store.transaction(() => {
            for (const r of revoking) store.run(sql`UPDATE portal_links SET revoke_pending = 0, last_error = NULL, next_try_at = NULL WHERE id = ${r.id}`);
          });
          result.revoked += revoking.length;
        } catch (e) {
          for (const r of revoking) failed(r.id, r.version, r.tries, e instanceof RelayRefusal ? `The relay refused the withdrawal: ${e.message}` : unreachable(e));
          result.waiting += revoking.length;
        }
      }
    } finally {
      if (result.uploaded + result.revoked + result.waiting + result.failed > 0) options.onChanged();
    }
    return result;
  }

  const worker: PortalWorker = {
    runOnce() {
      if (!current) {
        current = pass().finally(() => {
          current = null;
        });
        return current;
      }
      next ??= current.catch(() => undefined).then(() => {
        next = null;
        return worker.runOnce();
      });
      return next;
    },
    kick() {
      if (!interval || kickTimer) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        worker.runOnce().catch((e: unknown) => options.logError('payer pages run failed', e));
      }, options.debounceMs ?? 300);
      kickTimer.unref();
    },
    start(intervalMs = 30_000) {
      if (interval) return;
      const tick = () => {
        worker.runOnce().catch((e: unknown) => options.logError('payer pages run failed', e));
      };
      timer = setTimeout(tick, 0);
      timer.unref();
      interval = setInterval(tick, intervalMs);
      interval.unref();
    },
    stop() {
      for (const t of [timer, interval, kickTimer]) if (t) clearTimeout(t);
      timer = interval = kickTimer = null;
    },
  };
  return worker;
}
