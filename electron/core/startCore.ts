import { join } from 'node:path';
import type { MigrationStep } from '../store/migrate';
import { pendingMigrations } from '../store/pendingMigrations';
import { createStoreWorker } from '../store/worker/storeWorkerClient';
import { DATABASE_FILE, createCore } from '.';
import type { Core, CoreOptions } from '.';
import type { StartState } from './startState';

/** A core on its way up: the shell answers calls with `notReadyReply` until `ready` settles. */
export type StartingCore = {
  readonly ready: Promise<Core>;
  /** The core once it is open, else null. */
  current(): Core | null;
  state(): StartState;
};

/**
 * Opens the desk's core without holding the shell's thread through a long upgrade: the
 * schema steps a store still needs (a minute for some steps on a large store) run in the
 * store worker first, each step told as it starts, then the core opens on the upgraded
 * file. The desktop shell and the browser host start this way, so the window can say what
 * is happening instead of staying blank.
 */
export function startCore(options: CoreOptions, hooks: { onStep?: (step: MigrationStep) => void } = {}): StartingCore {
  let core: Core | null = null;
  let state: StartState = { state: 'upgrading', step: null };
  const ready = (async () => {
    const file = join(options.dataDir, DATABASE_FILE);
    if (pendingMigrations(file, { nativeBinding: options.nativeBinding }).length > 0) {
      const worker = createStoreWorker({ nativeBinding: options.nativeBinding });
      try {
        await worker.upgrade(file, (step) => {
          state = { state: 'upgrading', step };
          hooks.onStep?.(step);
        });
      } finally {
        await worker.close();
      }
    }
    core = createCore(options);
    state = { state: 'ready' };
    return core;
  })();
  ready.catch((e: unknown) => {
    state = { state: 'failed', message: (e as Error).message };
  });
  return { ready, current: () => core, state: () => state };
}

export { notReadyReply, openedCore } from './startState';
export type { StartState } from './startState';
