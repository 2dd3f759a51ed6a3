import { join } from 'node:path';
import { utilityProcess } from 'electron';
import { connectCoreProcess } from '../corehost/client';
import type { CoreClientOptions, CoreProcessHandle } from '../corehost/client';
import type { CoreHostOptions, FromCore } from '../corehost/protocol';

/**
 * The desk's core in an Electron utility process (`coreChild.js`, built beside index.js from
 * electron/corehost/utilityChild.ts). Only the transport is Electron's: the messages, the
 * sessions kept in the core, crash handling and restarts are electron/corehost's, the same as
 * the browser host's Node child. Call after `app.whenReady()` (utilityProcess needs it).
 */
export function forkUtilityCore(mainDir: string, options: CoreHostOptions, more: CoreClientOptions = {}): CoreProcessHandle {
  return connectCoreProcess(() => {
    const child = utilityProcess.fork(join(mainDir, 'coreChild.js'), [], { serviceName: 'Bursar core', stdio: 'inherit' });
    return {
      get pid() {
        return child.pid;
      },
      post: (message) => child.postMessage(message),
      onMessage: (handler) => child.on('message', (message: FromCore) => handler(message)),
      // A utility process reports only its exit code (a crash is a non-zero one).
      onExit: (handler) => child.on('exit', (code) => handler(code, null)),
      kill: () => {
        child.kill();
      },
    };
  }, options, more);
}
