// Bundles the browser host, the core's child process and the store worker into out/webhost as
// plain JavaScript, so starting a host (each E2E test starts one or two) does not load hundreds
// of TypeScript files through tsx's loader. `npm run build` runs it after electron-vite's build;
// electron/corehost/client.ts and electron/store/worker/storeWorkerClient.ts pick the bundled
// siblings (`coreNodeChild.js`, `storeWorker.js`) when they themselves run bundled.
import { build } from 'esbuild';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
await build({
  entryPoints: {
    cli: resolve(root, 'electron/webhost/cli.ts'),
    coreNodeChild: resolve(root, 'electron/corehost/child.ts'),
    storeWorker: resolve(root, 'electron/store/worker/storeWorker.ts'),
  },
  outdir: resolve(root, 'out/webhost'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // better-sqlite3, stripe, fastify and the rest load from node_modules at run time, as in the desktop build.
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
