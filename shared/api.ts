import type { Channel, InputOf, OutputOf } from './contract';
import type { Result } from './result';

/** What change a mutation made, pushed from the main process so screens can refresh. */
export type ChangeNotice = { channel: Channel; at: string };

/** The one object the preload puts on `window.bursar` (and the browser host emulates). */
export type BursarApi = {
  invoke<C extends Channel>(channel: C, input: InputOf<C>): Promise<Result<OutputOf<C>>>;
  onChange(listener: (notice: ChangeNotice) => void): () => void;
};

/** Main → renderer push channel for change notices (not a request channel of the contract). */
export const CHANGE_EVENT = 'bursar:changed';
