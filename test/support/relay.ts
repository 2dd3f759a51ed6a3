import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { createRelayServer } from '../../relay/server';
import type { RelayServer, RelayServerOptions } from '../../relay/server';
import { openStore } from '../../relay/storage/openStore';
import type { RelayStore } from '../../relay/storage/types';
import { newToken } from '../../relay/tokens';
import type { TestPostgres } from './postgres';

export const ADAPTERS = ['sqlite', 'postgres'] as const;
export type AdapterKind = (typeof ADAPTERS)[number];

/** Where a relay under test keeps its data: a fresh SQLite folder, or a fresh PostgreSQL schema. */
export async function storeLocation(kind: AdapterKind, pg: TestPostgres | null): Promise<{ dataDir?: string; databaseUrl?: string; cleanup(): void }> {
  if (kind === 'postgres') {
    if (!pg) throw new Error('PostgreSQL is not running');
    return { databaseUrl: await pg.freshSchemaUrl(), cleanup: () => undefined };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-test-'));
  return { dataDir, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

let eventCounter = 0;
/** A unique Stripe event id for this test run. */
export const evtId = (label = 'e'): string => `evt_${label}_${process.pid}_${Date.now().toString(36)}_${++eventCounter}`;

/** A Stripe-shaped event body, serialised once: these exact bytes are what gets signed and sent. */
export function eventBody(id = evtId(), type = 'payment_intent.succeeded', created = 1_700_000_000): string {
  return JSON.stringify({ id, object: 'event', api_version: '2025-01-27.acacia', created, type, livemode: false, pending_webhooks: 1, data: { object: { id: `pi_${id.slice(4)}`, object: 'payment_intent', amount: 4200, currency: 'usd' } } });
}

export const sign = (payload: string, secret: string, timestamp?: number): string =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp === undefined ? {} : { timestamp }) });

export type TestRelay = {
  relay: RelayServer;
  store: RelayStore;
  url: string;
  kind: AdapterKind;
  createOrg(id: string, secrets: string[]): Promise<void>;
  /** Creates a device token the way the CLI does and returns the plain token. */
  token(orgId: string, device: string): Promise<{ id: string; token: string }>;
  /** POSTs a body to the org's webhook path (or the bare path when org is null). */
  post(org: string | null, body: string | Buffer, headers?: Record<string, string>): Promise<Response>;
  postSigned(org: string | null, body: string, secret: string, timestamp?: number): Promise<Response>;
  events(token: string | null, query?: Record<string, string | number>): Promise<Response>;
  dispose(): Promise<void>;
};

/** `wrapStore` lets a test put a seam between the server and the real store (fault injection). */
export async function makeTestRelay(
  kind: AdapterKind,
  pg: TestPostgres | null,
  options: Partial<RelayServerOptions> = {},
  wrapStore: (store: RelayStore) => RelayStore = (s) => s,
): Promise<TestRelay> {
  const location = await storeLocation(kind, pg);
  let store: RelayStore | null = null;
  let relay: RelayServer;
  let url: string;
  try {
    store = await openStore(location);
    relay = await createRelayServer({ store: wrapStore(store), logLevel: 'silent', pruneIntervalMs: 0, longPollRecheckMs: 60_000, ...options });
    ({ url } = await relay.listen());
  } catch (error) {
    // A relay that cannot start must not leave its folder behind.
    await store?.close();
    location.cleanup();
    throw error;
  }
  const opened: RelayStore = store;
  const post = (org: string | null, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${url}/stripe/webhook${org === null ? '' : `/${org}`}`, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body });
  return {
    relay,
    store: opened,
    url,
    kind,
    createOrg: (id, secrets) => opened.createOrg({ id, name: id, secrets, createdAt: Date.now() }),
    async token(orgId, device) {
      const t = newToken();
      await opened.createToken({ id: t.id, orgId, device, hash: t.hash, createdAt: Date.now() });
      return { id: t.id, token: t.token };
    },
    post,
    postSigned: (org, body, secret, timestamp) => post(org, body, { 'stripe-signature': sign(body, secret, timestamp) }),
    events(token, query = {}) {
      const qs = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
      return fetch(`${url}/v1/events?${qs}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    },
    async dispose() {
      await relay.close();
      await opened.close();
      location.cleanup();
    },
  };
}

export type SuiteContext = {
  kind: AdapterKind;
  /** A fresh relay (own SQLite folder or own PG schema), disposed after the test. */
  make(options?: Partial<RelayServerOptions>, wrapStore?: (store: RelayStore) => RelayStore): Promise<TestRelay>;
  /** The running test PostgreSQL (postgres suites only). */
  pg(): TestPostgres;
};
