import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import { z } from 'zod';
import { RELAY_MAX_LIMIT, RELAY_MAX_WAIT_SECONDS } from '../shared/relay/wire';
import type { RelayCursorGone, RelayEventsPage } from '../shared/relay/wire';
import { createBearerGuard } from './bearerAuth';
import { DEFAULT_LIMITS } from './limits';
import type { RelayLimits } from './limits';
import { holdLongPoll } from './longPoll';
import { newIngestCounters, renderMetrics } from './metrics';
import { registerOfficeRoutes } from './office/routes';
import { registerPortalRoutes } from './portal/routes';
import { openStore } from './storage/openStore';
import type { StoreConfig } from './storage/openStore';
import type { Org, RelayStore, Token } from './storage/types';
import { jsonPageStream } from './pageStream';
import { bearerToken, hashToken } from './tokens';
import { limitUploads } from './uploadLimits';
import { createWaiters } from './waiters';
import { verifyWebhook } from './webhookVerify';
import type { VerifyResult } from './webhookVerify';

const DAY_MS = 86_400_000;

export type RelayServerOptions = StoreConfig & {
  /** An already open store (tests, benchmarks); otherwise one is opened from databaseUrl/dataDir. */
  store?: RelayStore;
  host?: string;
  port?: number;
  /** Bounds on what clients may make the relay do (relay/limits.ts); unset ones take their defaults. */
  limits?: Partial<RelayLimits>;
  retentionDays?: number;
  /** How often the pruning job runs; 0 turns it off (the CLI `prune` still works). */
  pruneIntervalMs?: number;
  /** Long polls re-read the store this often even without a wake-up (a lost LISTEN connection, say). */
  longPollRecheckMs?: number;
  /** When set, `/metrics` needs `Authorization: Bearer <metricsToken>` (10-200 of A-Z a-z 0-9 _ -). */
  metricsToken?: string;
  logger?: Logger;
  logLevel?: string;
  now?: () => number;
};

export type RelayServer = {
  app: FastifyInstance;
  store: RelayStore;
  listen(): Promise<{ host: string; port: number; url: string }>;
  /** Removes events older than the retention; returns how many went. */
  prune(): Promise<number>;
  close(): Promise<void>;
};

const Digits = z.string().regex(/^\d{1,15}$/, 'must be a non-negative integer');
const EventsQuery = z.strictObject({
  after: Digits.optional(),
  limit: Digits.optional(),
  wait: Digits.optional(),
});

const ORG_ID = /^[A-Za-z0-9_-]{1,64}$/;

