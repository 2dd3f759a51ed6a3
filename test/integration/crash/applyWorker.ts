/**
 * The desk-killed-mid-apply child: opens the core and applies the generated Stripe event
 * stream as the sync worker would take it from the relay — `applyEvent` with source 'relay'
 * and cursor i for event i — from a little before the stored cursor (the relay re-delivers
 * what the desk may not have committed), sometimes one event per transaction, sometimes a
 * page of them in one. It tells the parent each cursor whose transaction committed, and
 * never stops by itself: the parent SIGKILLs it.
 */
import { createCore } from '../../../electron/core';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { readCursor } from '../../../electron/sync/syncState';
import { stripeEventPayload } from '../../../scripts/lib/stripeEvents';

export type ApplyWorkerArgs = { dataDir: string; label: string; redeliver: number; pageSizes: number[] };
export type ApplyWorkerMessage = { type: 'ready'; from: number } | { type: 'committed'; cursor: number };

const args = JSON.parse(process.argv[2] ?? '{}') as ApplyWorkerArgs;
const send = (m: ApplyWorkerMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) throw new Error('the apply worker must be started with an IPC channel');
    process.send(m, () => resolve());
  });

const core = createCore({ dataDir: args.dataDir, checkOutput: false, logError: () => {} });
const { store, services } = core;
const now = () => new Date();
let cursor = Math.max(1, readCursor(store) + 1 - args.redeliver);
await send({ type: 'ready', from: cursor });
for (let round = 0; ; round++) {
  const size = args.pageSizes[round % args.pageSizes.length] ?? 1;
  const first = cursor;
  if (size === 1) applyEvent(store, services.eventHandlers, now, stripeEventPayload(args.label, cursor), 'relay', cursor);
  else store.transaction(() => {
    for (let c = first; c < first + size; c++) applyEvent(store, services.eventHandlers, now, stripeEventPayload(args.label, c), 'relay', c);
  });
  cursor = first + size;
  // COMMIT returned at synchronous=FULL: from here the parent may count these as applied.
  await send({ type: 'committed', cursor: cursor - 1 });
}
