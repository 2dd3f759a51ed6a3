import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createRelayServer } from '../../../relay/server';
import { newToken } from '../../../relay/tokens';
import { rid } from '../../support/core';
import { enroll, openDrawer, payCash } from '../cashier/fixtures';
import { createPayer } from '../catalog/fixtures';
import { deskFor, openLink } from './fixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it("after a desk publishes, republishes and revokes, the relay's database files and logs hold no payer name, email or amount", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-desk-privacy-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const clock = { now: () => Date.now() };
  const relay = await createRelayServer({ dataDir, logger: pino({ level: 'trace' }, sink), pruneIntervalMs: 0, now: () => clock.now() });
  const { url } = await relay.listen();
  let relayOpen = true;
  cleanups.push(async () => {
    if (relayOpen) await relay.close();
  });
  await relay.store.createOrg({ id: 'school', name: 'School', secrets: ['whsec_privacy'], createdAt: Date.now() });
  const t = newToken();
  await relay.store.createToken({ id: t.id, orgId: 'school', device: 'front-desk', hash: t.hash, createdAt: Date.now() });

  const core = await deskFor(url, t.token, '2025-03-15', clock);
  cleanups.push(() => core.dispose());
  const payer = await createPayer(core, { name: 'Zebedee Quartermaine', email: 'zebedee.q@riverside.example', phone: '+1 555 0199' });
  const { enrollment } = await enroll(core, { payerId: payer.id, product: { name: 'Cello Masterclass', price: 987_65 } });
  await openDrawer(core);
  await payCash(core, enrollment.id, 123_45);
  const { link } = await core.ok('portal:publish', { requestId: rid('pub'), payerId: payer.id });
  expect(link.state).toBe('published');
  await payCash(core, enrollment.id, 67_89);
  expect(await core.services.portal.runOnce()).toMatchObject({ uploaded: 1 });
  // The page is there and opens with the link: the scan below is of a relay that holds it.
  const page = await openLink(link.url ?? '');
  expect(page.statement?.payer.name).toBe('Zebedee Quartermaine');
  expect(page.statement?.movements.map((m) => m.amount)).toEqual([123_45, 67_89]);
  expect((await fetch(new URL(link.url ?? '').href.split('#')[0] ?? '')).status).toBe(200);
  await core.ok('portal:revoke', { requestId: rid('rev'), scope: 'payer', payerId: payer.id });
  await core.services.portal.runOnce();
  await relay.close();
  relayOpen = false;

  const stored = readdirSync(dataDir).map((f) => readFileSync(join(dataDir, f)).toString('latin1')).join('\n');
  const logged = lines.join('');
  expect(stored).toContain(link.id);
  expect(logged).toContain('relay listening');
  const key = new URLSearchParams(new URL(link.url ?? '').hash.slice(1)).get('k') ?? '';
  const total = 987_65;
  const needles = [
    'Zebedee', 'Quartermaine', 'zebedee.q@riverside.example', 'riverside.example', '555 0199', 'Cello', key,
    ...[123_45, 67_89, total, total - 123_45, total - 123_45 - 67_89].flatMap((n) => [String(n), (n / 100).toFixed(2)]),
  ];
  for (const needle of needles) {
    expect(stored, `relay database holds "${needle}"`).not.toContain(needle);
    expect(logged, `relay logs hold "${needle}"`).not.toContain(needle);
  }
});
