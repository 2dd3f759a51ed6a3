import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ChangeNotice } from '../../shared/api';
import type { Result } from '../../shared/result';
import { notReadyReply } from '../core/startState';
import type { StartState } from '../core/startState';
import type { SecretName } from '../secrets/secretStore';
import type { CoreHandle } from './coreHandle';
import type { CoreHostOptions, CoreProcessTransport, FromCore } from './protocol';

export type CoreClientOptions = {
  /** Each change the core makes to a secret the shell holds (`CoreHostOptions.secrets`). */
  onSecret?: (name: SecretName, value: string | null) => void;
  /** The core's process ended without being asked to; the client restarts it (up to `maxRestarts` a minute). */
  onCrash?: (info: { code: number | null; signal: string | null; restarting: boolean }) => void;
  /** Restarts allowed within a minute before the client gives up and reports the core failed (default 3). */
  maxRestarts?: number;
  /** How long a graceful close may take before the process is killed (default 15 s). */
  closeTimeoutMs?: number;
};

export type CoreProcessHandle = CoreHandle & {
  /** The running core process's id (tests kill it to see a crash handled). */
  pid(): number | undefined;
};

type Pending = { resolve(result: Result<unknown>): void };

const unavailable = (message: string): Result<unknown> => ({ ok: false, error: { code: 'UNAVAILABLE', message } });

/**
 * The shell's side of a core in its own process, over any transport (Node IPC here,
 * Electron's utilityProcess in electron/main/coreProcess.ts). Calls are numbered and answered
 * by number; a connection is a number the core maps to its own signed-in session. If the
 * process dies, every call it held is answered with a clear error (nothing hangs), new calls
 * see "starting" while it comes back, and the windows must sign in again (the sessions died
 * with it). A mutation that was running then may or may not have been saved: its request id
 * makes a retry safe.
 */
export function connectCoreProcess(
  spawn: () => CoreProcessTransport & { pid?: number | undefined },
  options: CoreHostOptions,
  more: CoreClientOptions = {},
): CoreProcessHandle {
  const maxRestarts = more.maxRestarts ?? 3;
  let state: StartState = { state: 'upgrading', step: null };
  let child: (CoreProcessTransport & { pid?: number | undefined }) | null = null;
  let closing: Promise<void> | null = null;
  let nextId = 0;
  let nextConn = 0;
  const pending = new Map<number, Pending>();
  const connections = new Set<number>();
  const listeners = new Set<(notice: ChangeNotice) => void>();
  const restarts: number[] = [];
  let markReady: () => void = () => undefined;
  let markFailed: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  // A shell that never awaits `ready` must not die of an unhandled rejection; `state()` tells the failure.
  ready.catch(() => undefined);

  const onMessage = (message: FromCore) => {
    switch (message.t) {
      case 'state':
        state = message.state;
        if (state.state === 'ready') markReady();
        if (state.state === 'failed') markFailed(new Error(state.message));
        return;
      case 'reply': {
        const p = pending.get(message.id);
        pending.delete(message.id);
        p?.resolve(message.result);
        return;
      }
      case 'notice':
        for (const listener of [...listeners]) listener(message.notice);
        return;
      case 'secret':
        more.onSecret?.(message.name, message.value);
        return;
      case 'closed':
        return;
    }
  };

  const start = () => {
    const c = spawn();
    child = c;
    c.onMessage(onMessage);
    c.onExit((code, signal) => {
      if (child !== c) return;
      child = null;
      const how = signal ? `was stopped (${signal})` : `exited (code ${code})`;
      for (const p of pending.values()) {
        p.resolve(unavailable(`Bursar's core ${how} before answering. If this was a change, it may or may not have been saved; doing it again is safe.`));
      }
      pending.clear();
      if (closing) return;
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > 60_000) restarts.shift();
      const restarting = restarts.length < maxRestarts;
      more.onCrash?.({ code, signal, restarting });
      if (restarting) {
        restarts.push(now);
        state = { state: 'upgrading', step: null };
        start();
      } else {
        const again = maxRestarts > 0 ? ` again after ${maxRestarts} restart${maxRestarts === 1 ? '' : 's'} within a minute` : '';
        state = { state: 'failed', message: `its core ${how}${again}. Close Bursar and open it again; if it keeps happening, the log says why` };
        markFailed(new Error(state.message));
      }
    });
    c.post({ t: 'start', options });
    // The sessions died with the old process: each window's connection starts signed out.
    for (const conn of connections) c.post({ t: 'connect', conn });
  };

  const call = (conn: number | null, channel: string, input: unknown): Promise<Result<unknown>> => {
    const c = child;
    if (!c || closing) return Promise.resolve(closing ? unavailable('Bursar is shutting down') : notReadyReply(state));
    const id = ++nextId;
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      try {
        c.post({ t: 'invoke', id, conn, channel: String(channel), input });
      } catch {
        pending.delete(id);
        resolve({ ok: false, error: { code: 'VALIDATION', message: 'This request cannot be sent to Bursar (it holds something that is not plain data).' } });
      }
    });
  };

  start();

  return {
    ready,
    state: () => state,
    pid: () => child?.pid,
    connect() {
      const conn = ++nextConn;
      connections.add(conn);
      child?.post({ t: 'connect', conn });
      return {
        invoke: (channel, input) => call(conn, channel, input),
        close() {
          if (!connections.delete(conn)) return;
          try {
            child?.post({ t: 'disconnect', conn });
          } catch {
            // the process is gone; nothing to forget
          }
        },
      };
    },
    invoke: (channel, input) => call(null, channel, input),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        const c = child;
        if (!c) return resolve();
        const timer = setTimeout(() => c.kill(), more.closeTimeoutMs ?? 15_000);
        c.onExit(() => {
          clearTimeout(timer);
          resolve();
        });
        try {
          c.post({ t: 'close' });
        } catch {
          c.kill();
        }
      });
      listeners.clear();
      return closing;
    },
  };
}

const here = fileURLToPath(import.meta.url);

/**
 * The core in a Node child process (the browser host, tests, the bench): `child_process.fork`
 * of child.ts (through tsx's loader when running from sources) with structured-clone IPC.
 */
export function forkCore(options: CoreHostOptions, more: CoreClientOptions = {}): CoreProcessHandle {
  const fromSources = here.endsWith('.ts');
  const entry = join(dirname(here), fromSources ? 'child.ts' : 'coreNodeChild.js');
  const execArgv = fromSources ? ['--import', pathToFileURL(createRequire(here).resolve('tsx')).href] : [];
  return connectCoreProcess(() => {
    const child = fork(entry, [], { serialization: 'advanced', execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return {
      pid: child.pid,
      post: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (handler) => child.on('message', (message) => handler(message as FromCore)),
      onExit: (handler) => child.on('exit', (code, signal) => handler(code, signal)),
      kill: () => child.kill('SIGKILL'),
    };
  }, options, more);
}
