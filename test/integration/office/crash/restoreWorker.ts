/**
 * The new desk's child for the kill -9 restore test: opens the desk's core (joined already, no
 * books yet) and runs the office link until it has started from the office's snapshot and
 * holds the hub's head. `kill: 'download'` SIGKILLs itself once a chunk of the snapshot is
 * fetched; `kill: 'apply'` SIGKILLs itself inside the transaction that applies it (a TEMP
 * trigger on the first payment row); `none` exits 0 when the desk has the office.
 */
import { createCore } from '../../../../electron/core';
import { readMembership } from '../../../../electron/office/transport/membership';

export type RestoreWorkerArgs = { dataDir: string; kill: 'download' | 'apply' | 'none'; head: number };

const args = JSON.parse(process.argv[2] ?? '{}') as RestoreWorkerArgs;
const core = createCore({ dataDir: args.dataDir, checkOutput: false, logError: () => {}, officeWaitSeconds: 1 });
const die = () => process.kill(process.pid, 'SIGKILL');
if (args.kill === 'download') {
  core.subscribe(() => {
    const p = core.services.officeLink.status().snapshot;
    if (p?.phase === 'downloading' && p.done >= 2) die();
  });
}
if (args.kill === 'apply') {
  core.store.raw.function('die_now', () => {
    die();
    return 0;
  });
  core.store.raw.exec('CREATE TEMP TRIGGER die_in_restore AFTER INSERT ON main.payments BEGIN SELECT die_now(); END');
}
for (;;) {
  try {
    await core.services.officeLink.syncNow();
  } catch {
    // The hub is there; a refusal would show on Status. Try again, as the link's loop would.
  }
  const m = readMembership(core.store);
  if (m?.restored && m.cursor >= args.head) {
    core.close();
    process.exit(0);
  }
}
