/**
 * The office-desk child for the kill -9 test: opens the desk's core over its folder (joined
 * already, the office key in its secret store) with the key/value test journal, and forever
 * journals a few entries, then pushes and pulls (office:syncNow's path). It tells the parent
 * each entry it journaled (committed) and each cursor it committed. In `drain` mode it stops,
 * exit code 0, once nothing is unsent and it holds everything the hub had at the start.
 */
import { createCore } from '../../../../electron/core';
import { readMembership } from '../../../../electron/office/transport/membership';
import { createKvJournal } from '../../../support/office/kvJournal';
import type { KvJournal } from '../../../support/office/kvJournal';

export type DeskWorkerArgs = { dataDir: string; mode: 'run' | 'drain'; addPerRound: number; head: number };
export type DeskWorkerMessage = { type: 'ready' } | { type: 'added'; id: string } | { type: 'committed'; cursor: number };

const args = JSON.parse(process.argv[2] ?? '{}') as DeskWorkerArgs;
const send = (m: DeskWorkerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) throw new Error('the desk worker must be started with an IPC channel');
    process.send(m, () => resolve());
  });

let kv: KvJournal | null = null;
const core = createCore({ dataDir: args.dataDir, checkOutput: false, logError: () => {}, officeJournal: (store) => (kv = createKvJournal(store, { spinMsPerEntry: 1 })) });
const journal = kv as unknown as KvJournal;
await send({ type: 'ready' });
for (let round = 0; ; round++) {
  if (args.mode === 'run') {
    for (let i = 0; i < args.addPerRound; i++) await send({ type: 'added', id: journal.add(`desk-b-${round % 5}`, 1) });
  }
  try {
    await core.services.officeLink.syncNow();
  } catch {
    // The hub dropped the connection: try again, as the worker's loop would.
  }
  const cursor = readMembership(core.store)?.cursor ?? 0;
  await send({ type: 'committed', cursor });
  if (args.mode === 'drain' && journal.unsentCount() === 0 && cursor >= args.head) {
    core.close();
    process.exit(0);
  }
}
