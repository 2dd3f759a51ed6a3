import { createKvJournal } from './kvJournal';
import type { KvJournal } from './kvJournal';
import { startTestHub } from './testHub';
import type { TestHub } from './testHub';
import { makeCore, rid } from '../core';
import type { TestCore } from '../core';
import type { CoreOptions } from '../../../electron/core';

export const PASSPHRASE = 'the office passphrase 2026';

export type Desk = { core: TestCore; kv: KvJournal; name: string };

/** A desk with the key/value test journal, not yet joined. */
export async function makeDesk(name: string, options: Partial<CoreOptions> & { spinMsPerEntry?: number } = {}): Promise<Desk> {
  let kv: KvJournal | null = null;
  const { spinMsPerEntry, ...core } = options;
  const made = await makeCore({
    officeWaitSeconds: 1,
    ...core,
    officeJournal: (store) => (kv = createKvJournal(store, spinMsPerEntry ? { spinMsPerEntry } : {})),
  });
  if (!kv) throw new Error('the core did not build its office journal');
  return { core: made, kv, name };
}

export async function joinDesk(desk: Desk, hub: TestHub, passphrase = PASSPHRASE) {
  return desk.core.ok('office:join', { requestId: rid('join'), relayUrl: hub.url, joinCode: hub.code(), passphrase, deskName: desk.name });
}

/** Polls `check` until it is true (no fixed sleeps), failing after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export { startTestHub };
