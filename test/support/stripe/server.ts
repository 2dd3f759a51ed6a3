import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import Stripe from 'stripe';
import { authenticationOutcome, hostedPage, payAsCustomer } from './control';
import { createEngine } from './engine';
import type { Engine } from './engine';
import { StandinError, apiError, invalidRequest, unrecognizedUrl } from './errors';
import type { StripeErrorBody } from './errors';
import { expandResponse } from './expand';
import { Faults } from './faults';
import type { FaultRule } from './faults';
import { canonicalParams, parseFormBody, parseQuery } from './formBody';
import type { FormObject } from './formBody';
import { newId, randomToken } from './ids';
import { params } from './params';
import { matchRoute } from './routes';
import { createRefund, failRefund } from './routes/payments';
import { emptyData, snapshot } from './state';
import type { Counters, StandinData } from './state';
import { WebhookDeliverer } from './webhooks';
import type { DeliveryRecord, DeliveryStats, WebhookSwitches } from './webhooks';

export type StandinOptions = {
  /** 0 (default) picks a free port; a restart keeps the port it got. */
  port?: number;
  host?: string;
  secretKey?: string;
  webhookSecret?: string;
  /** Where signed events are POSTed; null (default) keeps them only in /v1/events. */
  webhookUrl?: string | null;
  webhook?: Partial<WebhookSwitches>;
  /** Seed for the shuffle/drop switches, so a failing run can be replayed. */
  seed?: number;
  /** A JSON file the state is written to after every change and read back at start. */
  statePath?: string;
  /** Unix seconds; tests can freeze or move the clock. */
  now?: () => number;
};

export type StandinFaults = {
  /** The next `count` requests (optionally only under `path`) get `status` (500) `api_error`. */
  failNext(count?: number, options?: { path?: string; method?: string; status?: number }): void;
  /** The next `count` requests are accepted and never answered. */
  hangNext(count?: number, options?: { path?: string; method?: string; after?: boolean }): void;
  /** The next `count` requests lose their connection, before or after Stripe acted on them. */
  dropNext(count?: number, options?: { path?: string; method?: string; when?: 'before' | 'after' }): void;
  clear(): void;
  list(): readonly FaultRule[];
};

export type StandinWebhooks = {
  url(): string | null;
  setUrl(url: string | null): void;
  configure(switches: Partial<WebhookSwitches> & { seed?: number }): void;
  /** Sends what is queued (needed when `autoDeliver` is off). */
  flush(): Promise<void>;
  /** Resolves when nothing is queued, in flight or waiting to be retried. */
  idle(): Promise<void>;
  deliveries(): readonly DeliveryRecord[];
  stats(): DeliveryStats;
  pending(): number;
};

export type StripeStandin = {
  url: string;
  host: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  apiVersion: string;
  /** A copy of what really happened (counts of refunds, charges, requests per path …). */
  counters(): Counters;
  /** A copy of the event log, oldest first. */
  events(): Stripe.Event[];
  /** Read access to the stored objects, for assertions. */
  data(): StandinData;
  webhooks: StandinWebhooks;
  faults: StandinFaults;
  /** Pays a payment intent, invoice or checkout session as the payer would on their own device. */
  pay(id: string, options?: { paymentMethod?: string; authentication?: 'complete' | 'fail' | 'leave' }): unknown;
  /** Stripe's Dashboard: someone refunds a charge (`ch_`) or payment intent (`pi_`) at Stripe, without Bursar. */
  dashboardRefund(chargeOrIntent: string, amount?: number): Stripe.Refund;
  /** The card network returns a refund Stripe had accepted: it turns `failed`. */
  failRefund(refundId: string): Stripe.Refund;
  /** Stops listening (open and hanging connections are cut); state is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port with the same state. */
  start(): Promise<void>;
  /** Forgets every object, event and idempotent result. */
  reset(): void;
  running(): boolean;
};

type Reply = { status: number; body: string; headers: Record<string, string> };

const json = (value: unknown) => JSON.stringify(value, null, 2);