export async function createRelayServer(options: RelayServerOptions = {}): Promise<RelayServer> {
  const now = options.now ?? Date.now;
  const log = options.logger ?? pino({ level: options.logLevel ?? 'info', base: { service: 'relay' } });
  const ownsStore = !options.store;
  const store = options.store ?? (await openStore({ ...options, onError: (e) => log.error({ err: e }, 'storage error') }));
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bodyLimit = limits.bodyLimitBytes;
  const retentionMs = (options.retentionDays ?? 90) * DAY_MS;
  const recheckMs = options.longPollRecheckMs ?? 5000;
  const counters = newIngestCounters();
  const waiters = createWaiters();
  const unsubscribe = store.onCommitted((orgId) => waiters.wake(orgId));
  let closing = false;
  const metricsTokenHash = options.metricsToken ? hashToken(options.metricsToken) : null;
  const sameHash = (a: string, b: string): boolean => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

  // Typed as Fastify's base logger so the instance keeps Fastify's default generic parameters.
  const loggerInstance: FastifyBaseLogger = log;
  // Node enforces headersTimeout and requestTimeout on a periodic sweep (30 s unless told).
  const requestTimeout = limits.requestTimeoutMs;
  const headersTimeout = requestTimeout > 0 ? Math.min(limits.headersTimeoutMs, requestTimeout) : limits.headersTimeoutMs;
  const sweepMs = Math.max(50, Math.min(1000, Math.floor(Math.min(headersTimeout || 4000, requestTimeout || 4000) / 4)));
  const app: FastifyInstance = Fastify({
    loggerInstance,
    bodyLimit,
    // A number n: the client is the n-th address from the right of X-Forwarded-For (the one the
    // outermost trusted proxy saw), never the client-supplied leftmost one.
    trustProxy: limits.trustedProxies > 0 ? (_address: string, hop: number) => hop < limits.trustedProxies : false,
    requestTimeout,
    // One line per webhook is logged by the route itself; Fastify's per-request pair would double it.
    logController: new LogController({ disableRequestLogging: true }),
  });

  // Read by Node when the server starts listening, and at each sweep.
  Object.assign(app.server, { headersTimeout, connectionsCheckingInterval: sweepMs });

  // Internal failures (storage down, a bug) answer 5xx so Stripe retries, without internals in the body.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.url }, 'request failed');
      return reply.code(status).send({ error: 'internal', message: 'the relay could not handle this request; retry later' });
    }
    const reason = status === 413 ? 'body_too_large' : status === 408 ? 'body_timeout' : 'bad_request';
    if (request.url.startsWith('/stripe/webhook')) {
      counters.rejected++;
      counters.rejectedBy.set(reason, (counters.rejectedBy.get(reason) ?? 0) + 1);
    }
    return reply.code(status).send({ error: reason, message: error.message });
  });

  // Looked up on every delivery; never stale: a secret removed after a leak is refused at once.
  // (SQLite reads it each time; PostgreSQL caches it, kept right by change notifications.)
  const loadOrg = (orgId: string): Promise<Org | null> => store.getOrg(orgId);

  const countRejected = (reason: string): void => {
    counters.rejected++;
    counters.rejectedBy.set(reason, (counters.rejectedBy.get(reason) ?? 0) + 1);
  };
  const reject = (reply: FastifyReply, reason: string, message: string, status = 400) => {
    countRejected(reason);
    return reply.code(status).send({ error: reason, message });
  };

  const refusalLog = new Map<string, { at: number; suppressed: number }>();
  type WebhookParams = { org?: string };
  const handleWebhook = async (request: FastifyRequest<{ Params: WebhookParams }>, reply: FastifyReply) => {
    const receivedAt = now();
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) return reject(reply, 'empty_body', 'the body is empty');
    const header = request.headers['stripe-signature'];
    const signature = typeof header === 'string' ? header : undefined;

    // The org comes from the path. The bare path serves a relay that holds one org only: trying
    // every org's secrets cost a forged request one HMAC and one query per org (105 ms at 2,000
    // orgs), and a signature names no org, so no index can pick the secret.
    let org: Org | null;
    if (request.params.org !== undefined) {
      if (!ORG_ID.test(request.params.org)) return reject(reply, 'unknown_org', 'no such org', 404);
      org = await loadOrg(request.params.org);
      if (!org) return reject(reply, 'unknown_org', 'no such org', 404);
    } else {
      org = await store.soleOrg();
      if (!org) return reject(reply, 'use_org_path', 'this relay serves several orgs (or none): use the endpoint /stripe/webhook/<org>', 404);
    }

    const result: VerifyResult = verifyWebhook(body, signature, org.secrets, receivedAt, limits.signatureToleranceSeconds, limits.futureSkewSeconds);
    if (!result.ok) {
      // A flood of forged requests must not become a flood of log lines: one line per reason a
      // second, saying how many went unlogged; relay_webhooks_total counts every one.
      const last = refusalLog.get(result.reason) ?? { at: 0, suppressed: 0 };
      if (receivedAt - last.at >= 1000) {
        request.log.warn({ reason: result.reason, org: org.id, ip: request.ip, suppressed: last.suppressed }, 'webhook refused');
        refusalLog.set(result.reason, { at: receivedAt, suppressed: 0 });
      } else {
        last.suppressed++;
      }
      return reject(reply, result.reason, result.message);
    }

    const stored = await store.insertEvent({
      orgId: org.id,
      eventId: result.event.id,
      type: result.event.type,
      created: result.event.created,
      payload: result.event.payload,
      signature: signature ?? '',
      receivedAt,
    });
    // Only now, with the row committed, does Stripe get its 2xx.
    counters[stored.status]++;
    request.log.info({ org: org.id, event: result.event.id, type: result.event.type, cursor: stored.seq, status: stored.status }, 'webhook accepted');
    return reply.code(200).send({ received: true, duplicate: stored.status === 'duplicate', cursor: stored.seq });
  };

  await app.register(async (scope) => {
    // The signature covers the exact bytes: keep the body as a Buffer, never parse and re-serialise.
    const uploads = limitUploads(scope, { idleTimeoutMs: limits.idleTimeoutMs, maxConcurrent: limits.maxConcurrentUploads }, countRejected);
    counters.uploads = uploads.inFlight;
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    scope.post('/stripe/webhook/:org', handleWebhook);
    scope.post('/stripe/webhook', handleWebhook);
  });

  const deviceAuth = createBearerGuard<Token>({
    // Looked up on every request (no cache), so a revoked token is refused at once.
    lookup: (raw) => store.findActiveToken(hashToken(raw)),
    maxFailures: limits.authMaxFailures,
    windowMs: limits.authWindowSeconds * 1000,
    now,
    what: 'desk',
  });

  const cursorGone = async (reply: FastifyReply, message: string, orgId: string): Promise<FastifyReply> => {
    const body: RelayCursorGone = { error: 'cursor_gone', message, resume_cursor: (await store.cursorState(orgId))?.headSeq ?? 0 };
    return reply.code(410).send(body);
  };
  const revoked = (reply: FastifyReply): FastifyReply =>
    reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'a valid token is required' });

  app.get('/v1/events', async (request, reply) => {
    const auth = await deviceAuth.authenticate(request, reply);
    if (!auth) return reply;
    const token = auth.principal;
    const parsed = EventsQuery.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: 'bad_query', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    const after = Number(parsed.data.after ?? '0');
    const limit = Math.min(Number(parsed.data.limit ?? '100'), RELAY_MAX_LIMIT);
    const waitSeconds = Math.min(Number(parsed.data.wait ?? '0'), RELAY_MAX_WAIT_SECONDS);
    if (limit < 1) return reply.code(400).send({ error: 'bad_query', message: 'limit: must be at least 1' });

    const state = await store.cursorState(token.orgId);
    if (!state) return reply.code(401).send({ error: 'unauthorized', message: 'the token org no longer exists' });
    if (after < state.prunedThrough) return cursorGone(reply, 'events after this cursor were removed by retention; resync from Stripe', token.orgId);
    if (after > state.headSeq) return cursorGone(reply, 'this cursor is ahead of what the relay holds; resync from Stripe', token.orgId);
    // `after` is what the device says it has applied: its acknowledgement, kept for monitoring.
    await store.recordCursor(token.id, after, now());

    let disconnected = false;
    const onClose = (): void => {
      disconnected = true;
      waiters.wake(token.orgId);
    };
    reply.raw.once('close', onClose);
    let outcome;
    try {
      outcome = await holdLongPoll({
        waiters,
        key: token.orgId,
        read: () => store.readEvents(token.orgId, after, limit, limits.pageMaxBytes),
        isEmpty: (page) => page.events.length === 0,
        waitMs: waitSeconds * 1000,
        recheckMs,
        now,
        stopped: () => closing || disconnected,
        stillAuthorized: async () => (await deviceAuth.recheck(auth.token)) !== null,
        onPark: (parked) => (counters.heldPolls += parked ? 1 : -1),
      });
    } finally {
      reply.raw.off('close', onClose);
    }
    if (outcome.kind === 'revoked') return revoked(reply);
    const page = outcome.page;
    // Sequences have no gaps (the counter and the row commit together), so a page that does
    // not start right after the cursor means pruning ran since the check above.
    if (page.events.length > 0 && page.events[0]?.seq !== after + 1) return cursorGone(reply, 'events after this cursor were removed by retention; resync from Stripe', token.orgId);
    // Streamed one event at a time (relay/pageStream.ts): the page is capped by bytes when read,
    // and never becomes one string here.
    return reply
      .code(200)
      .type('application/json; charset=utf-8')
      .send(
        jsonPageStream({
          key: 'events',
          items: page.events,
          toJson: (e): RelayEventsPage['events'][number] => ({ cursor: e.seq, id: e.eventId, type: e.type, created: e.created, received_at: e.receivedAt, payload: e.payload }),
          fields: { next_cursor: page.events.at(-1)?.seq ?? after, has_more: page.hasMore } satisfies Omit<RelayEventsPage, 'events'>,
        }),
      );
  });

  registerPortalRoutes(app, { store, now, authenticate: async (request, reply) => (await deviceAuth.authenticate(request, reply))?.principal ?? null });

  app.get('/healthz', async (_request, reply) => {
    try {
      await store.ping();
      return reply.send({ ok: true, storage: store.kind });
    } catch (err) {
      log.error({ err }, 'health check: storage does not answer');
      return reply.code(503).send({ ok: false, storage: store.kind });
    }
  });

  app.get('/metrics', async (request, reply) => {
    if (metricsTokenHash && !sameHash(hashToken(bearerToken(request.headers.authorization) ?? ''), metricsTokenHash)) {
      return reply.code(401).send({ error: 'unauthorized', message: 'metrics need the metrics token' });
    }
    const [orgs, tokens] = await Promise.all([store.stats(), store.listTokens()]);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(renderMetrics({ now: now(), counters, orgs, tokens }));
  });

  const prune = async (): Promise<number> => {
    const removed = await store.prune(now() - retentionMs);
    await store.portal.prune(now() - retentionMs);
    if (removed > 0) log.info({ removed, retentionDays: retentionMs / DAY_MS }, 'pruned events past retention');
    return removed;
  };
  const pruneEvery = options.pruneIntervalMs ?? 3_600_000;
  let pruneTimer: NodeJS.Timeout | undefined;
  if (pruneEvery > 0) {
    pruneTimer = setInterval(() => void prune().catch((err: unknown) => log.error({ err }, 'pruning failed')), pruneEvery);
    pruneTimer.unref();
  }
  await registerOfficeRoutes(app, { store, log: loggerInstance, now, authFailures: { maxFailures: limits.authMaxFailures, windowMs: limits.authWindowSeconds * 1000 }, recheckMs, pruneIntervalMs: pruneEvery });

  return {
    app,
    store,
    async listen() {
      const host = options.host ?? '127.0.0.1';
      await app.listen({ host, port: options.port ?? 0 });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
      log.info({ host, port, storage: store.kind }, 'relay listening');
      return { host, port, url: `http://${host}:${port}` };
    },
    prune,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(pruneTimer);
      // Parked long polls answer (empty) at once instead of holding the shutdown for up to 30 s.
      waiters.wakeAll();
      await app.close();
      unsubscribe();
      if (ownsStore) await store.close();
    },
  };
}
