import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createRelayServer } from '../../../relay/server';
import { newToken } from '../../../relay/tokens';
import { sampleStatement, sealedSample } from '../../support/portal';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

it('the relay database and logs hold no payer name, email, office contact or amount of a published page', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-portal-privacy-'));
  dirs.push(dataDir);
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  let sealed = '';
  const relay = await createRelayServer({ dataDir, logger: pino({ level: 'trace' }, sink), pruneIntervalMs: 0 });
  const { url } = await relay.listen();
  try {
    await relay.store.createOrg({ id: 'school', name: 'School', secrets: ['whsec_privacy'], createdAt: Date.now() });
    const t = newToken();
    await relay.store.createToken({ id: t.id, orgId: 'school', device: 'front-desk', hash: t.hash, createdAt: Date.now() });
    const statement = sampleStatement();
    const { id, ct } = await sealedSample(statement);
    sealed = ct;
    const put = await fetch(`${url}/v1/portal/pages/${id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
      body: JSON.stringify({ ct, expires_at: Date.now() + 86_400_000 }),
    });
    expect(put.status).toBe(200);
    expect((await fetch(`${url}/v1/portal/pages/${id}`)).status).toBe(200);
    // The page itself, fetched as a browser would (the key stays in the fragment, never sent).
    expect((await fetch(`${url}/p/${id}`)).status).toBe(200);
  } finally {
    await relay.close();
  }

  const stored = readdirSync(dataDir)
    .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
    .join('\n');
  const logged = lines.join('');
  // The scan does see the page: its ciphertext is there, and only that.
  expect(stored).toContain(sealed.slice(0, 64));
  expect(logged).toContain('relay listening');
  const secrets = ['Ada Okafor', 'Okafor', 'office@riverside.example', 'Riverside', 'Quay Street', '555 0100', 'Piano', 'FD-000017', '45100', '451.00', '25050', '250.50'];
  for (const needle of secrets) {
    expect(stored, `database holds "${needle}"`).not.toContain(needle);
    expect(logged, `logs hold "${needle}"`).not.toContain(needle);
  }
});
