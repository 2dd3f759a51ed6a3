import { QueryObserver } from '@tanstack/react-query';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BursarApi } from '../../../shared/api';
import type { OutputOf } from '../../../shared/contract';
import { applyNotice, queryClient } from '../../../renderer/src/query/queryClient';
import { readChannel } from '../../../renderer/src/query/useChannelQuery';
import { currentSettings, SETTINGS_KEY, showSavedSettings } from '../../../renderer/src/stores/settings';

type Settings = OutputOf<'settings:get'>;
const named = (officeName: string): Settings => ({
  officeName, deskCode: 'DESK1', defaultCurrency: 'USD', locale: 'en-US', timeZone: 'UTC', lockAfterMinutes: 15, backupKeepDaily: 14, backupKeepWeekly: 8, lateFeesAutomatic: false, payerLinkDays: 90, officeAddress: '', officeTaxId: '', receiptPaper: 'a5', updatedAt: null,
});

/** The window's bridge (read once by getApi): settings:get answers wait until the test releases them, in any order. */
const held: ((s: Settings) => void)[] = [];
const api = {
  invoke: (channel: string) => {
    if (channel !== 'settings:get') throw new Error(`unexpected ${channel}`);
    return new Promise((resolve) => held.push((s) => resolve({ ok: true, value: s })));
  },
  onChange: () => () => undefined,
} as unknown as BursarApi;
beforeAll(() => {
  (globalThis as { window?: unknown }).window = { bursar: api };
});
afterAll(() => {
  delete (globalThis as { window?: unknown }).window;
});
afterEach(() => {
  stop?.();
  held.length = 0;
  queryClient.clear();
});

/** A shown settings read, as the top bar keeps one: subscribing starts the first read. */
let stop: (() => void) | null = null;
const watch = () => {
  stop = new QueryObserver(queryClient, { queryKey: SETTINGS_KEY, queryFn: () => readChannel('settings:get', {}), staleTime: Infinity }).subscribe(() => undefined);
};
const settled = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('the settings read keeps the newest answer (TanStack Query, no counter)', () => {
  it('an older read answered last does not overwrite the one a newer notice started', async () => {
    watch();
    await settled();
    void applyNotice(queryClient, { channel: 'backups:restore' });
    await settled();
    expect(held).toHaveLength(2);
    held[1]?.(named('After the restore'));
    await settled();
    held[0]?.(named('Before the restore'));
    await settled();
    expect(currentSettings()?.officeName).toBe('After the restore');
  });

  it('a read started before a save does not bring the old settings back', async () => {
    watch();
    await settled();
    await showSavedSettings(named('Saved just now'));
    held[0]?.(named('Read before the save'));
    await settled();
    expect(currentSettings()?.officeName).toBe('Saved just now');
  });
});
