import { join } from 'node:path';
import { BrowserWindow, app, safeStorage } from 'electron';
import { startCore } from '../core/startCore';
import type { StartingCore } from '../core/startCore';
import { createFileSecretStore, plainCipher } from '../secrets/secretStore';
import type { SecretCipher } from '../secrets/secretStore';
import { registerIpc } from './ipc';
import { electronNativeBinding, resolveDataDir } from './paths';
import { installSecurity } from './security';
import { windowOptions } from './windowOptions';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
let starting: StartingCore | undefined;
let mainWindow: BrowserWindow | null = null;

function createWindow(): void {
  mainWindow = new BrowserWindow(windowOptions(join(__dirname, '../preload/index.cjs')));
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadFile(join(__dirname, '../renderer/index.html'));
}

// One desk, one process: a second launch focuses the running window instead of opening the database twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  void app.whenReady().then(() => {
    installSecurity(devServerUrl);
    const dataDir = resolveDataDir(app.getPath('userData'));
    // The Stripe key and the relay token are encrypted by the OS key store where there is one.
    const cipher: SecretCipher = safeStorage.isEncryptionAvailable()
      ? { encrypted: true, encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (data) => safeStorage.decryptString(data) }
      : plainCipher;
    // An older store is upgraded in the store worker while the window shows each step.
    starting = startCore({
      dataDir,
      secrets: createFileSecretStore(join(dataDir, 'secrets'), cipher),
      version: app.getVersion(),
      nativeBinding: app.isPackaged ? undefined : electronNativeBinding(app.getAppPath()),
      checkOutput: !app.isPackaged,
      backgroundJobs: true,
    });
    starting.ready.catch((e: unknown) => console.error('Bursar could not open its data', e));
    registerIpc(starting, devServerUrl);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => starting?.current()?.close());
}
