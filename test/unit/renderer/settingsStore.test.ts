import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BursarApi } from '../../../shared/api';
import type { OutputOf } from '../../../shared/contract';
import { useSettings } from '../../../renderer/src/stores/settings';

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
  held.length = 0;
  useSettings.setState({ settings: null });
});

describe('the settings store keeps the newest answer', () => {
  it('an older load answered last does not overwrite a newer one', async () => {
    const older = useSettings.getState().load();
    const newer = useSettings.getState().load();
    held[1]?.(named('After the restore'));
    await newer;
    held[0]?.(named('Before the restore'));
    await older;
    expect(useSettings.getState().settings?.officeName).toBe('After the restore');
  });

  it('a load started before a save does not bring the old settings back', async () => {
    const load = useSettings.getState().load();
    useSettings.getState().set(named('Saved just now'));
    held[0]?.(named('Read before the save'));
    await load;
    expect(useSettings.getState().settings?.officeName).toBe('Saved just now');
  });
});
