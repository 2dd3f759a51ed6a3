import type { Result } from '../../shared/result';
import type { Connection, CoreOptions } from '../core';
import { notReadyReply, startCore } from '../core/startCore';
import type { StartingCore } from '../core/startCore';
import type { SecretName, SecretStore } from '../secrets/secretStore';
import type { CoreHostOptions, CorePort, FromCore, ToCore } from './protocol';

const internal = (message: string): Result<unknown> => ({ ok: false, error: { code: 'INTERNAL', message } });

/** Secrets the shell holds (Electron's safeStorage lives in the main process): read from memory, written through to the shell. */
function shellSecrets(given: NonNullable<CoreHostOptions['secrets']>, post: (m: FromCore) => void): SecretStore {
  const values = new Map<SecretName, string | null>(Object.entries(given.values) as [SecretName, string][]);
  return {
    encrypted: given.encrypted,
    get: (name) => values.get(name) ?? null,
    set(name, value) {
      values.set(name, value);
      post({ t: 'secret', name, value });
    },
  };
}

/**
 * The core's side of the channel, in the core's own process: opens the core on `start`
 * (upgrading the store in the store worker first, each step told to the shell), answers
 * `invoke` on the connection the shell named, forwards change notices, and on `close` closes
 * the store cleanly and ends the process. The transport (Node IPC, Electron's parentPort) is
 * the caller's.
 */
export function serveCore(port: CorePort): { close(): void } {
  let starting: StartingCore | null = null;
  let closing = false;
  /** Connections the shell opened; each becomes a core connection at its first call after open. */
  const opened = new Map<number, Connection | null>();
  const post = (message: FromCore) => {
    try {
      port.post(message);
    } catch {
      // The shell is gone; `disconnect` ends this process.
    }
  };

  const start = (options: CoreHostOptions) => {
    if (starting) return;
    const coreOptions: CoreOptions = {
      dataDir: options.dataDir,
      ...(options.version !== undefined ? { version: options.version } : {}),
      ...(options.nativeBinding !== undefined ? { nativeBinding: options.nativeBinding } : {}),
      ...(options.checkOutput !== undefined ? { checkOutput: options.checkOutput } : {}),
      ...(options.backgroundJobs !== undefined ? { backgroundJobs: options.backgroundJobs } : {}),
      ...(options.firstBackupDelayMs !== undefined ? { firstBackupDelayMs: options.firstBackupDelayMs } : {}),
      ...(options.secrets ? { secrets: shellSecrets(options.secrets, post) } : {}),
    };
    const s = startCore(coreOptions, { onStep: () => post({ t: 'state', state: s.state() }) });
    starting = s;
    post({ t: 'state', state: s.state() });
    s.ready.then(
      (core) => {
        core.subscribe((notice) => post({ t: 'notice', notice }));
        post({ t: 'state', state: s.state() });
      },
      () => post({ t: 'state', state: s.state() }),
    );
  };

  const answer = async (message: Extract<ToCore, { t: 'invoke' }>): Promise<Result<unknown>> => {
    const core = starting?.current();
    if (!starting || !core) return notReadyReply(starting?.state() ?? { state: 'upgrading', step: null });
    if (message.conn === null) return core.invoke(message.channel, message.input);
    if (!opened.has(message.conn)) return { ok: false, error: { code: 'FORBIDDEN', message: 'Please sign in first' } };
    let conn = opened.get(message.conn) ?? null;
    if (!conn) {
      conn = core.connect();
      opened.set(message.conn, conn);
    }
    return conn.invoke(message.channel, message.input);
  };

  const close = () => {
    if (closing) return;
    closing = true;
    try {
      starting?.current()?.close();
    } finally {
      post({ t: 'closed' });
      port.exit(0);
    }
  };

  port.listen((message) => {
    switch (message.t) {
      case 'start':
        return start(message.options);
      case 'connect':
        opened.set(message.conn, null);
        return;
      case 'disconnect':
        opened.delete(message.conn);
        return;
      case 'invoke':
        void answer(message).then(
          (result) => {
            try {
              port.post({ t: 'reply', id: message.id, result });
            } catch {
              // An answer that cannot be cloned is a bug in a handler; the caller still gets an answer.
              post({ t: 'reply', id: message.id, result: internal('Something went wrong inside Bursar; the error was logged.') });
            }
          },
          (e: unknown) => {
            console.error('[bursar core] invoke failed', e);
            post({ t: 'reply', id: message.id, result: internal('Something went wrong inside Bursar; the error was logged.') });
          },
        );
        return;
      case 'close':
        return close();
    }
  });
  return { close };
}
