import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { openStore } from '../../relay/storage/openStore';
import type { RelayStore } from '../../relay/storage/types';
import { newToken } from '../../relay/tokens';
import type { TestPostgres } from './postgres';
import type { AdapterKind } from './relay';
import { sign, storeLocation } from './relay';
import { startRelayProcess } from './relayProcess';
import type { RelayProcess } from './relayProcess';

/**
 * A real `relay serve` process on loopback for the hostile-traffic suite, configured through the
 * environment (RELAY_<LIMIT>), with a second connection to its store for setting up orgs and
 * tokens the way the CLI does.
 */
export type HostileRelay = {
  url: string;
  port: number;
  process: RelayProcess;
  admin: RelayStore;
  createOrg(id: string, secrets: string[]): Promise<void>;
  token(orgId: string, device: string): Promise<{ id: string; token: string }>;
  postSigned(path: string, body: string, secret: string, timestamp?: number, headers?: Record<string, string>): Promise<Response>;
  events(token: string | null, query?: Record<string, string | number>, headers?: Record<string, string>): Promise<Response>;
  /** A metric's value from /metrics (0 when absent). */
  metric(line: string): Promise<number>;
  stop(): Promise<void>;
};

export async function startHostileRelay(kind: AdapterKind, pg: TestPostgres | null, env: Record<string, string> = {}): Promise<HostileRelay> {
  const location = await storeLocation(kind, pg);
  const admin = await openStore({ ...location, ingest: false });
  const args = location.dataDir ? ['--data-dir', location.dataDir] : [];
  let proc: RelayProcess;
  try {
    proc = await startRelayProcess(args, { ...(location.databaseUrl ? { RELAY_DATABASE_URL: location.databaseUrl } : {}), ...env });
  } catch (error) {
    await admin.close();
    location.cleanup();
    throw error;
  }
  const url = proc.url;
  return {
    url,
    port: Number(new URL(url).port),
    process: proc,
    admin,
    createOrg: (id, secrets) => admin.createOrg({ id, name: id, secrets, createdAt: Date.now() }),
    async token(orgId, device) {
      const t = newToken();
      await admin.createToken({ id: t.id, orgId, device, hash: t.hash, createdAt: Date.now() });
      return { id: t.id, token: t.token };
    },
    postSigned: (path, body, secret, timestamp, headers = {}) =>
      fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, secret, timestamp), ...headers }, body }),
    events(token, query = {}, headers = {}) {
      const qs = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
      return fetch(`${url}/v1/events?${qs}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    },
    async metric(line) {
      const text = await (await fetch(`${url}/metrics`)).text();
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return found ? Number(found.slice(line.length + 1)) : 0;
    },
    async stop() {
      await proc.kill('SIGKILL');
      await admin.close();
      location.cleanup();
    },
  };
}

/** Polls `check` until it holds (never a fixed sleep), failing with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A raw HTTP/1.1 connection: what a hostile client writes, byte by byte, and what comes back. */
export type RawConnection = { socket: Socket; received(): string; closed: Promise<void>; isClosed(): boolean };

export function rawConnection(port: number, first: string | Buffer): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    let out = '';
    let isClosed = false;
    const socket = connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => ((isClosed = true), r())));
    socket.on('data', (d: Buffer) => (out += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      socket.write(first);
      resolve({ socket, received: () => out, closed, isClosed: () => isClosed });
    });
    socket.once('error', reject);
  });
}
