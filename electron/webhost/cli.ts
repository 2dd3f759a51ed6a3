import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { forkCore } from '../corehost/client';
import type { CoreHandle } from '../corehost/coreHandle';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    renderer: { type: 'string' },
    json: { type: 'boolean', default: false },
    // Benchmarks time the screens alone: no backup of a multi-GB store starting under them.
    'no-background-jobs': { type: 'boolean', default: false },
    // The core runs in its own process; this keeps it in the host's (to compare, or to debug).
    'core-in-process': { type: 'boolean', default: false },
  },
});

const root = resolve(import.meta.dirname, '../..');
const rendererDir = resolve(values.renderer ?? join(root, 'out/renderer'));
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.error(`No built renderer in ${rendererDir}. Run \`npm run build\` first (npm run start:web does).`);
  process.exit(1);
}
const dataDir = resolve(values['data-dir'] ?? process.env.BURSAR_DATA_DIR ?? join(root, '.bursar-data'));
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
// Like the desktop app: daily backups, relay sync and the Stripe outbox run in the background.
// BURSAR_FIRST_BACKUP_DELAY_MS: when the first daily-backup run starts (E2E tests shorten it).
const firstBackupDelay = Number(process.env.BURSAR_FIRST_BACKUP_DELAY_MS);
const coreOptions = {
  dataDir,
  version,
  backgroundJobs: !values['no-background-jobs'],
  ...(Number.isSafeInteger(firstBackupDelay) && firstBackupDelay >= 0 ? { firstBackupDelayMs: firstBackupDelay } : {}),
};
// The core runs in its own process (a long write there never stalls this one's answers); an
// older store is upgraded in its store worker first, and the page shows each step meanwhile.
// This process loads the core's code only when it runs the core itself.
const core: CoreHandle = values['core-in-process']
  ? await import('../core/startCore').then(async ({ startCore }) => (await import('../corehost/coreHandle')).inProcessCore(startCore(coreOptions)))
  : forkCore(coreOptions, {
    onCrash: ({ code, signal, restarting }) =>
      console.error(`Bursar's core stopped unexpectedly (${signal ?? `exit code ${code}`}); ${restarting ? 'restarting it: sign in again' : 'giving up: restart the host'}.`),
  });
const host = await startWebHost({ core, rendererDir, port: values.port ? Number(values.port) : 0 });

core.ready.catch((e: unknown) => console.error(`Bursar could not open its data: ${(e as Error).message}`));

if (values.json) {
  console.log(JSON.stringify({ url: host.url, port: host.port, dataDir }));
} else {
  console.log(`Bursar browser host — data in ${dataDir}`);
  console.log(`Open this URL in Chromium (it carries this run's access token):\n\n  ${host.url}\n`);
}

// A graceful stop closes the store cleanly (the core's process exits after it).
const shutdown = () => {
  void host.close().then(() => core.close()).then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
