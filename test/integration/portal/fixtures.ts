import { createServer } from 'node:net';
import { openPortalPage } from '../../../shared/portal/seal';
import { PayerStatement } from '../../../shared/portal/statement';
import { rid } from '../../support/core';
import { makeTestRelay } from '../../support/relay';
import type { TestRelay } from '../../support/relay';
import { makeCashierCore } from '../cashier/fixtures';
import type { CashierCore } from '../cashier/fixtures';

/** A port nothing listens on now (a relay can be started on it later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** The relay's clock: the desk's test clock once a desk is made for it (both ends keep one time). */
export type RelayClock = { now: () => number };

/** A real relay on SQLite with an org and a desk token. */
export async function startRelay(port?: number, clock: RelayClock = { now: () => Date.now() }): Promise<TestRelay & { token: string; clock: RelayClock }> {
  const relay = await makeTestRelay('sqlite', null, { now: () => clock.now(), ...(port === undefined ? {} : { port }) });
  await relay.createOrg('school', ['whsec_portal']);
  const { token } = await relay.token('school', 'front-desk');
  return Object.assign(relay, { token, clock });
}

/** A desk pointed at a relay (by URL and token). */
export async function deskFor(url: string, token: string, today = '2025-03-15', relayClock?: RelayClock): Promise<CashierCore> {
  const core = await makeCashierCore(today);
  if (relayClock) relayClock.now = () => core.clock.at.getTime();
  await core.ok('settings:relay', { requestId: rid('relay'), url, token });
  await core.services.sync.stop();
  return core;
}

/** What the payer's browser does with a link: fetch the ciphertext by the path, open it with the key in the fragment. */
export async function openLink(url: string): Promise<{ status: number; statement: PayerStatement | null; error?: string }> {
  const u = new URL(url);
  const id = u.pathname.split('/').pop() ?? '';
  const key = new URLSearchParams(u.hash.slice(1)).get('k') ?? '';
  const res = await fetch(new URL(`/v1/portal/pages/${id}`, u.origin));
  const body = (await res.json()) as { ct?: string; error?: string };
  if (!res.ok || !body.ct) return { status: res.status, statement: null, ...(body.error ? { error: body.error } : {}) };
  const plain = await openPortalPage(id, key, body.ct);
  return { status: res.status, statement: plain === null ? null : PayerStatement.parse(JSON.parse(plain)) };
}
