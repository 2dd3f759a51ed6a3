import { QueryObserver } from '@tanstack/react-query';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BursarApi } from '../../../shared/api';
import { channelKey, invalidatedBy } from '../../../renderer/src/query/invalidation';
import { applyNotice, createQueryClient } from '../../../renderer/src/query/queryClient';
import { ChannelError, readChannel } from '../../../renderer/src/query/useChannelQuery';

/** The window's bridge: counts each read by channel and input, answers at once. */
const reads: string[] = [];
const api = {
  invoke: (channel: string, input: unknown) => {
    reads.push(`${channel} ${JSON.stringify(input)}`);
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
});
const settled = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};
/** A read a screen shows: an observer that starts it and keeps it active. */
function show(channel: 'enrollments:list' | 'users:list' | 'settings:get' | 'dashboard:stats' | 'office:status' | 'audit:list', input: object) {
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
