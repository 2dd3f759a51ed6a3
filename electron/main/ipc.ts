import { ipcMain, webContents } from 'electron';
import type { WebContents } from 'electron';
import { CHANGE_EVENT } from '../../shared/api';
import { channelNames } from '../../shared/contract';
import type { Connection, Core } from '../core';
import { isAppUrl } from './security';

/**
 * Registers every contract channel with ipcMain.handle. Each window gets its own
 * connection (its own signed-in session); input is validated by the core's invoke.
 */
export function registerIpc(core: Core, devServerUrl: string | undefined): () => void {
  const connections = new Map<number, Connection>();
  const connectionFor = (sender: WebContents): Connection => {
    let conn = connections.get(sender.id);
    if (!conn) {
      conn = core.connect();
      connections.set(sender.id, conn);
      sender.once('destroyed', () => connections.delete(sender.id));
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
