import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { runCli } from '../../../relay/cliCommands';
import { createRelayServer } from '../../../relay/server';
import type { RelayServer } from '../../../relay/server';
import { openPostgresStore } from '../../../relay/storage/postgresStore';
import type { PostgresFaults } from '../../../relay/storage/postgresStore';
import type { RelayStore } from '../../../relay/storage/types';
import { eventBody, evtId, sign } from '../../support/relay';
import { postgresUnavailableReason, startTestPostgres } from '../../support/postgres';
import type { TestPostgres } from '../../support/postgres';

const reason = postgresUnavailableReason();

/**
 * The PostgreSQL store caches each org and its signing secrets (orgCache.ts). Several relay
 * instances share the database, and the secrets change under them (rotation, a removal after a
 * leak): every instance must see a change as soon as it has committed, not some time later.
 * Each test counts the org reads an instance makes (`afterOrgRead`) to show the cache is really
 * answering where it should, so a test that passes is not passing because nothing is cached.
 */
describe.skipIf(reason !== null)(`org and secret caching across relay instances on one PostgreSQL${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let server: TestPostgres;
  const relays: RelayServer[] = [];
  const stores: RelayStore[] = [];
  const releases: (() => void)[] = [];
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    for (const release of releases) release();
    await Promise.all(relays.map((r) => r.close()));
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  type Instance = { store: RelayStore; url: string; reads(): number };
  const instance = async (url: string, faults: PostgresFaults = {}): Promise<Instance> => {
    let reads = 0;
    const store = await openPostgresStore({
      url,
      faults: {
        ...faults,
        afterOrgRead: async (orgId) => {
          reads++;
          await faults.afterOrgRead?.(orgId);
        },
      },
    });
    stores.push(store);
    const relay = await createRelayServer({ store, logLevel: 'silent', pruneIntervalMs: 0 });
    relays.push(relay);
    return { store, url: (await relay.listen()).url, reads: () => reads };
  };

  /** A fresh event signed with `secret`, posted to the org's endpoint; the HTTP status. */
  const deliver = async (to: Instance, orgId: string, secret: string): Promise<number> => {
    const body = eventBody(evtId('rot'));
    const res = await fetch(`${to.url}/stripe/webhook/${orgId}`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, secret) }, body });
    await res.arrayBuffer();
    return res.status;
  };
  const orgName = (): string => `org_${Math.random().toString(36).slice(2, 10)}`;

  it('a secret rotated in on one instance (or by the CLI) is accepted by the other at once, and the removed one refused, rotation after rotation', async () => {
    const url = await server.freshSchemaUrl();
    const a = await instance(url);
    const b = await instance(url);
    const orgId = orgName();
    await a.store.createOrg({ id: orgId, name: 'Rotating', secrets: ['whsec_r0'], createdAt: Date.now() });
    const cli = async (...args: string[]): Promise<void> => {
      const errors: string[] = [];
      expect(await runCli(['org', 'secrets', '--org', orgId, ...args], { env: { RELAY_DATABASE_URL: url }, io: { out: () => undefined, err: (l) => errors.push(l) } })).toBe(0);
      expect(errors).toEqual([]);
    };

    let current = 'whsec_r0';
    for (let k = 1; k <= 6; k++) {
      // The rotating side alternates; every third rotation goes through the CLI (its own store).
      const [rotator, other] = k % 2 === 1 ? [a, b] : [b, a];
      const viaCli = k % 3 === 0;
      const next = `whsec_r${k}`;

      // The other instance has the org cached: a second delivery reads nothing.
      expect(await deliver(other, orgId, current)).toBe(200);
      const cachedReads = other.reads();
      expect(await deliver(other, orgId, current)).toBe(200);
      expect(other.reads()).toBe(cachedReads);

      if (viaCli) await cli('--add', next);
      else await rotator.store.changeOrgSecrets(orgId, { add: next });
      expect(await deliver(other, orgId, next)).toBe(200);
      expect(await deliver(other, orgId, current)).toBe(200);

      if (viaCli) await cli('--remove', current);
      else await rotator.store.changeOrgSecrets(orgId, { remove: current });
      expect(await deliver(other, orgId, current)).toBe(400);
      expect(await deliver(other, orgId, next)).toBe(200);
      // The rotating instance agrees.
      expect(await deliver(rotator, orgId, current)).toBe(400);
      expect(await deliver(rotator, orgId, next)).toBe(200);
      current = next;
    }
  });

  it('a lookup that read the old secrets before a rotation and answers after it does not leave them cached', async () => {
    const url = await server.freshSchemaUrl();
    let holdNext = false;
    let reportHeld = (): void => undefined;
    const held = new Promise<void>((r) => (reportHeld = r));
    let release = (): void => undefined;
    const gate = new Promise<void>((r) => (release = r));
    releases.push(release);
    const a = await instance(url, {
      // Holds one lookup after it has read its row, so it answers only after the rotation below.
      afterOrgRead: async () => {
        if (!holdNext) return;
        holdNext = false;
        reportHeld();
        await gate;
      },
    });
    const b = await instance(url);
    const orgId = orgName();
    await b.store.createOrg({ id: orgId, name: 'Racing', secrets: ['whsec_old'], createdAt: Date.now() });

    holdNext = true;
    const early = deliver(a, orgId, 'whsec_old');
    await held;
    await b.store.changeOrgSecrets(orgId, { add: 'whsec_new', remove: 'whsec_old' });
    // Delivered after the rotation committed, while the early lookup is still in flight.
    expect(await deliver(a, orgId, 'whsec_new')).toBe(200);
    release();
    // The early delivery raced the rotation and read before it: accepted, as without a cache.
    expect(await early).toBe(200);
    // But its late answer is not what instance A now uses.
    expect(await deliver(a, orgId, 'whsec_old')).toBe(400);
    const reads = a.reads();
    expect(await deliver(a, orgId, 'whsec_new')).toBe(200);
    expect(await deliver(a, orgId, 'whsec_old')).toBe(400);
    expect(a.reads()).toBe(reads);
  });

  it('after its listening connection is killed, an instance sees rotations made meanwhile and caches again once it listens', async () => {
    const url = await server.freshSchemaUrl();
    const pids: number[] = [];
    let listenedAgain = (): void => undefined;
    const backAgain = new Promise<void>((r) => (listenedAgain = r));
    let releaseReconnect = (): void => undefined;
    const reconnectGate = new Promise<void>((r) => (releaseReconnect = r));
    releases.push(releaseReconnect);
    let connects = 0;
    const a = await instance(url, {
      // The first connection goes through; a reconnection waits until the test lets it.
      beforeListen: async () => {
        if (connects++ > 0) await reconnectGate;
      },
      onListening: (pid) => {
        pids.push(pid);
        if (pids.length === 2) listenedAgain();
      },
    });
    const b = await instance(url);
    const orgId = orgName();
    await b.store.createOrg({ id: orgId, name: 'Cut off', secrets: ['whsec_k1'], createdAt: Date.now() });
    expect(await deliver(a, orgId, 'whsec_k1')).toBe(200);
    const warm = a.reads();
    expect(await deliver(a, orgId, 'whsec_k1')).toBe(200);
    expect(a.reads()).toBe(warm);

    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const killed = await admin.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pids[0]]);
      expect(killed.rows[0]?.ok).toBe(true);

      // Rotations while instance A hears nothing: their notifications are lost to it.
      await b.store.changeOrgSecrets(orgId, { add: 'whsec_k2' });
      expect(await deliver(a, orgId, 'whsec_k2')).toBe(200);
      await b.store.changeOrgSecrets(orgId, { remove: 'whsec_k1' });
      expect(await deliver(a, orgId, 'whsec_k1')).toBe(400);
      // Not listening, A reads the org for every delivery.
      const down = a.reads();
      expect(await deliver(a, orgId, 'whsec_k2')).toBe(200);
      expect(await deliver(a, orgId, 'whsec_k2')).toBe(200);
      expect(a.reads()).toBe(down + 2);
      await admin.query('INSERT INTO relay_org_secrets (org_id, secret, position) VALUES ($1, $2, 1)', [orgId, 'whsec_k3']);
      expect(await deliver(a, orgId, 'whsec_k3')).toBe(200);

      releaseReconnect();
      await backAgain;
      expect(pids[1]).not.toBe(pids[0]);
      // Listening again: the org is read once and cached, and changes are heard again.
      expect(await deliver(a, orgId, 'whsec_k3')).toBe(200);
      const back = a.reads();
      expect(await deliver(a, orgId, 'whsec_k2')).toBe(200);
      expect(a.reads()).toBe(back);
      // A change made with plain SQL (psql, another tool) is announced too, by the schema's triggers.
      await admin.query('DELETE FROM relay_org_secrets WHERE org_id = $1 AND secret = $2', [orgId, 'whsec_k2']);
      expect(await deliver(a, orgId, 'whsec_k2')).toBe(400);
      expect(await deliver(a, orgId, 'whsec_k3')).toBe(200);
    } finally {
      await admin.end();
    }
  });

  it('an org unknown to one instance is found there as soon as another instance creates it', async () => {
    const url = await server.freshSchemaUrl();
    const a = await instance(url);
    const b = await instance(url);
    const orgId = orgName();
    expect(await deliver(a, orgId, 'whsec_n1')).toBe(404);
    await b.store.createOrg({ id: orgId, name: 'New', secrets: ['whsec_n1'], createdAt: Date.now() });
    expect(await deliver(a, orgId, 'whsec_n1')).toBe(200);
  });
});