function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(invalidRequest('Request body too large.', {}, 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** `/v1/payment_intents/pi_123/confirm` → `/v1/payment_intents/:id/confirm`, for per-path counts. */
export const normalisePath = (path: string): string =>
  path
    .split('/')
    .map((seg, i) => (i > 2 && /^[a-z]+_[A-Za-z0-9_]+$/.test(seg) && seg !== 'search' ? ':id' : seg))
    .join('/');

function maskKey(key: string): string {
  const prefix = key.startsWith('sk_test_') ? 'sk_test_' : key.slice(0, Math.min(8, key.length));
  return `${prefix}${'*'.repeat(Math.max(0, key.length - prefix.length - 4))}${key.slice(-4)}`;
}

function authenticate(req: IncomingMessage, secretKey: string): StandinError | null {
  const header = req.headers.authorization ?? '';
  let key = '';
  if (header.startsWith('Bearer ')) key = header.slice(7).trim();
  else if (header.startsWith('Basic ')) key = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0] ?? '';
  if (!key) {
    return new StandinError(401, {
      type: 'invalid_request_error',
      message:
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    });
  }
  if (key !== secretKey) {
    return new StandinError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${maskKey(key)}` });
  }
  return null;
}

const errorReply = (err: StandinError, requestId: string): Reply => ({
  status: err.status,
  body: json({ error: { ...err.body, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } satisfies StripeErrorBody }),
  headers: {},
});

export async function startStripeStandin(options: StandinOptions = {}): Promise<StripeStandin> {
  const host = options.host ?? '127.0.0.1';
  const secretKey = options.secretKey ?? `sk_test_standin_${randomToken(24)}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${randomToken(32)}`;
  if (!secretKey.startsWith('sk_test_')) throw new Error('The stand-in only accepts test-mode secret keys (sk_test_…).');
  const apiVersion = Stripe.API_VERSION;
  const statePath = options.statePath;
  let data: StandinData = statePath && existsSync(statePath) ? { ...emptyData(), ...(JSON.parse(readFileSync(statePath, 'utf8')) as StandinData) } : emptyData();
  let port = options.port ?? 0;
  let dirty = false;

  const save = () => {
    if (!statePath || !dirty) return;
    dirty = false;
    const tmp = `${statePath}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, statePath);
  };

  const deliverer = new WebhookDeliverer({
    url: options.webhookUrl ?? null,
    secret: webhookSecret,
    seed: options.seed ?? 1,
    switches: options.webhook,
    onDelivered: (eventId) => {
      const event = engine.eventById(eventId);
      if (event) event.pending_webhooks = 0;
    },
  });
  const faults = new Faults();
  const baseUrl = () => `http://${host}:${port}`;

  let engine: Engine;
  const makeEngine = () =>
    createEngine(
      data,
      { now: options.now ?? (() => Math.floor(Date.now() / 1000)), baseUrl, apiVersion },
      {
        pendingWebhooks: () => (deliverer.url ? 1 : 0),
        onEvent: (event) => deliverer.enqueue(event),
        onTouch: () => {
          dirty = true;
        },
      },
    );
  engine = makeEngine();

  const count = (key: string) => {
    data.counters.requests += 1;
    data.counters.requestsByPath[key] = (data.counters.requestsByPath[key] ?? 0) + 1;
  };

  /** Runs one API request: auth, idempotency, routing, expansion. */
  async function handleApi(req: IncomingMessage, method: string, path: string, search: string, requestId: string, rawBody: string): Promise<Reply> {
    const authError = authenticate(req, secretKey);
    if (authError) return errorReply(authError, requestId);
    let form: FormObject;
    try {
      form = { ...parseQuery(search), ...(rawBody ? parseFormBody(rawBody) : {}) };
    } catch {
      return errorReply(invalidRequest('Invalid request: unable to parse the form-encoded body.'), requestId);
    }
    const idemKeyHeader = req.headers['idempotency-key'];
    const idemKey = method === 'POST' && typeof idemKeyHeader === 'string' && idemKeyHeader !== '' ? idemKeyHeader : null;
    if (idemKey && idemKey.length > 255) {
      return errorReply(invalidRequest('Idempotency-Key must be at most 255 characters long.', { param: 'Idempotency-Key' }), requestId);
    }
    const storeKey = idemKey ? `${secretKey}:${idemKey}` : null;
    const canonical = canonicalParams(form);
    if (storeKey) {
      const stored = data.idempotency[storeKey];
      if (stored) {
        if (stored.path !== path || stored.method !== method) {
          return errorReply(
            new StandinError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${stored.method} ${stored.path}' vs '${method} ${path}'). Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            }),
            requestId,
          );
        }
        if (stored.params !== canonical) {
          return errorReply(
            new StandinError(400, {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
            }),
            requestId,
          );
        }
        data.counters.idempotentReplays += 1;
        return { status: stored.status, body: stored.body, headers: { 'Idempotent-Replayed': 'true', 'Original-Request': stored.requestId } };
      }
    }

    const matched = matchRoute(method, path);
    if (matched === null || matched === 'method_mismatch') return errorReply(unrecognizedUrl(method, path), requestId);

    engine.request = { id: requestId, idempotency_key: idemKey };
    let reply: Reply;
    let store = true;
    try {
      const p = params(form);
      const result = matched.route.handler({ engine, params: p, ids: matched.ids });
      const expand = p.strList('expand');
      reply = { status: 200, body: json(expand.length > 0 ? expandResponse(engine, result, expand) : result), headers: {} };
    } catch (err) {
      if (err instanceof StandinError) {
        reply = errorReply(err, requestId);
        // Stripe stores no idempotent result when parameters fail validation before the endpoint runs.
        store = !err.beforeExecution;
      } else {
        console.error('[stripe stand-in] handler crashed', err);
        reply = errorReply(apiError(), requestId);
      }
    } finally {
      engine.request = { id: null, idempotency_key: null };
    }
    if (storeKey && store) {
      data.idempotency[storeKey] = { method, path, params: canonical, status: reply.status, body: reply.body, requestId, created: engine.now() };
      dirty = true;
    }
    if (idemKey) reply.headers['Idempotency-Key'] = idemKey;
    return reply;
  }

  async function readControlBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    const raw = await readBody(req);
    if (!raw) return {};
    if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
    return parseFormBody(raw);
  }

  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined);

  /** `/_standin/*`: controls for tests and demos (no API key: the server only listens on loopback). */
  async function handleControl(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<Reply | null> {
    const ok = (value: unknown, status = 200): Reply => ({ status, body: json(value), headers: {} });
    const hosted = /^\/_standin\/hosted\/(?:invoices|checkout)\/([^/]+)$/.exec(path);
    if (method === 'GET' && hosted) {
      const html = hostedPage(engine, hosted[1] ?? '');
      return html ? { status: 200, body: html, headers: { 'Content-Type': 'text/html; charset=utf-8' } } : ok({ error: 'not found' }, 404);
    }
    if (method === 'GET' && path.startsWith('/_standin/receipts/')) {
      return { status: 200, body: '<!doctype html><title>Receipt</title><p>Stand-in receipt.</p>', headers: { 'Content-Type': 'text/html; charset=utf-8' } };
    }
    if (method === 'GET' && path === '/_standin/health') return ok({ ok: true, apiVersion });
    if (method === 'GET' && path === '/_standin/counters') return ok(data.counters);
    const pay = /^\/_standin\/pay\/([^/]+)$/.exec(path);
    if (method === 'POST' && pay) {
      const fromBrowser = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') && (req.headers.accept ?? '').includes('text/html');
      const body = await readControlBody(req);
      const id = pay[1] ?? '';
      try {
        const result = payAsCustomer(engine, id, { paymentMethod: str(body['payment_method']), authentication: authenticationOutcome(str(body['authentication'])) });
        dirty = true;
        if (fromBrowser) {
          const session = engine.data.checkoutSessions[id];
          res.setHeader('Location', session?.success_url ?? `/_standin/hosted/${id.startsWith('in_') ? 'invoices' : 'checkout'}/${id}`);
          return { status: 303, body: '', headers: {} };
        }
        return ok(result);
      } catch (err) {
        if (err instanceof StandinError) return errorReply(err, 'req_standin_control');
        throw err;
      }
    }
    // Stripe's Dashboard: a refund made by a person at Stripe, without Bursar (no metadata, no key of Bursar's).
    if (method === 'POST' && path === '/_standin/dashboard/refunds') {
      const body = await readControlBody(req);
      try {
        const refund = createRefund(engine, { charge: str(body['charge']), paymentIntent: str(body['payment_intent']), amount: num(body['amount']), reason: 'requested_by_customer', metadata: {} });
        dirty = true;
        return ok(refund);
      } catch (err) {
        if (err instanceof StandinError) return errorReply(err, 'req_standin_control');
        throw err;
      }
    }
    const failing = /^\/_standin\/refunds\/([^/]+)\/fail$/.exec(path);
    if (method === 'POST' && failing) {
      const body = await readControlBody(req);
      try {
        const reason = str(body['failure_reason']);
        const refund = failRefund(engine, failing[1] ?? '', reason);
        dirty = true;
        return ok(refund);
      } catch (err) {
        if (err instanceof StandinError) return errorReply(err, 'req_standin_control');
        throw err;
      }
    }
    if (method === 'POST' && path === '/_standin/webhooks') {
      const body = await readControlBody(req);
      if ('url' in body) deliverer.url = str(body['url']) ?? null;
      const { url: _url, ...switches } = body;
      deliverer.configure(switches as Partial<WebhookSwitches>);
      return ok({ url: deliverer.url, switches: deliverer.switches });
    }
    if (method === 'POST' && path === '/_standin/webhooks/flush') {
      await deliverer.flush();
      return ok(deliverer.stats);
    }
    if (method === 'GET' && path === '/_standin/webhooks') return ok({ url: deliverer.url, secret: webhookSecret, switches: deliverer.switches, stats: deliverer.stats, pending: deliverer.pendingCount(), deliveries: deliverer.log.slice(-200) });
    if (method === 'POST' && path === '/_standin/faults') {
      const body = await readControlBody(req);
      const kind = str(body['kind']);
      if (kind !== 'error' && kind !== 'hang' && kind !== 'drop_before' && kind !== 'drop_after' && kind !== 'hang_after') return ok({ error: 'kind must be error, hang, drop_before, drop_after or hang_after' }, 400);
      faults.add({ kind, count: num(body['count']), path: str(body['path']), method: str(body['method']), status: num(body['status']) });
      return ok(faults.list());
    }
    if (method === 'DELETE' && path === '/_standin/faults') {
      faults.clear();
      return ok([]);
    }
    if (method === 'POST' && path === '/_standin/reset') {
      reset();
      return ok({ ok: true });
    }
    return null;
  }

  const sockets = new Set<Socket>();

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', baseUrl());
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const requestId = newId('req', 14);
    const send = (reply: Reply) => {
      if (res.destroyed) return;
      res.writeHead(reply.status, {
        'Content-Type': 'application/json',
        'Request-Id': requestId,
        'Stripe-Version': typeof req.headers['stripe-version'] === 'string' ? req.headers['stripe-version'] : apiVersion,
        ...reply.headers,
      });
      res.end(reply.body);
    };
    try {
      if (path.startsWith('/_standin/')) {
        const reply = await handleControl(req, res, method, path);
        send(reply ?? { status: 404, body: json({ error: `unknown control ${method} ${path}` }), headers: {} });
        save();
        return;
      }
      count(`${method} ${normalisePath(path)}`);
      dirty = true;
      const fault = path.startsWith('/v1/') ? faults.take(method, path) : null;
      if (fault?.kind === 'hang') return; // the socket stays open until the client gives up or stop() cuts it
      if (fault?.kind === 'drop_before') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'error') {
        send(errorReply(new StandinError(fault.status ?? 500, { type: 'api_error', message: 'An unknown error occurred' }), requestId));
        return;
      }
      const rawBody = await readBody(req);
      const reply = await handleApi(req, method, path, url.search, requestId, rawBody);
      save();
      if (fault?.kind === 'drop_after') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'hang_after') return; // acted on; the answer never comes
      send(reply);
    } catch (err) {
      if (err instanceof StandinError) send(errorReply(err, requestId));
      else {
        console.error('[stripe stand-in] request failed', err);
        send(errorReply(apiError(), requestId));
      }
    }
  };

  let server: Server | null = null;

  async function start(): Promise<void> {
    if (server) return;
    const s = createServer((req, res) => void onRequest(req, res));
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => {
        s.off('error', reject);
        resolve();
      });
    });
    const address = s.address();
    if (address && typeof address === 'object') port = address.port;
    server = s;
    deliverer.resume();
  }

  async function stop(): Promise<void> {
    const s = server;
    if (!s) return;
    server = null;
    await deliverer.stop();
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
    dirty = true;
    save();
  }

  function reset(): void {
    data = emptyData();
    engine = makeEngine();
    dirty = true;
    save();
  }

  await start();

  const standin: StripeStandin = {
    get url() {
      return baseUrl();
    },
    host,
    get port() {
      return port;
    },
    secretKey,
    webhookSecret,
    apiVersion,
    counters: () => snapshot(data.counters),
    events: () => snapshot(data.events),
    data: () => data,
    webhooks: {
      url: () => deliverer.url,
      setUrl: (url) => {
        deliverer.url = url;
      },
      configure: (switches) => deliverer.configure(switches),
      flush: () => deliverer.flush(),
      idle: () => deliverer.idle(),
      deliveries: () => deliverer.log,
      stats: () => ({ ...deliverer.stats }),
      pending: () => deliverer.pendingCount(),
    },
    faults: {
      failNext: (n = 1, o = {}) => faults.add({ kind: 'error', count: n, ...o }),
      hangNext: (n = 1, o = {}) => faults.add({ kind: o.after ? 'hang_after' : 'hang', count: n, path: o.path, method: o.method }),
      dropNext: (n = 1, o = {}) => faults.add({ kind: o.when === 'after' ? 'drop_after' : 'drop_before', count: n, path: o.path, method: o.method }),
      clear: () => faults.clear(),
      list: () => faults.list(),
    },
    pay: (id, o = {}) => {
      const result = payAsCustomer(engine, id, o);
      dirty = true;
      save();
      return snapshot(result);
    },
    dashboardRefund: (id, amount) => {
      const refund = createRefund(engine, { ...(id.startsWith('pi_') ? { paymentIntent: id } : { charge: id }), amount, reason: 'requested_by_customer', metadata: {} });
      dirty = true;
      save();
      return snapshot(refund);
    },
    failRefund: (id) => {
      const refund = failRefund(engine, id, undefined);
      dirty = true;
      save();
      return snapshot(refund);
    },
    stop,
    start,
    reset,
    running: () => server !== null,
  };
  return standin;
}
