import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core';
import { seedCatalog } from '../seed/catalogSeed';

// Seeding rate per 10k slice (does it hold as the store grows?); N enrollments, optional CACHE_KB page cache.
const dataDir = mkdtempSync(join(tmpdir(), 'bursar-probe-'));
const core = createCore({ dataDir, checkOutput: false });
if (process.env.CACHE_KB) core.store.raw.pragma(`cache_size = -${process.env.CACHE_KB}`);
const conn = core.connect();
await conn.invoke('auth:setup', { requestId: 'probe-setup-1', username: 'probe', displayName: 'P', password: 'probe-pass' });
const admin = conn.session();
if (!admin) throw new Error('no session');
let last = performance.now();
await seedCatalog(core, admin, { enrollments: Number(process.env.N ?? 40_000), onProgress: (n) => {
  if (n % 10_000 === 0) {
    const now = performance.now();
    console.log(`${n}: ${Math.round(10_000 / ((now - last) / 1000))}/s`);
    last = now;
  }
} });
core.close();
rmSync(dataDir, { recursive: true, force: true });
