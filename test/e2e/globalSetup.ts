import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * Before any spec: the browser host is bundled from the current sources (a second, so a spec
 * never runs an old host), and the renderer must have been built (`npm run build`).
 */
export default function globalSetup(): void {
  execFileSync(process.execPath, [join(root, 'scripts/build/webhost.mjs')], { cwd: root, stdio: 'inherit' });
  if (!existsSync(join(root, 'out/renderer/index.html'))) throw new Error('No built renderer in out/renderer: run `npm run build` first (npm test and npm run test:e2e do).');
}
