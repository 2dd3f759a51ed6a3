import type { Err } from '../../shared/result';
import type { MigrationStep } from '../store/migrate';
import type { Core } from '.';

/**
 * Where a starting core is, and the answer a shell gives meanwhile. Kept apart from
 * startCore.ts so a shell whose core runs in another process (electron/corehost) does not
 * load the core to tell its state.
 */
export type StartState =
  | { state: 'upgrading'; step: MigrationStep | null }
  | { state: 'ready' }
  | { state: 'failed'; message: string };

/** The in-process shape of a core on its way up (startCore.ts). */
type StartingShape = { readonly ready: Promise<Core>; current(): Core | null; state(): StartState };

/** A core already open, in the shape the shells take (tests and tools hand the browser host one). */
export const openedCore = (core: Core): StartingShape => ({ ready: Promise.resolve(core), current: () => core, state: () => ({ state: 'ready' }) });

/** The answer to a call made before the core is open: what is happening, for the window to show. */
export function notReadyReply(state: StartState): Err {
  if (state.state === 'failed') {
    return { ok: false, error: { code: 'UNAVAILABLE', message: `Bursar could not open its data: ${state.message}`, details: { startFailed: true } } };
  }
  const step = state.state === 'upgrading' ? state.step : null;
  return {
    ok: false,
    error: {
      code: 'UNAVAILABLE',
      message: step ? `Bursar is updating its data (step ${step.step} of ${step.of}: ${step.name}).` : 'Bursar is starting.',
      details: { starting: true, step: step?.step ?? null, of: step?.of ?? null, stepName: step?.name ?? null },
    },
  };
}
