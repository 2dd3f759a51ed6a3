import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // Whole-store checks and upgrades run in a worker thread; storeWorkerClient.ts loads this file beside index.js.
          storeWorker: resolve(__dirname, 'electron/store/worker/storeWorker.ts'),
          // The core's utility process; electron/main/coreProcess.ts forks this file beside index.js.
          coreChild: resolve(__dirname, 'electron/corehost/utilityChild.ts'),
        },
      },
      // better-sqlite3, stripe and the rest load from node_modules at run time.
      externalizeDeps: true,
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      lib: { entry: resolve(__dirname, 'electron/preload/index.ts') },
      // A sandboxed preload can require only `electron`: bundle everything else (zod, the contract).
      externalizeDeps: false,
      rolldownOptions: {
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rolldownOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
