import { sql } from '../../../../electron/store/sql';
import type { CrashWorkload } from './types';

const PREFIX = 'crash-settings-';
const patchOf = (i: number) => ({ officeName: `Crash office ${i}`, lockAfterMinutes: i % 1441 });

/**
 * Settings updates: each writes two settings rows, an audit entry and a requests row in
 * one transaction. After any kill the stored settings must be exactly the patch of the
 * last committed request — both rows, never one without the other.
 */
export const settingsWorkload: CrashWorkload = {
  name: 'settings',
  step: (i) => ({ requestId: `${PREFIX}${i}`, channel: 'settings:update', input: { requestId: `${PREFIX}${i}`, patch: patchOf(i) } }),
  verify(store, acknowledged) {
    const problems: string[] = [];
    const committed = store.all<{ request_id: string }>(sql`SELECT request_id FROM requests WHERE request_id LIKE ${`${PREFIX}%`}`).map((r) => Number(r.request_id.slice(PREFIX.length)));
    const committedSet = new Set(committed);
    for (const ack of acknowledged) if (!committedSet.has(ack.i)) problems.push(`settings ${ack.i} was acknowledged but is not stored`);

    // Each committed request's audit entry names exactly its own patch.
    const audits = store.all<{ request_id: string; after_json: string | null }>(sql`SELECT request_id, after_json FROM audit_log WHERE request_id LIKE ${`${PREFIX}%`} AND action = 'settings.update'`);
    const perRequest = new Map<string, number>();
    for (const a of audits) {
      perRequest.set(a.request_id, (perRequest.get(a.request_id) ?? 0) + 1);
      const i = Number(a.request_id.slice(PREFIX.length));
      const after = JSON.parse(a.after_json ?? '{}') as { officeName?: string; lockAfterMinutes?: number };
      const want = patchOf(i);
      if (after.officeName !== want.officeName || after.lockAfterMinutes !== want.lockAfterMinutes) problems.push(`audit entry of settings ${i} holds ${a.after_json}`);
    }
    for (const i of committed) if (perRequest.get(`${PREFIX}${i}`) !== 1) problems.push(`settings ${i} has ${perRequest.get(`${PREFIX}${i}`) ?? 0} audit entries, expected 1`);

    if (committed.length > 0) {
      const last = Math.max(...committed);
      const rows = new Map(store.all<{ key: string; value: string }>(sql`SELECT key, value FROM settings`).map((r) => [r.key, JSON.parse(r.value) as unknown]));
      const want = patchOf(last);
      if (rows.get('officeName') !== want.officeName || rows.get('lockAfterMinutes') !== want.lockAfterMinutes) {
        problems.push(`stored settings ${JSON.stringify(Object.fromEntries(rows))} are not the last committed patch (settings ${last}): half-written`);
      }
    }
    return problems;
  },
};
