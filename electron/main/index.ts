import { join } from 'node:path';
import { BrowserWindow, app, safeStorage } from 'electron';
import type { CoreProcessHandle } from '../corehost/client';
import { createFileSecretStore, plainCipher, secretNames } from '../secrets/secretStore';
import type { SecretCipher } from '../secrets/secretStore';
import { forkUtilityCore } from './coreProcess';
import { registerIpc } from './ipc';
import { electronNativeBinding, resolveDataDir } from './paths';
import { installSecurity } from './security';
import { windowOptions } from './windowOptions';

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
let core: CoreProcessHandle | undefined;
let closedCleanly = false;
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
    // safeStorage exists only in this process: the secrets are decrypted here, handed to the
    // core, and each change the core makes is encrypted and written back here.
    const secrets = createFileSecretStore(join(dataDir, 'secrets'), cipher);
    const values = Object.fromEntries(secretNames.flatMap((name) => {
      const value = secrets.get(name);
      return value === null ? [] : [[name, value]];
    }));
    // The core runs in a utility process, so applying a week of another desk's work never
    // stalls the window or IPC. An older store is upgraded there (in its store worker) while
    // the window shows each step.
    const nativeBinding = app.isPackaged ? undefined : electronNativeBinding(app.getAppPath());
    core = forkUtilityCore(__dirname, {
      dataDir,
      secrets: { encrypted: cipher.encrypted, values },
      version: app.getVersion(),
      ...(nativeBinding ? { nativeBinding } : {}),
      checkOutput: !app.isPackaged,
      backgroundJobs: true,
    }, {
      onSecret: (name, value) => secrets.set(name, value),
      onCrash: ({ code, restarting }) => console.error(`Bursar's core stopped unexpectedly (exit code ${code}); ${restarting ? 'restarting it' : 'giving up'}`),
    });
    core.ready.catch((e: unknown) => console.error('Bursar could not open its data', e));
    registerIpc(core, devServerUrl);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quit waits for the core to close its store cleanly (its process ends after that).
  app.on('will-quit', (event) => {
    if (!core || closedCleanly) return;
    event.preventDefault();
    void core.close().finally(() => {
      closedCleanly = true;
      app.quit();
    });
  });
}
