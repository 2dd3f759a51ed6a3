import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `BURSAR_DATA_DIR` wins (tests, portable installs); otherwise Electron's userData folder. */
export function resolveDataDir(userData: string, env: NodeJS.ProcessEnv = process.env): string {
  const override = env.BURSAR_DATA_DIR?.trim();
  return override ? override : join(userData, 'data');
}

/**
 * better-sqlite3 built for Electron's ABI lives apart from the Node build that tests use
 * (see scripts/electron-native.mjs): in development under out/native, in a package where
 * electron-builder rebuilt node_modules itself (then no override is needed).
 */
export function electronNativeBinding(appRoot: string): string | undefined {
  const candidate = join(appRoot, 'out', 'native', 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}
