import { serveCore } from './serveCore';
import type { FromCore, ToCore } from './protocol';

/**
 * The core's process in the browser host and tests: started by `forkCore` (client.ts) with
 * `child_process.fork` and `serialization: 'advanced'`. When the shell goes away without a
 * `close` (killed), the IPC channel disconnects and the core closes its store before exiting.
 */
if (!process.send) throw new Error('electron/corehost/child.ts runs as a forked child (forkCore)');
const send = process.send.bind(process);
/** Messages handed to the channel but not yet written: exit waits for them (the last is `closed`). */
let unsent = 0;
let exitCode: number | null = null;
const exitWhenSent = () => {
  if (exitCode !== null && unsent === 0) process.exit(exitCode);
};

const served = serveCore({
  post: (message: FromCore) => {
    if (!process.connected) return;
    unsent += 1;
    send(message, undefined, undefined, () => {
      unsent -= 1;
      exitWhenSent();
    });
  },
  listen: (handler) => process.on('message', (message) => handler(message as ToCore)),
  exit: (code) => {
    exitCode = code;
    if (!process.connected) unsent = 0;
    exitWhenSent();
  },
});

process.on('disconnect', () => {
  unsent = 0;
  served.close();
});
