/**
 * Run as a child process (as an unprivileged user when the tests run as root, since root
 * ignores file modes): opens the core on a data folder it may not write to and reports,
 * as one JSON line, what opening and a write and a read answered.
 */
import { createCore } from '../../../electron/core';
import { sql } from '../../../electron/store/sql';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: readOnlyChild <dataDir>');
const report: Record<string, unknown> = {};
try {
  const core = createCore({ dataDir, busyTimeoutMs: 200, logError: () => {} });
  report.open = { ok: true };
  const admin = core.store.get<{ id: string }>(sql`SELECT id FROM users WHERE role = 'admin' LIMIT 1`);
  const session = admin ? core.sessionFor(admin.id) : null;
  report.write = await core.invoke('settings:update', { requestId: 'readonly-probe-0001', patch: { officeName: 'Written while read-only' } }, session);
  report.read = await core.invoke('settings:get', {}, session);
  core.close();
} catch (e) {
  report.open = { ok: false, name: (e as Error).name, code: (e as { code?: string }).code ?? null, message: (e as Error).message };
}
process.stdout.write(`${JSON.stringify(report)}\n`);
