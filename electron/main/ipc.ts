import { ipcMain, webContents } from 'electron';
import type { WebContents } from 'electron';
import { CHANGE_EVENT } from '../../shared/api';
import { channelNames } from '../../shared/contract';
import type { CoreHandle, HostConnection } from '../corehost/coreHandle';
import { isAppUrl } from './security';

/**
 * Registers every contract channel with ipcMain.handle. Each window gets its own
 * connection (its own signed-in session, kept in the core's process); input is validated by
 * the core's invoke. Until the core is open (an upgrade at start, a restart after a crash),
 * calls are answered with its progress. This process only relays: however long the core
 * works, the windows' IPC and this event loop stay free.
 */
export function registerIpc(core: CoreHandle, devServerUrl: string | undefined): () => void {
  const connections = new Map<number, HostConnection>();
  const connectionFor = (sender: WebContents): HostConnection => {
    let conn = connections.get(sender.id);
    if (!conn) {
      const opened = core.connect();
      conn = opened;
      connections.set(sender.id, opened);
      sender.once('destroyed', () => {
        connections.delete(sender.id);
        opened.close();
      });
    }
    return conn;
  };

  for (const channel of channelNames) {
    ipcMain.handle(channel, (event, input: unknown) => {
      // Only our own top-level page may call in; an injected frame or a navigated page may not.
      const frameUrl = event.senderFrame?.url ?? '';
      if (!isAppUrl(frameUrl, devServerUrl) || event.senderFrame?.parent) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the Bursar window only' } };
      }
      return connectionFor(event.sender).invoke(channel, input);
    });
  }

  const unsubscribe = core.subscribe((notice) => {
    for (const id of connections.keys()) {
      const wc = webContentsById(id);
      wc?.send(CHANGE_EVENT, notice);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}

const webContentsById = (id: number): WebContents | undefined => webContents.fromId(id) ?? undefined;
