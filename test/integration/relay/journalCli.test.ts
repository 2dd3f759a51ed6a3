import { afterEach, expect, it } from 'vitest';
import { runCli } from '../../../relay/cliCommands';
import { createRelayServer } from '../../../relay/server';
import type { RelayServer } from '../../../relay/server';
import { JournalError, OfficeJoinResult } from '../../../shared/relay/journalWire';
import { joinRequest, push } from '../../support/relayOffice';
import { eventBody, sign, storeLocation } from '../../support/relay';
import { relaySuites } from '../../support/relaySuites';

const live: RelayServer[] = [];
const cleanups: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(live.splice(0).map((r) => r.close()));
  for (const c of cleanups.splice(0)) c();
});

relaySuites('relay CLI for offices and desks', ({ kind, pg }) => {
  it('creates an office, prints a one-time join code, lists and revokes desks', { timeout: 30_000 }, async () => {
    const location = await storeLocation(kind, kind === 'postgres' ? pg() : null);
    cleanups.push(location.cleanup);
    const env: Record<string, string> = location.databaseUrl ? { RELAY_DATABASE_URL: location.databaseUrl } : { RELAY_DATA_DIR: location.dataDir ?? '' };
    const cli = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, { env: { ...process.env, ...env }, io: { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`) } });
      return { code, stdout, stderr };
    };

    // A new org as an office has no webhook secret; an org that takes webhooks becomes an office too.
    const created = await cli('office', 'create', '--org', 'north', '--name', 'North Campus');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('no Stripe webhook secret yet');
    expect((await cli('office', 'create', '--org', 'north')).stderr).toContain('already an office');
    expect((await cli('org', 'create', '--org', 'acme', '--secret', 'whsec_acme')).code).toBe(0);
    const converted = await cli('office', 'create', '--org', 'acme');
    expect(converted.stdout).toContain('now also an office');
    expect((await cli('desk', 'code', '--org', 'nowhere')).stderr).toContain('not an office');
    expect((await cli('desk', 'code', '--org', 'acme', '--ttl-minutes', '0')).code).toBe(1);

    const coded = await cli('desk', 'code', '--org', 'acme', '--ttl-minutes', '10');
    expect(coded.code).toBe(0);
    const code = coded.stdout.trim().split('\n').at(-1) ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const relay = await createRelayServer({ ...location, logLevel: 'silent', pruneIntervalMs: 0 });
    live.push(relay);
    const { url } = await relay.listen();
    const joined = OfficeJoinResult.parse(await (await joinRequest(url, code, 'Window 1')).json());
    expect(joined).toMatchObject({ office: 'acme', office_name: 'acme' });
    const entries = [{ id: 'je_cli_1', desk: joined.desk, desk_seq: 1, ct: 'abc' }];
    expect((await push(url, joined.token, entries)).status).toBe(200);
    // The same token still pulls the org's Stripe events: one org, one set of desks.
    const body = eventBody();
    expect((await fetch(`${url}/stripe/webhook/acme`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': sign(body, 'whsec_acme') }, body })).status).toBe(200);
    expect((await fetch(`${url}/v1/events?after=0`, { headers: { authorization: `Bearer ${joined.token}` } })).status).toBe(200);

    const listed = await cli('desk', 'list', '--org', 'acme');
    expect(listed.stdout).toContain('journal head 1');
    expect(listed.stdout).toMatch(new RegExp(`${joined.desk}\\tWindow 1\\tactive\\tlast seen \\d{4}-.*\\tpushed 1\\tpending 0`));

    const revoked = await cli('desk', 'revoke', '--org', 'acme', joined.desk);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('its 1 entries stay');
    expect((await cli('desk', 'revoke', '--org', 'acme', joined.desk)).code).toBe(1);
    const after = await push(url, joined.token, [{ ...entries[0], id: 'je_cli_2', desk_seq: 2 }]);
    expect(after.status).toBe(403);
    expect(JournalError.parse(await after.json()).error).toBe('revoked');
    expect((await cli('desk', 'list', '--org', 'acme')).stdout).toMatch(/\trevoked \d{4}-/);
    // The code was spent.
    expect((await joinRequest(url, code)).status).toBe(403);
  });
});
