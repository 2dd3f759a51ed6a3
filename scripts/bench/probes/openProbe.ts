/**
 * Run in a fresh process: opens the core on a data folder and prints one JSON line with
 * the open time and the process's RSS, so the figures carry no benchmark-runner memory.
 */
import { performance } from 'node:perf_hooks';
import { createCore } from '../../../electron/core';
import { sql } from '../../../electron/store/sql';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: openProbe <dataDir>');
const mb = (n: number) => n / (1024 * 1024);
const rssBefore = process.memoryUsage().rss;
const t0 = performance.now();
const core = createCore({ dataDir, checkOutput: false, version: 'probe' });
const openMs = performance.now() - t0;
const rssOpen = process.memoryUsage().rss;
const admin = core.store.get<{ id: string }>(sql`SELECT id FROM users WHERE role = 'admin' AND active = 1 ORDER BY created_at LIMIT 1`);
if (admin) {
  const session = core.sessionFor(admin.id);
  // The first screens a desk shows after start (an admin lands on the dashboard).
  for (const channel of ['app:info', 'settings:get', 'dashboard:stats']) {
    const r = await core.invoke(channel, {}, session);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
  }
}
const rssAfter = process.memoryUsage().rss;
core.close();
const integrityChecked = core.store.integrityChecked;
process.stdout.write(`${JSON.stringify({ openMs, integrityChecked, rssBaseMb: mb(rssBefore), rssOpenMb: mb(rssOpen), rssAfterQueriesMb: mb(rssAfter) })}\n`);
