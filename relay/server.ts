import { timingSafeEqual } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import pino from 'pino';
import type { Logger } from 'pino';
import { z } from 'zod';
import { RELAY_MAX_LIMIT, RELAY_MAX_WAIT_SECONDS } from '../shared/relay/wire';
import type { RelayCursorGone, RelayEventsPage } from '../shared/relay/wire';
import { createAuthLimiter } from './authLimiter';
import { newIngestCounters, renderMetrics } from './metrics';
import { registerOfficeRoutes } from './office/routes';
import { registerPortalRoutes } from './portal/routes';
import { openStore } from './storage/openStore';
import type { StoreConfig } from './storage/openStore';
import type { Org, RelayStore, Token } from './storage/types';
import { bearerToken, hashToken } from './tokens';
import { createWaiters } from './waiters';
import { verifyWebhook } from './webhookVerify';
import type { VerifyResult } from './webhookVerify';

const DAY_MS = 86_400_000;

export type RelayServerOptions = StoreConfig & {
  /** An already open store (tests, benchmarks); otherwise one is opened from databaseUrl/dataDir. */
  store?: RelayStore;
  host?: string;
  port?: number;
  bodyLimitBytes?: number;
  toleranceSeconds?: number;
  retentionDays?: number;
  /** How often the pruning job runs; 0 turns it off (the CLI `prune` still works). */
  pruneIntervalMs?: number;
  authFailures?: { maxFailures: number; windowMs: number };
  /** Long polls re-read the store this often even without a wake-up (a lost LISTEN connection, say). */
  longPollRecheckMs?: number;
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  trustProxy?: boolean;
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
  const bodyLimit = options.bodyLimitBytes ?? 1024 * 1024;
  const tolerance = options.toleranceSeconds ?? 300;
  const retentionMs = (options.retentionDays ?? 90) * DAY_MS;
  const recheckMs = options.longPollRecheckMs ?? 5000;
  const limiter = createAuthLimiter(options.authFailures ?? { maxFailures: 10, windowMs: 60_000 });
  const counters = newIngestCounters();
  const waiters = createWaiters();
  const unsubscribe = store.onCommitted((orgId) => waiters.wake(orgId));
  let closing = false;
  const metricsTokenHash = options.metricsToken ? hashToken(options.metricsToken) : null;
  const sameHash = (a: string, b: string): boolean => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

  // Typed as Fastify's base logger so the instance keeps Fastify's default generic parameters.
  const loggerInstance: FastifyBaseLogger = log;
  const app: FastifyInstance = Fastify({
    loggerInstance,
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
    // One line per webhook is logged by the route itself; Fastify's per-request pair would double it.
    logController: new LogController({ disableRequestLogging: true }),
  });

  // Internal failures (storage down, a bug) answer 5xx so Stripe retries, without internals in the body.
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error, url: request.url }, 'request failed');
      return reply.code(status).send({ error: 'internal', message: 'the relay could not handle this request; retry later' });
    }
    const reason = status === 413 ? 'body_too_large' : 'bad_request';
    if (request.url.startsWith('/stripe/webhook')) {
      counters.rejected++;
      counters.rejectedBy.set(reason, (counters.rejectedBy.get(reason) ?? 0) + 1);
    }
    return reply.code(status).send({ error: reason, message: error.message });
  });

  // Looked up on every delivery; never stale: a secret removed after a leak is refused at once.
  // (SQLite reads it each time; PostgreSQL caches it, kept right by change notifications.)
  const loadOrg = (orgId: string): Promise<Org | null> => store.getOrg(orgId);

  const reject = (reply: FastifyReply, reason: string, message: string, status = 400) => {
    counters.rejected++;
    counters.rejectedBy.set(reason, (counters.rejectedBy.get(reason) ?? 0) + 1);
    return reply.code(status).send({ error: reason, message });
  };

  type WebhookParams = { org?: string };
  const handleWebhook = async (request: FastifyRequest<{ Params: WebhookParams }>, reply: FastifyReply) => {
    const receivedAt = now();
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) return reject(reply, 'empty_body', 'the body is empty');
    const header = request.headers['stripe-signature'];
    const signature = typeof header === 'string' ? header : undefined;

    // The org comes from the path, or, on the bare path, from whichever org's secret signed it.
    let candidates: Org[];
    if (request.params.org !== undefined) {
      if (!ORG_ID.test(request.params.org)) return reject(reply, 'unknown_org', 'no such org', 404);
      const org = await loadOrg(request.params.org);
      if (!org) return reject(reply, 'unknown_org', 'no such org', 404);
      candidates = [org];
    } else {
      candidates = await store.listOrgs();
    }

    let verified: { org: Org; result: Extract<VerifyResult, { ok: true }> } | null = null;
    let failure: Extract<VerifyResult, { ok: false }> | null = null;
    for (const org of candidates) {
      const result = verifyWebhook(body, signature, org.secrets, receivedAt, tolerance);
      if (result.ok) {
        verified = { org, result };
        break;
      }
      // Anything but a plain mismatch means this org's secret matched: stop looking.
      failure = result;
      if (result.reason !== 'bad_signature') break;
    }
    if (!verified) {
      const f = failure ?? { reason: 'bad_signature', message: 'no org accepts this signature' };
      request.log.warn({ reason: f.reason, org: request.params.org, ip: request.ip }, 'webhook refused');
      return reject(reply, f.reason, f.message);
    }

    const { org, result } = verified;
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
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    scope.post('/stripe/webhook/:org', handleWebhook);
    scope.post('/stripe/webhook', handleWebhook);
  });

  const authenticate = async (request: FastifyRequest, reply: FastifyReply): Promise<Token | null> => {
    const ip = request.ip;
    const retryAfter = limiter.retryAfter(ip, now());
    if (retryAfter > 0) {
      await reply.code(429).header('retry-after', String(retryAfter)).send({ error: 'too_many_failures', message: 'too many failed authentications; retry later' });
      return null;
    }
    const raw = bearerToken(request.headers.authorization);
    // Looked up on every request (no cache), so a revoked token is refused at once.
    const token = raw ? await store.findActiveToken(hashToken(raw)) : null;
    if (!token) {
      limiter.fail(ip, now());
      request.log.warn({ ip }, 'desk authentication failed');
      await reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'a valid device token is required' });
      return null;
    }
    return token;
  };

  const cursorGone = async (reply: FastifyReply, message: string, orgId: string): Promise<FastifyReply> => {
    const body: RelayCursorGone = { error: 'cursor_gone', message, resume_cursor: (await store.cursorState(orgId))?.headSeq ?? 0 };
    return reply.code(410).send(body);
  };

  app.get('/v1/events', async (request, reply) => {
    const token = await authenticate(request, reply);
    if (!token) return reply;
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
    try {
      const deadline = now() + waitSeconds * 1000;
      for (;;) {
        const wake = waiters.arm(token.orgId);
        const page = await store.readEvents(token.orgId, after, limit);
        const remaining = deadline - now();
        if (page.events.length > 0 || remaining <= 0 || closing || disconnected) {
          wake.cancel();
          // Sequences have no gaps (the counter and the row commit together), so a page that does
          // not start right after the cursor means pruning ran since the check above.
          if (page.events.length > 0 && page.events[0]?.seq !== after + 1) return cursorGone(reply, 'events after this cursor were removed by retention; resync from Stripe', token.orgId);
          const body: RelayEventsPage = {
            events: page.events.map((e) => ({ cursor: e.seq, id: e.eventId, type: e.type, created: e.created, received_at: e.receivedAt, payload: e.payload })),
            next_cursor: page.events.at(-1)?.seq ?? after,
            has_more: page.hasMore,
          };
          return reply.code(200).send(body);
        }
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([wake.woken, new Promise<void>((r) => (timer = setTimeout(r, Math.min(remaining, recheckMs))))]);
        clearTimeout(timer);
        wake.cancel();
      }
    } finally {
      reply.raw.off('close', onClose);
    }
  });

  registerPortalRoutes(app, { store, now, authenticate });

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
  await registerOfficeRoutes(app, { store, log: loggerInstance, now, limiter, recheckMs, pruneIntervalMs: pruneEvery });

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
