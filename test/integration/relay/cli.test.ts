import { afterEach, expect, it } from 'vitest';
import { runCli } from '../../../relay/cliCommands';
import { createRelayServer } from '../../../relay/server';
import type { RelayServer } from '../../../relay/server';
import type { TestPostgres } from '../../support/postgres';
import { eventBody, sign, storeLocation } from '../../support/relay';
import { runRelayCli } from '../../support/relayProcess';
import { relaySuites } from '../../support/relaySuites';

const live: RelayServer[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((r) => r.close()));
  for (const c of cleanups.splice(0)) c();
});

/** A fresh relay store of `kind` and the CLI run in-process against it, capturing its output. */
async function cliOn(kind: 'sqlite' | 'postgres', pg: () => TestPostgres) {
  const location = await storeLocation(kind, kind === 'postgres' ? pg() : null);
  cleanups.push(location.cleanup);
  const env: Record<string, string> = location.databaseUrl ? { RELAY_DATABASE_URL: location.databaseUrl } : { RELAY_DATA_DIR: location.dataDir ?? '' };
  const cli = async (...args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(args, { env: { ...process.env, ...env }, io: { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`) } });
    return { code, stdout, stderr };
  };
  return { location, env, cli };
}

relaySuites('relay CLI', ({ kind, pg }) => {
  it('creates orgs and device tokens, rotates secrets, revokes at once and prunes, against a running relay', { timeout: 60_000 }, async () => {
    // In-process for speed; the token that the desk gets is made by the real entry point below.
    const { location, env, cli } = await cliOn(kind, pg);

    expect((await cli('org', 'create', '--org', 'acme', '--secret', 'whsec_first')).code).toBe(0);
    const created = await runRelayCli(['token', 'create', '--org', 'acme', '--device', 'front'], env);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1) ?? '';
    expect(token).toMatch(/^brly_[A-Za-z0-9_-]{43}$/);
    const refused = await cli('token', 'create', '--org', 'nope', '--device', 'x');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no org nope');

    const relay = await createRelayServer({ ...location, logLevel: 'silent', pruneIntervalMs: 0 });
    live.push(relay);
    const { url } = await relay.listen();
    const deliver = (body: string, secret: string) =>
      fetch(`${url}/stripe/webhook/acme`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, secret) }, body });
    const poll = (t: string, after = 0) => fetch(`${url}/v1/events?after=${after}`, { headers: { authorization: `Bearer ${t}` } });

    expect((await deliver(eventBody(), 'whsec_first')).status).toBe(200);
    expect((await poll(token)).status).toBe(200);

    const listed = await cli('token', 'list', '--org', 'acme');
    expect(listed.stdout).toMatch(/tok_[0-9a-f]+\tacme\tfront\tactive\tlast poll .* at cursor 0/);
    expect(listed.stdout).not.toContain(token);

    // Rotation: add the new secret, then retire the old one; the running relay follows at once.
    expect((await cli('org', 'secrets', '--org', 'acme', '--add', 'whsec_second_0123456789abcdefWXYZ')).code).toBe(0);
    // Only the last four characters of a secret are ever printed.
    const listedOrgs = await cli('org', 'list');
    expect(listedOrgs.stdout).toContain('secrets: …irst, …WXYZ');
    expect(listedOrgs.stdout).not.toMatch(/whsec_/);
    expect((await cli('org', 'secrets', '--org', 'acme', '--remove', 'whsec_second_0123456789abcdefWXYZ')).code).toBe(0);
    expect((await cli('org', 'secrets', '--org', 'acme', '--add', 'whsec_second')).code).toBe(0);
    expect((await deliver(eventBody(), 'whsec_second')).status).toBe(200);
    expect((await cli('org', 'secrets', '--org', 'acme', '--remove', 'whsec_first')).code).toBe(0);
    expect((await deliver(eventBody(), 'whsec_first')).status).toBe(400);
    const orgs = await cli('org', 'list');
    expect(orgs.stdout).not.toContain('whsec_second');

    expect((await cli('token', 'revoke', 'front', '--org', 'acme')).code).toBe(0);
    expect((await poll(token)).status).toBe(401);
    expect((await cli('token', 'revoke', 'front')).code).toBe(1);

    const second = (await cli('token', 'create', '--org', 'acme', '--device', 'front')).stdout.trim().split('\n').at(-1) ?? '';
    const pruned = await cli('prune', '--retention-days', '0');
    expect(pruned.stdout).toContain('removed 2 event(s)');
    expect((await poll(second, 0)).status).toBe(410);
    expect((await poll(second, 2)).status).toBe(200);
  });

  it('secret changes made at the same moment all land (one read-modify-write under the org lock), and none can leave an org without a secret', { timeout: 60_000 }, async () => {
    const { location, cli } = await cliOn(kind, pg);
    expect((await cli('org', 'create', '--org', 'acme', '--secret', 'whsec_first')).code).toBe(0);
    // Two admins (two CLI runs, two store connections) rotate at once: each adds its own secret.
    const added = ['whsec_a', 'whsec_b', 'whsec_c', 'whsec_d'];
    const runs = await Promise.all(added.map((secret) => cli('org', 'secrets', '--org', 'acme', '--add', secret)));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    const relay = await createRelayServer({ ...location, logLevel: 'silent', pruneIntervalMs: 0 });
    live.push(relay);
    const org = await relay.store.getOrg('acme');
    expect(new Set(org?.secrets)).toEqual(new Set(['whsec_first', ...added]));

    // Removing everything at once: the last removal is refused, one secret stays.
    const all = ['whsec_first', ...added];
    const removals = await Promise.all(all.map((secret) => cli('org', 'secrets', '--org', 'acme', '--remove', secret)));
    expect(removals.filter((r) => r.code === 0)).toHaveLength(all.length - 1);
    expect(removals.filter((r) => r.code !== 0).map((r) => r.stderr.trim())).toEqual([expect.stringContaining('an org must keep at least one secret')]);
    expect((await relay.store.getOrg('acme'))?.secrets).toHaveLength(1);
    expect((await cli('org', 'secrets', '--org', 'nope', '--add', 'whsec_x')).stderr).toContain('no org nope');
  });
});
