import { ipcMain, webContents } from 'electron';
import type { WebContents } from 'electron';
import { CHANGE_EVENT } from '../../shared/api';
import { channelNames } from '../../shared/contract';
import type { Connection, Core } from '../core';
import { notReadyReply } from '../core/startCore';
import type { StartingCore } from '../core/startCore';
import { isAppUrl } from './security';

/**
 * Registers every contract channel with ipcMain.handle. Each window gets its own
 * connection (its own signed-in session); input is validated by the core's invoke. Until
 * the core is open (an upgrade at start), calls are answered with its progress.
 */
export function registerIpc(starting: StartingCore, devServerUrl: string | undefined): () => void {
  const connections = new Map<number, Connection>();
  const connectionFor = (core: Core, sender: WebContents): Connection => {
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
      const core = starting.current();
      if (!core) return notReadyReply(starting.state());
      return connectionFor(core, event.sender).invoke(channel, input);
    });
  }

  let unsubscribe: () => void = () => undefined;
  void starting.ready.then((core) => {
    unsubscribe = core.subscribe((notice) => {
      for (const id of connections.keys()) {
        const wc = webContentsById(id);
        wc?.send(CHANGE_EVENT, notice);
      }
    });
  }, () => undefined);

  return () => {
    unsubscribe();
    for (const channel of channelNames) ipcMain.removeHandler(channel);
  };
}

const webContentsById = (id: number): WebContents | undefined => webContents.fromId(id) ?? undefined;
