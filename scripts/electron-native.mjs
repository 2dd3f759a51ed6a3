// Builds better-sqlite3 for Electron's ABI into out/native/better_sqlite3.node, leaving the
// Node-ABI build in node_modules untouched, so `npm test` (plain Node) keeps working after
// `npm start`. The main process passes this file to better-sqlite3 as `nativeBinding`.
// Packages do not use it: electron-builder rebuilds its own copy of node_modules (npmRebuild).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
const stamp = `electron ${electronVersion} / better-sqlite3 ${sqliteVersion} / ${process.platform}-${process.arch}`;
const outDir = join(root, 'out/native');
const target = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'STAMP');

if (existsSync(target) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  console.log(`native module up to date (${stamp})`);
  process.exit(0);
}

const work = join(root, 'node_modules/.cache/electron-native');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
cpSync(join(root, 'node_modules/better-sqlite3'), join(work, 'node_modules/better-sqlite3'), { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }));

console.log(`building better-sqlite3 for ${stamp} (needs Electron's headers from the network once)…`);
execFileSync(process.execPath, [join(root, 'node_modules/@electron/rebuild/lib/cli.js'), '--version', electronVersion, '--module-dir', work, '--only', 'better-sqlite3', '--force'], { stdio: 'inherit' });

mkdirSync(outDir, { recursive: true });
cpSync(join(work, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), target);
writeFileSync(stampFile, stamp);
console.log(`wrote ${target}`);
