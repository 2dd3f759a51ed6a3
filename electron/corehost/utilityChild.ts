import { serveCore } from './serveCore';
import type { ToCore } from './protocol';

/**
 * The core's process on the desktop: an Electron utility process started by
 * electron/main/coreProcess.ts, talking to the main process over `process.parentPort`
 * (typed by Electron's own declarations; nothing here imports `electron`). Electron ends a
 * utility process with the app; the main process asks for a clean close first, at will-quit.
 */
const parent = process.parentPort;
serveCore({
  post: (message) => parent.postMessage(message),
  listen: (handler) => parent.on('message', (event) => handler(event.data as ToCore)),
  exit: (code) => process.exit(code),
});
