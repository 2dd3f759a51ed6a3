import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/core';
import { applyEvent } from '../../../electron/sync/applyEvent';
import { stripeEventPayload } from '../../../scripts/lib/stripeEvents';
import { runDeskApplyCrash, verifyDeskApply } from './deskApplySuite';
import type { DeskApplyStats } from './deskApplySuite';

const KILLS = Number(process.env.DESK_CRASH_KILLS ?? 20);

describe('desk killed mid-apply', () => {
  it(`${KILLS} SIGKILLs while applying relay events leave every event up to the stored cursor applied exactly once`, async () => {
    const seed = process.env.CRASH_SEED ? Number(process.env.CRASH_SEED) : Math.floor(Math.random() * 2 ** 31);
    const stats = await runDeskApplyCrash({ kills: KILLS, seed, verifyEvery: 5 });
    console.log(`desk apply crash: ${stats.kills} kills, cursor ${stats.cursor} (${stats.applied} events applied, ${stats.redelivered} re-delivered after restarts), ${stats.verifications} verifications, ${stats.problems.length} problems, seed ${seed}, ${(stats.ms / 1000).toFixed(1)} s`);
    expect(stats.problems).toEqual([]);
    expect(stats.kills).toBe(KILLS);
    expect(stats.cursor).toBeGreaterThan(KILLS);
  }, 120_000);

  it('the check names a gap, a double and a lost acknowledged apply', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bursar-desk-check-'));
    try {
      const core = createCore({ dataDir, checkOutput: false });
      for (let c = 1; c <= 5; c++) applyEvent(core.store, core.services.eventHandlers, () => new Date(), stripeEventPayload('crash', c), 'relay', c);
      const stats = (acknowledged: number): DeskApplyStats => ({ seed: 0, kills: 0, acknowledged, cursor: 0, applied: 0, redelivered: 0, verifications: 0, problems: [], ms: 0 });
      expect(verifyDeskApply(dataDir, stats(5))).toEqual([]);
      expect(verifyDeskApply(dataDir, stats(6)).join('\n')).toMatch(/behind the committed cursor 6/);
      core.store.raw.prepare(`DELETE FROM processed_events WHERE relay_cursor = 3`).run();
      expect(verifyDeskApply(dataDir, stats(5)).join('\n')).toMatch(/cursor 3 was never applied/);
      core.store.raw.prepare(`INSERT INTO processed_events (event_id, type, object_id, created, source, relay_cursor, outcome, payload_json, applied_at) VALUES ('evt_other', 'x', NULL, 1, 'relay', 4, 'ignored', '{}', 'now')`).run();
      core.store.raw.prepare(`INSERT INTO processed_events (event_id, type, object_id, created, source, relay_cursor, outcome, payload_json, applied_at) VALUES ('evt_extra', 'x', NULL, 1, 'relay', 9, 'ignored', '{}', 'now')`).run();
      const problems = verifyDeskApply(dataDir, stats(5)).join('\n');
      expect(problems).toMatch(/cursor 4 applied twice/);
      expect(problems).toMatch(/beyond the stored cursor 5/);
      core.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
