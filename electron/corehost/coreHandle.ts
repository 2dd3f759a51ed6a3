import type { ChangeNotice } from '../../shared/api';
import type { Result } from '../../shared/result';
import type { Core } from '../core';
import type { StartingCore } from '../core/startCore';
import { notReadyReply, openedCore } from '../core/startState';
import type { StartState } from '../core/startState';

/** One caller (a window, the browser host's client); its signed-in session stays in the core. */
export type HostConnection = {
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  /** The caller is gone (its window closed): the core forgets the connection and its session. */
  close(): void;
};

/**
 * What a shell (the browser host, Electron's main process) holds of the desk's core, wherever
 * it runs: in this process (`inProcessCore`, for tests and tools that already hold a core) or
 * in its own process (`electron/corehost/client.ts`). Calls made while the core is opening or
 * restarting are answered with its progress (`notReadyReply`), never left waiting.
 */
export type CoreHandle = {
  /** Settles when the core first opens (rejects when it cannot). */
  readonly ready: Promise<void>;
  state(): StartState;
  connect(): HostConnection;
  /** A stateless call with no session: public channels only. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (notice: ChangeNotice) => void): () => void;
  /** Closes the store cleanly (and ends the core's process, when it has one). */
  close(): Promise<void>;
};

const isStarting = (core: Core | StartingCore): core is StartingCore => 'ready' in core;
export const isCoreHandle = (core: Core | StartingCore | CoreHandle): core is CoreHandle => 'state' in core && 'connect' in core;

/** A core in this process, in the shape the shells take. */
export function inProcessCore(core: Core | StartingCore): CoreHandle {
  const starting = isStarting(core) ? core : openedCore(core);
  const listeners = new Set<(notice: ChangeNotice) => void>();
  void starting.ready.then((c) => c.subscribe((notice) => {
    for (const listener of listeners) listener(notice);
  }), () => undefined);
  const ready = starting.ready.then(() => undefined);
  // Like the process client: a failed start is told by `state()`, never an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready,
    state: () => starting.state(),
    connect() {
      let conn: ReturnType<Core['connect']> | null = null;
      return {
        invoke(channel, input) {
          const c = starting.current();
          if (!c) return Promise.resolve(notReadyReply(starting.state()));
          conn ??= c.connect();
          return conn.invoke(channel, input);
        },
        close: () => undefined,
      };
    },
    invoke(channel, input) {
      const c = starting.current();
      return c ? c.invoke(channel, input) : Promise.resolve(notReadyReply(starting.state()));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      starting.current()?.close();
    },
  };
}
