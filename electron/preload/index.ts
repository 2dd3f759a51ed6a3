import { contextBridge, ipcRenderer } from 'electron';
import { CHANGE_EVENT } from '../../shared/api';
import type { BursarApi, ChangeNotice } from '../../shared/api';
import { channelNames } from '../../shared/contract';

const allowed = new Set<string>(channelNames);

/**
 * The renderer's only door to the core: `invoke` for the channels the contract names
 * (each registered in main with ipcMain.handle under the same name), and change notices.
 * Nothing else of Electron or Node reaches the page.
 */
const bursar = {
  invoke: (channel, input) => {
    if (!allowed.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'NOT_FOUND', message: `Unknown channel ${String(channel)}` } });
    }
    return ipcRenderer.invoke(channel, input);
  },
  onChange: (listener: (notice: ChangeNotice) => void) => {
    const handler = (_event: Electron.IpcRendererEvent, notice: ChangeNotice) => listener(notice);
    ipcRenderer.on(CHANGE_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(CHANGE_EVENT, handler);
    };
  },
} satisfies BursarApi;

contextBridge.exposeInMainWorld('bursar', bursar);
