import { QueryObserver } from '@tanstack/react-query';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BursarApi } from '../../../shared/api';
import { channelKey, invalidatedBy } from '../../../renderer/src/query/invalidation';
import { applyNotice, createQueryClient } from '../../../renderer/src/query/queryClient';
import { ChannelError, readChannel } from '../../../renderer/src/query/useChannelQuery';

/** The window's bridge: counts each read by channel and input, answers at once. */
const reads: string[] = [];
/** While set, `reports:revenue` reads wait for `release()`: a heavy read still in flight. */
let held: (() => void)[] | null = null;
const release = () => {
  for (const go of held?.splice(0) ?? []) go();
};
const api = {
  invoke: (channel: string, input: unknown) => {
    reads.push(`${channel} ${JSON.stringify(input)}`);
    if (channel === 'reports:revenue' && held) {
      const n = reads.length;
      const list = held;
      return new Promise((resolve) => list.push(() => resolve({ ok: true, value: { channel, input, n } })));
    }
    if (channel === 'audit:list') return Promise.resolve({ ok: false, error: { code: 'FORBIDDEN', message: 'Only an admin can do this' } });
    return Promise.resolve({ ok: true, value: { channel, input } });
  },
  onChange: () => () => undefined,
} as unknown as BursarApi;
beforeAll(() => {
  (globalThis as { window?: unknown }).window = { bursar: api };
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});

const client = createQueryClient();
const stops: (() => void)[] = [];
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  client.clear();
  reads.length = 0;
  held = null;
});
const settled = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
/** A read a screen shows: an observer that starts it and keeps it active. */
function show(channel: 'enrollments:list' | 'users:list' | 'settings:get' | 'dashboard:stats' | 'office:status' | 'audit:list' | 'reports:revenue', input: object) {
  const observer = new QueryObserver(client, { queryKey: channelKey(channel, input), queryFn: () => readChannel(channel, input as never) });
  stops.push(observer.subscribe(() => undefined));
  return observer;
}

describe('a read is keyed by [channel, input]', () => {
  it('the key is the channel then the input, and equal inputs share one cache entry', async () => {
    expect(channelKey('enrollments:list', { payerQuery: 'ok', limit: 50 })).toEqual(['enrollments:list', { payerQuery: 'ok', limit: 50 }]);
    show('enrollments:list', { payerQuery: 'ok', limit: 50 });
    show('enrollments:list', { limit: 50, payerQuery: 'ok' });
    show('enrollments:list', { payerQuery: 'oka', limit: 50 });
    await settled();
    expect(reads.sort()).toEqual(['enrollments:list {"payerQuery":"ok","limit":50}', 'enrollments:list {"payerQuery":"oka","limit":50}']);
  });

  it('a refused read is an error state carrying the core\'s words and code', async () => {
    const audit = show('audit:list', {});
    await settled();
    expect(audit.getCurrentResult().isError).toBe(true);
    expect(audit.getCurrentResult().error?.message).toBe('Only an admin can do this');
    const error = audit.getCurrentResult().error;
    expect(error instanceof ChannelError ? error.error.code : null).toBe('FORBIDDEN');
  });
});

describe('which change notices make which reads stale', () => {
  it.each([
    ['payments:recordManual', 'enrollments:list', true],
    ['payments:recordManual', 'dashboard:stats', true],
    ['payments:recordManual', 'audit:list', true],
    ['payments:recordManual', 'settings:get', false],
    ['settings:update', 'settings:get', true],
    ['settings:update', 'reports:revenue', true],
    ['backups:restore', 'settings:get', true],
    ['backups:restore', 'users:list', true],
    ['users:create', 'users:list', true],
    ['users:create', 'audit:list', true],
    ['users:create', 'enrollments:list', false],
    ['mail:saveSettings', 'mail:settings', true],
    ['mail:saveSettings', 'dashboard:stats', false],
    ['reminders:list', 'reminders:list', true],
    ['portal:publish', 'portal:links', true],
    ['portal:publish', 'payments:list', false],
    ['office:status', 'office:status', true],
    ['office:status', 'sync:status', true],
    ['office:status', 'payments:list', false],
    ['office:resolveConflict', 'payments:list', true],
    ['sync:now', 'enrollments:paymentDetails', true],
  ] as const)('%s → %s: %s', (notice, read, stale) => {
    expect(invalidatedBy(notice, channelKey(read, {}))).toBe(stale);
  });

  it('a key that is not a channel read is never touched', () => {
    expect(invalidatedBy('payments:recordManual', ['local-draft'])).toBe(false);
  });

  it('a notice reads again only the shown reads it reaches', async () => {
    show('users:list', {});
    show('enrollments:list', { limit: 50 });
    show('settings:get', {});
    await settled();
    reads.length = 0;
    await applyNotice(client, { channel: 'users:update' });
    expect(reads).toEqual(['users:list {}']);
    reads.length = 0;
    await applyNotice(client, { channel: 'payments:recordManual' });
    expect(reads.sort()).toEqual(['enrollments:list {"limit":50}', 'users:list {}']);
    reads.length = 0;
    await applyNotice(client, { channel: 'settings:update' });
    expect(reads.sort()).toEqual(['enrollments:list {"limit":50}', 'settings:get {}', 'users:list {}']);
  });
});

describe('notices while a heavy read is in flight (another desk\'s pages arriving)', () => {
  it('the read in flight lands, then runs once more: never cancelled by each notice, never starved', async () => {
    const report = show('reports:revenue', { from: '2025-01-01', to: '2025-01-31' });
    await settled();
    expect(reads).toEqual(['reports:revenue {"from":"2025-01-01","to":"2025-01-31"}']);
    held = [];
    reads.length = 0;
    // A page is applied: the report is read again, and takes a while (a notice's promise
    // settles with the reads it started, so none is awaited here).
    void applyNotice(client, { channel: 'payments:recordManual' });
    await settled();
    expect(reads).toHaveLength(1);
    // Ten more pages arrive while it is in flight.
    for (let i = 0; i < 10; i++) {
      void applyNotice(client, { channel: 'payments:recordManual' });
      await settled();
    }
    expect(reads).toHaveLength(1);
    release();
    await settled();
    // The first answer landed (it was not thrown away), and one more read followed for the ten notices.
    expect(reads).toHaveLength(2);
    release();
    await settled();
    expect((report.getCurrentResult().data as unknown as { n: number }).n).toBe(2);
    expect(reads).toHaveLength(2);
  });
});
