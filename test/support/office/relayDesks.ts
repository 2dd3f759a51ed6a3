import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createRelayServer } from '../../../relay/server';
import { openStore } from '../../../relay/storage/openStore';
import type { RelayStore } from '../../../relay/storage/types';
import { createCore } from '../../../electron/core';
import type { Core, CoreOptions, Session } from '../../../electron/core';
import type { Channel, InputOf, OutputOf } from '../../../shared/contract';
import { tempDir, rid } from '../core';
import { officeWithCode } from '../relayOffice';

export const OFFICE_PASSPHRASE = 'the office passphrase 2026';

/** A real relay (SQLite, its own folder) holding one office, handing out join codes the way the CLI does. */
export type RelayOffice = { store: RelayStore; org: string; url: string; dataDir: string; code(): Promise<string>; dispose(): Promise<void> };

/** `beforeListen` adds to the relay's server before it starts (a test's hook that holds some requests, say). */
export async function startRelayOffice(org = 'office-1', options: { beforeListen?: (app: FastifyInstance) => void } = {}): Promise<RelayOffice> {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-office-'));
  const store = await openStore({ dataDir });
  const relay = await createRelayServer({ store, logLevel: 'silent', pruneIntervalMs: 0 });
  options.beforeListen?.(relay.app);
  const { url } = await relay.listen();
  const dispose = async () => {
    const closing = relay.close();
    // A desk's request still open after its core closed (a poll the relay parked) must not hold
    // the test's end: once the relay has stopped taking requests, what is left is cut.
    const cut = setTimeout(() => relay.app.server.closeAllConnections(), 2000);
    await closing;
    clearTimeout(cut);
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { store, org, url, dataDir, code: () => officeWithCode(store, org), dispose };
}

export async function must<C extends Channel>(core: Core, channel: C, input: InputOf<C>, session: Session | null): Promise<OutputOf<C>> {
  const r = await core.invoke(channel, input, session);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message} ${JSON.stringify(r.error.fields ?? {})}`);
  return r.value;
}

/** A desk at its first start: a real core over a fresh folder, no user yet. */
export function freshDesk(options: Partial<CoreOptions> = {}): { core: Core; dataDir: string; dispose(): void } {
  const dataDir = tempDir('bursar-desk-');
  const core = createCore({ checkOutput: true, officeWaitSeconds: 1, logError: () => {}, ...options, dataDir });
  // Tests run without the background jobs; the office link is the one this desk needs.
  core.services.officeLink.start();
  return {
    core,
    dataDir,
    dispose: () => {
      core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Joins from the first-run screen's path: no session, the office's join code and passphrase. */
export async function joinFromFirstRun(core: Core, office: RelayOffice, deskName: string) {
  return must(core, 'office:join', { requestId: rid('join'), relayUrl: office.url, joinCode: await office.code(), passphrase: OFFICE_PASSPHRASE, deskName }, null);
}

/** Signs in on a desk (the office's users arrive from the journal) and returns the session. */
export async function signIn(core: Core, username: string, password: string): Promise<Session> {
  const conn = core.connect();
  const r = await conn.invoke('auth:login', { username, password });
  if (!r.ok) throw new Error(`sign-in as ${username} failed: ${r.error.message}`);
  const session = conn.session();
  if (!session) throw new Error('sign-in gave no session');
  return session;
}

/** Polls `check` until it holds (no fixed sleeps). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
